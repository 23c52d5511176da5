package be.belfort.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.monitor.MonitorConfig;
import be.belfort.surge.SurgeRules;
import be.belfort.surge.SurgeRulesLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two phases of the pipeline benchmark run different jobs: production settings for throughput, short buckets for latency. */
class PipelineBenchmarkTest {
    private static final Path SHIPPED_RULES = Path.of(System.getProperty("belfort.rules.dir", "../rules"));
    private static final String BROKER = "localhost:9092";

    private static PipelineBenchmark.Options options(Path rules, Optional<Duration> checkpoints, Map<String, String> settings) {
        return new PipelineBenchmark.Options(100_000, rules, 2, checkpoints, Duration.ofSeconds(20), 0, settings);
    }

    @Test
    void throughputPhaseRunsTheJobAsDeployed() {
        MonitorConfig cfg = PipelineBenchmark.throughputConfig(options(SHIPPED_RULES, Optional.empty(), Map.of()), BROKER);
        SurgeRules shipped = SurgeRulesLoader.loadFrom(SHIPPED_RULES).rules();

        assertEquals(Duration.ofMinutes(5), cfg.surge().bucket());
        assertEquals(shipped.minCount(), cfg.surge().minCount());
        assertEquals(shipped.consecutive(), cfg.surge().consecutive());
        assertEquals(Duration.ofSeconds(10), cfg.checkpointInterval());
        assertEquals(Duration.ofSeconds(30), cfg.outOfOrderness());
        assertEquals(Duration.ofMinutes(1), cfg.idleness());
        assertTrue(cfg.kafka().hotReload() && cfg.kafka().operatorFeedback() && cfg.kafka().lateOutput(),
                "a deployment reads rule updates and operator actions and writes late hits");
        assertEquals(2, cfg.parallelism());
        assertTrue(PipelineBenchmark.summary(cfg).contains("surge.bucket=5m"), PipelineBenchmark.summary(cfg));
        assertTrue(PipelineBenchmark.summary(cfg).contains("checkpoint.interval=10s"), PipelineBenchmark.summary(cfg));
    }

    @Test
    void throughputThresholdsComeFromTheRulesFolderAndLatencyThresholdsFromTheMarkers(@TempDir Path rules) throws Exception {
        Files.writeString(rules.resolve(SurgeRulesLoader.FILE), "min_count: 7\npatterns:\n  surge:\n    consecutive: 3\n");
        PipelineBenchmark.Options o = options(rules, Optional.empty(), Map.of());

        MonitorConfig throughput = PipelineBenchmark.throughputConfig(o, BROKER);
        assertEquals(7, throughput.surge().minCount());
        assertEquals(3, throughput.surge().consecutive());

        MonitorConfig latency = PipelineBenchmark.latencyConfig(o, BROKER);
        assertEquals(20, latency.surge().minCount(), "below the 25 posts per place of a marker fight");
        assertEquals(1, latency.surge().consecutive());
    }

    @Test
    void latencyPhaseIsAFreshJobWithShortBucketsAndCheckpoints() {
        PipelineBenchmark.Options o = options(SHIPPED_RULES, Optional.empty(), Map.of());
        MonitorConfig latency = PipelineBenchmark.latencyConfig(o, BROKER);
        MonitorConfig throughput = PipelineBenchmark.throughputConfig(o, BROKER);

        assertEquals(Duration.ofSeconds(1), latency.surge().bucket());
        assertEquals(Duration.ofSeconds(1), latency.checkpointInterval());
        assertEquals(Duration.ofMillis(500), latency.outOfOrderness());
        assertFalse(latency.kafka().hotReload() || latency.kafka().operatorFeedback());

        MonitorConfig.Kafka t = throughput.kafka();
        MonitorConfig.Kafka l = latency.kafka();
        assertFalse(t.groupId().equals(l.groupId()), "a group (and transactional ids) of its own");
        Set<String> shared = new HashSet<>(List.of(t.postsTopic(), t.enrichedTopic(), t.alertsTopic(), t.rejectedTopic(), t.lateTopic()));
        shared.retainAll(List.of(l.postsTopic(), l.enrichedTopic(), l.alertsTopic(), l.rejectedTopic(), l.lateTopic()));
        assertEquals(Set.of(), shared, "the latency job reads none of the backlog and its alerts are its own");
    }

    @Test
    void givenCheckpointIntervalAndSettingsApplyToBothPhases() {
        PipelineBenchmark.Options o = options(SHIPPED_RULES, Optional.of(Duration.ofSeconds(3)), Map.of("analyze.batch-size", "1"));
        for (MonitorConfig cfg : List.of(PipelineBenchmark.throughputConfig(o, BROKER), PipelineBenchmark.latencyConfig(o, BROKER))) {
            assertEquals(Duration.ofSeconds(3), cfg.checkpointInterval());
            assertEquals(1, cfg.analysis().batchSize());
        }
    }
}
