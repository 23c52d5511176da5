package be.belfort.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import be.belfort.ingest.AvroCodec;
import be.belfort.ingest.InvalidInputException;
import be.belfort.local.EmbeddedKafka;
import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.Post;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
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
 * Event time survives a restore. One partition is read to its end before the job is stopped with a
 * savepoint; the job resumes from it at the same parallelism and the other partition then brings the
 * rest of the evening, fight included. The finished partition has nothing more to say and, with a long
 * {@code watermark.idleness}, is not idle for a long while either: unless the job's event time is
 * carried across the restore, it holds every bucket and alert back until then (the cluster fault run
 * lost the alerts of its last surges this way after a TaskManager kill).
 */
class RestoredEventTimeITCase {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).setConfiguration(PipelineTesting.noRestarts()).build());

    @TempDir
    Path savepoints;

    private final List<Alert> alerts = new ArrayList<>();
    private int enriched;

    @Test
    void alertsFireAfterARestoreWhileAFinishedPartitionStaysSilent() throws Exception {
        GhentEvening evening = new GhentEvening();
        long secondHalf = evening.start.plus(Duration.ofMinutes(15)).toEpochMilli();
        List<ProducerRecord<byte[], byte[]>> before = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> after = new ArrayList<>();
        int n = 0;
        for (Post p : evening.posts) {
            boolean fight = evening.fightIds.contains(p.getId());
            int partition = fight ? 1 : n++ % 2;
            boolean late = partition == 1 && p.getCreatedAt().toEpochMilli() >= secondHalf;
            (late ? after : before).add(new ProducerRecord<>("posts", partition,
                    p.getId().getBytes(StandardCharsets.UTF_8), AvroCodec.encode(p)));
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<byte[], byte[]> producer = PipelineTesting.rawProducer(kafka)) {
            kafka.createTopics(2, "posts");
            kafka.createTopics(1, "alerts", "enriched-posts", "posts.rejected", "posts.late", "rules", "alert-actions");
            MonitorConfig cfg = config(kafka);
            try (KafkaConsumer<byte[], byte[]> consumer = PipelineTesting.committedReader(kafka, "restored-event-time-reader")) {
                consumer.subscribe(List.of("alerts", "enriched-posts"));

                before.forEach(producer::send);
                producer.flush();
                JobClient first = start(cfg, null);
                await(consumer, first, () -> enriched >= before.size(), "the first part enriched");
                // Periodic watermarks (200 ms) reach past the last post of the finished partition.
                Thread.sleep(1_000);
                String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get();
                assertEquals(List.of(), alerts, "no fight yet");

                JobClient second = start(cfg, savepoint);
                try {
                    after.forEach(producer::send);
                    producer.flush();
                    await(consumer, second, () -> alerts.size() >= 6 && enriched >= evening.posts.size(),
                            "the fight's alerts after the restore");
                } finally {
                    second.cancel().get();
                }
            }
        }
        for (String area : List.of("binnenstad", "gent")) {
            assertEquals(List.of(AlertStatus.open, AlertStatus.update, AlertStatus.resolved),
                    alerts.stream().filter(a -> a.getArea().equals(area)).map(Alert::getStatus).toList(), area + ": " + alerts);
        }
        assertEquals(evening.posts.size(), enriched);
    }

    private static MonitorConfig config(EmbeddedKafka kafka) {
        Map<String, String> settings = new HashMap<>(GhentEvening.SURGE_SETTINGS);
        settings.putAll(Map.of(
                "kafka.bootstrap-servers", kafka.bootstrapServers(),
                "pseudonym.key", "restored-event-time-key-0123456789",
                // Every post on enriched-posts, matched or not: the test waits for each part to be read whole.
                "enriched.output", "all",
                "rules.dir", GhentEvening.rulesDir().toString(),
                "parallelism", "2",
                "checkpoint.interval", "1s",
                "watermark.out-of-orderness", "5s",
                // Far longer than the test: only carried event time can release the finished partition's hold.
                "watermark.idleness", "10m"));
        return MonitorConfig.from(settings);
    }

    private static JobClient start(MonitorConfig cfg, String savepoint) throws Exception {
        Configuration conf = new Configuration();
        if (savepoint != null) conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        MonitorJob.define(env, cfg, AnalysisSpec.load(GhentEvening.rulesDir()));
        return env.executeAsync(savepoint == null ? "restored-event-time-1" : "restored-event-time-2");
    }

    private void await(KafkaConsumer<byte[], byte[]> consumer, JobClient job, BooleanSupplier done, String what) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + ": " + alerts.size() + " alerts, " + enriched + " enriched");
            }
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                job.getJobExecutionResult().get();
                fail("job ended");
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                if (r.topic().equals("alerts")) {
                    try {
                        alerts.add(AvroCodec.decode(r.value(), Alert.class));
                    } catch (InvalidInputException e) {
                        throw new AssertionError("undecodable alert", e);
                    }
                } else {
                    enriched++;
                }
            }
        }
    }
}
