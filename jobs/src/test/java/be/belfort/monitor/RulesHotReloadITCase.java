package be.belfort.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import be.belfort.classify.RuleException;
import be.belfort.classify.RulesBundle;
import be.belfort.ingest.AvroCodec;
import be.belfort.local.EmbeddedKafka;
import be.belfort.schema.EnrichedPost;
import be.belfort.schema.MatchedSearch;
import be.belfort.schema.Platform;
import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saved searches change while the job runs: a new search takes effect without a restart and its
 * matches carry the new rules version; a hostile search is rejected with file and line, and the
 * running rules stay in force.
 */
class RulesHotReloadITCase {
    private static final String FIGHT = "Vechtpartij op de Korenmarkt, politie ter plaatse";

    @RegisterExtension
    static final MiniClusterExtension FLINK = PipelineTesting.miniCluster();

    @TempDir Path rules;

    @Test
    void new_rules_apply_without_restart_and_hostile_rules_are_rejected() throws Exception {
        copyRulesWithout("phenomena/geweld.yaml");
        String before = AnalysisSpec.load(rules).rules().version();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(1, "posts", "alerts", "enriched-posts", "posts.rejected", "posts.late", "rules",
                    "alert-actions");
            Map<String, String> settings = new HashMap<>(Map.of(
                    "kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "pseudonym.key", "hot-reload-test-key-0123456789",
                    // Every probe on enriched-posts, also the ones that (no longer) match.
                    "enriched.output", "all",
                    "rules.dir", rules.toString(),
                    "parallelism", "2",
                    "checkpoint.interval", "500ms",
                    "watermark.idleness", "1s"));
            MonitorConfig cfg = MonitorConfig.from(settings);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            MonitorJob.define(env, cfg, AnalysisSpec.load(rules));
            JobClient job = env.executeAsync("hot-reload-itcase");
            try (KafkaProducer<byte[], byte[]> producer = PipelineTesting.rawProducer(kafka);
                    KafkaConsumer<byte[], byte[]> consumer = PipelineTesting.committedReader(kafka, "hot-reload-reader")) {
                consumer.subscribe(List.of("enriched-posts", "posts.rejected"));
                send(producer, "before-1", FIGHT);
                EnrichedPost first = awaitEnriched(consumer, "before-1", job);
                assertTrue(first.getMatches().stream().noneMatch(m -> m.getSearchId().equals("geweld")));

                // A hostile search, sent past the publisher's own validation, straight to the topic.
                Files.writeString(rules.resolve("phenomena/geweld.yaml"), geweld("/(.*a){2000}/"));
                RulesBundle hostile = RulesBundle.read(rules, System.currentTimeMillis());
                RulesUpdates.send(kafka.bootstrapServers(), "rules", hostile);
                RejectedRecord rejected = awaitRejected(consumer, job);
                assertEquals("rules/0/0", rejected.getSource());
                assertTrue(rejected.getReason().startsWith("rules rejected, previous rules stay in force: "), rejected.getReason());
                assertTrue(rejected.getReason().contains("phenomena/geweld.yaml:3: "), rejected.getReason());
                try {
                    RulesUpdates.publish(kafka.bootstrapServers(), "rules", rules);
                    fail("the publisher must refuse hostile rules");
                } catch (RuleException expected) {
                    assertTrue(expected.problems().get(0).toString().contains("geweld.yaml:3"));
                }

                Files.writeString(rules.resolve("phenomena/geweld.yaml"), geweld("vechtpartij* OR gevecht"));
                String after = RulesUpdates.publish(kafka.bootstrapServers(), "rules", rules);
                assertNotEquals(before, after);

                // Posts and rule updates travel on different streams: probe until the new search answers.
                MatchedSearch match = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                for (int i = 0; match == null; i++) {
                    if (System.nanoTime() > deadline) fail("new rules never took effect");
                    send(producer, "after-" + i, FIGHT);
                    EnrichedPost p = awaitEnriched(consumer, "after-" + i, job);
                    for (MatchedSearch m : p.getMatches()) {
                        assertTrue(m.getVersion().equals(before) || m.getVersion().equals(after), "version " + m.getVersion());
                        if (m.getSearchId().equals("geweld")) match = m;
                    }
                }
                assertEquals(after, match.getVersion());
                assertEquals(List.of("vechtpartij"), match.getTerms());
            } finally {
                if (!job.getJobStatus().get().isGloballyTerminalState()) job.cancel().get();
            }
        }
    }

    private static String geweld(String query) {
        return String.join("\n",
                "id: geweld",
                "label: Geweld",
                "query: '" + query + "'",
                "languages: [nld, eng, fra]",
                "platforms: []",
                "severity: high",
                "purpose: test",
                "retention_days: 30",
                "");
    }

    private void copyRulesWithout(String skipped) throws Exception {
        Path source = GhentEvening.rulesDir();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String rel = source.relativize(p).toString();
                if (rel.startsWith("eval") || rel.equals(skipped)) continue;
                Path target = rules.resolve(rel);
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String id, String text) throws Exception {
        Post post = Post.newBuilder().setId(id).setPlatform(Platform.twitter).setAuthor("@getuige")
                .setText(text).setCreatedAt(Instant.now().minusSeconds(60)).build();
        producer.send(new ProducerRecord<>("posts", id.getBytes(StandardCharsets.UTF_8), AvroCodec.encode(post))).get();
    }

    private static EnrichedPost awaitEnriched(KafkaConsumer<byte[], byte[]> consumer, String id, JobClient job) throws Exception {
        return await(consumer, job, r -> r.topic().equals("enriched-posts")
                ? Optional.of(AvroCodec.decode(r.value(), EnrichedPost.class)).filter(p -> p.getId().equals(id))
                : Optional.empty());
    }

    private static RejectedRecord awaitRejected(KafkaConsumer<byte[], byte[]> consumer, JobClient job) throws Exception {
        return await(consumer, job, r -> r.topic().equals("posts.rejected")
                ? Optional.of(AvroCodec.decode(r.value(), RejectedRecord.class))
                : Optional.empty());
    }

    private interface Pick<T> {
        Optional<T> pick(ConsumerRecord<byte[], byte[]> r) throws Exception;
    }

    private static <T> T await(KafkaConsumer<byte[], byte[]> consumer, JobClient job, Pick<T> pick) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                job.getJobExecutionResult().get();
                fail("job ended");
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                Optional<T> found = pick.pick(r);
                if (found.isPresent()) return found.get();
                seen.add(r.topic() + "@" + r.offset());
            }
        }
        throw new AssertionError("timed out; saw " + seen);
    }
}
