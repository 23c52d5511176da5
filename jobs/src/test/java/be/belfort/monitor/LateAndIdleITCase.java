package be.belfort.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import be.belfort.ingest.AvroCodec;
import be.belfort.local.EmbeddedKafka;
import be.belfort.local.InProcessMetrics;
import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.EnrichedPost;
import be.belfort.schema.Platform;
import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Event time on a real broker with three partitions: one partition falls silent for 35 simulated
 * minutes while the other two carry the evening and its fight. Watermark idleness must let the
 * alerts fire without waiting for the silent partition. When that partition comes back with posts
 * from inside the already-closed surge buckets, their hits are late: counted in the {@code lateHits}
 * metric and described on {@code posts.late}, the posts themselves still enriched, the alerts unchanged.
 */
class LateAndIdleITCase {
    private static final int IDLE_PARTITION = 2;
    private static final int LATE_POSTS = 3;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String JOB = "late-idle-itcase";

    @RegisterExtension
    static final MiniClusterExtension FLINK = PipelineTesting.miniCluster();

    private final List<Alert> alerts = new ArrayList<>();
    private final List<EnrichedPost> enriched = new ArrayList<>();
    private final List<RejectedRecord> late = new ArrayList<>();

    @Test
    void an_idle_partition_does_not_hold_back_alerts_and_late_posts_are_counted_and_published() throws Exception {
        GhentEvening evening = new GhentEvening();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(3, "posts");
            kafka.createTopics(1, "alerts", "enriched-posts", "posts.rejected", "posts.late", "rules", "alert-actions");
            Map<String, String> settings = new HashMap<>(GhentEvening.SURGE_SETTINGS);
            settings.putAll(Map.of(
                    "kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "pseudonym.key", "late-idle-test-key-0123456789",
                    // Every post on enriched-posts, matched or not: that is how none is seen lost.
                    "enriched.output", "all",
                    "rules.dir", GhentEvening.rulesDir().toString(),
                    "parallelism", "2",
                    "checkpoint.interval", "1s",
                    "watermark.out-of-orderness", "5s",
                    "watermark.idleness", "2s"));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            MonitorJob.define(env, MonitorConfig.from(settings), AnalysisSpec.load(GhentEvening.rulesDir()));
            try (KafkaProducer<byte[], byte[]> producer = PipelineTesting.rawProducer(kafka);
                    KafkaConsumer<byte[], byte[]> consumer = PipelineTesting.committedReader(kafka, "late-idle-reader")) {
                consumer.subscribe(List.of("alerts", "enriched-posts", "posts.late"));

                // The idle partition speaks only in the first five minutes of the 40-minute evening.
                long quietFrom = evening.start.plus(Duration.ofMinutes(5)).toEpochMilli();
                int i = 0;
                int idleCount = 0;
                for (Post p : evening.posts) {
                    boolean early = p.getCreatedAt().toEpochMilli() < quietFrom;
                    int partition = early && i % 3 == 0 ? IDLE_PARTITION : i % 2;
                    if (partition == IDLE_PARTITION) idleCount++;
                    producer.send(new ProducerRecord<>("posts", partition, key(p), AvroCodec.encode(p)));
                    i++;
                }
                producer.flush();
                assertTrue(idleCount > 0);

                // Started once the evening is on Kafka: a job waiting longer than the idleness for its
                // first records would take every partition for idle, and the first to speak would make
                // the others' posts late.
                JobClient job = env.executeAsync(JOB);
                try {
                    // Every alert of the surge, with nothing more on the idle partition.
                    await(consumer, job, () -> alerts.size() >= 6, "the surge's alerts while a partition is idle");
                    assertLifecycles(evening);

                    List<Post> latePosts = new ArrayList<>();
                    for (int n = 0; n < LATE_POSTS; n++) {
                        latePosts.add(Post.newBuilder().setId("late-" + n).setPlatform(Platform.twitter)
                                .setAuthor("@laat_" + n).setText("Vechtpartij op de Korenmarkt, politie ter plaatse")
                                .setCreatedAt(evening.start.plus(Duration.ofMinutes(GhentEvening.SURGE_FIRST_MINUTE + 1)).plusSeconds(n))
                                .build());
                    }
                    for (Post p : latePosts) {
                        producer.send(new ProducerRecord<>("posts", IDLE_PARTITION, key(p), AvroCodec.encode(p)));
                    }
                    producer.flush();
                    // Each late post matches geweld in binnenstad and in the whole city: two late hits.
                    await(consumer, job, () -> late.size() >= 2 * LATE_POSTS
                            && enriched.stream().filter(e -> e.getId().startsWith("late-")).count() == LATE_POSTS,
                            "late hits on posts.late and the late posts enriched");
                    settle(consumer);

                    assertLate(latePosts);
                    assertEquals(6, alerts.size(), "late posts change no alert: " + alerts);
                    assertEquals(evening.posts.size() + LATE_POSTS, enriched.size(), "no post lost");
                    assertEquals(2 * LATE_POSTS, InProcessMetrics.sum(JOB, LateHits.METRIC), "lateHits metric");
                } finally {
                    if (!job.getJobStatus().get().isGloballyTerminalState()) job.cancel().get();
                }
            }
        }
    }

    private void assertLifecycles(GhentEvening evening) {
        long surgeStart = evening.start.plus(Duration.ofMinutes(GhentEvening.SURGE_FIRST_MINUTE)).toEpochMilli();
        for (String area : List.of("binnenstad", "gent")) {
            List<Alert> lifecycle = alerts.stream().filter(a -> a.getArea().equals(area)).toList();
            assertEquals(List.of(AlertStatus.open, AlertStatus.update, AlertStatus.resolved),
                    lifecycle.stream().map(Alert::getStatus).toList(), area + ": " + alerts);
            assertEquals(surgeStart + Duration.ofMinutes(2).toMillis(), lifecycle.get(0).getWindowEnd().toEpochMilli());
            assertEquals(GhentEvening.SURGE_PER_MINUTE, lifecycle.get(0).getCount());
        }
    }

    private void assertLate(List<Post> latePosts) throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(2 * LATE_POSTS, late.size(), "late: " + late);
        for (RejectedRecord r : late) {
            assertTrue(r.getReason().startsWith("late: geweld|"), r.getReason());
            assertTrue(r.getReason().contains("not counted in the surge"), r.getReason());
            assertTrue(r.getSource().matches("post late-\\d"), r.getSource());
            String payload = StandardCharsets.UTF_8.decode(r.getPayload()).toString();
            assertTrue(!payload.contains("@laat") && !payload.contains("u_"), "no author in " + payload);
            JsonNode about = json.readTree(payload);
            assertEquals("geweld", about.get("topic").asText());
            assertTrue(latePosts.stream().anyMatch(p -> p.getId().equals(about.get("post_id").asText())), payload);
        }
        assertEquals(List.of("binnenstad", "gent"),
                late.stream().map(r -> r.getReason().replaceAll("late: geweld\\|(\\w+) .*", "$1")).distinct().sorted().toList());
    }

    private void await(KafkaConsumer<byte[], byte[]> consumer, JobClient job, BooleanSupplier done, String what) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + ": " + alerts.size() + " alerts, " + enriched.size()
                        + " enriched, " + late.size() + " late");
            }
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                job.getJobExecutionResult().get();
                fail("job ended");
            }
            poll(consumer);
        }
    }

    private void settle(KafkaConsumer<byte[], byte[]> consumer) {
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) poll(consumer);
    }

    private void poll(KafkaConsumer<byte[], byte[]> consumer) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
            try {
                switch (r.topic()) {
                    case "alerts" -> alerts.add(AvroCodec.decode(r.value(), Alert.class));
                    case "enriched-posts" -> enriched.add(AvroCodec.decode(r.value(), EnrichedPost.class));
                    default -> late.add(AvroCodec.decode(r.value(), RejectedRecord.class));
                }
            } catch (be.belfort.ingest.InvalidInputException e) {
                throw new AssertionError("undecodable record on " + r.topic(), e);
            }
        }
    }

    private static byte[] key(Post p) {
        return p.getId().getBytes(StandardCharsets.UTF_8);
    }
}
