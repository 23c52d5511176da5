package be.belfort.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import be.belfort.classify.HostileSearches;
import be.belfort.classify.RulesBundle;
import be.belfort.ingest.AvroCodec;
import be.belfort.ingest.SeenPostIds;
import be.belfort.ingest.HostileRecords;
import be.belfort.ingest.InvalidInputException;
import be.belfort.local.EmbeddedKafka;
import be.belfort.local.InProcessMetrics;
import be.belfort.local.Scenario;
import be.belfort.local.ScenarioGenerator;
import be.belfort.schema.EnrichedPost;
import be.belfort.schema.MatchedSearch;
import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The monitor job on a real broker under attack: {@value #BAD_DEFAULT} malformed and hostile records
 * ({@link HostileRecords}: truncated and random Avro, invalid UTF-8, NUL, lone surrogates, 1 MB texts,
 * timestamps ten years off, wrong JSON types, ...) mixed into {@value #VALID} valid posts with
 * re-sent and re-used ids, while hostile saved searches ({@link HostileSearches}) are published to the
 * rules topic. The restart strategy is "none", so any failure would end the job.
 *
 * <p>Accounting, record by record: every bad record is on {@code posts.rejected} once, with a reason
 * and its own topic/partition/offset and payload; every valid post is on {@code enriched-posts}
 * exactly once; the dropped duplicates are exactly the re-sent ones; every hostile rules bundle is
 * rejected with file:line and the shipped rules stay in force.
 *
 * <p>{@code -Dbelfort.faults.bad=N} changes the number of bad records.
 */
class HostileInputITCase {
    static final int BAD_DEFAULT = 100_000;
    static final int VALID = 20_000;
    private static final int DUPLICATES = 2_000;
    private static final int HUGE = 20;
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final String JOB = "hostile-input-itcase";

    @RegisterExtension
    static final MiniClusterExtension FLINK = PipelineTesting.miniCluster();

    /** Source "posts/p/offset" → payload as sent (null for a tombstone). */
    private final Map<String, byte[]> badSent = new ConcurrentHashMap<>();
    private final Map<String, RejectedRecord> rejectedPosts = new HashMap<>();
    private final List<RejectedRecord> rejectedRules = new ArrayList<>();
    private final List<EnrichedPost> enriched = new ArrayList<>();

    @Test
    void hostile_records_and_rules_are_rejected_one_by_one_and_no_valid_post_is_lost() throws Exception {
        int badCount = Integer.getInteger("belfort.faults.bad", BAD_DEFAULT);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Post> valid = ScenarioGenerator.posts(Scenario.gentseFeesten()
                        .backgroundPerMinute(VALID / 100.0).duplicateFraction(0).malformedFraction(0)
                        .timeScale(Double.POSITIVE_INFINITY).endingAt(now.minus(Duration.ofMinutes(1))).build())
                .limit(VALID).toList();
        assertEquals(VALID, valid.size());
        Set<String> validIds = new HashSet<>();
        valid.forEach(p -> validIds.add(p.getId()));
        String rulesVersion = AnalysisSpec.load(GhentEvening.rulesDir()).rules().version();

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(3, "posts");
            kafka.createTopics(1, "alerts", "enriched-posts", "posts.rejected", "posts.late", "rules", "alert-actions");
            long begin = System.nanoTime();
            produce(kafka, valid, badCount, now);
            System.out.printf("produced %d valid, %d duplicates, %d bad in %d ms%n", VALID, DUPLICATES, badCount,
                    (System.nanoTime() - begin) / 1_000_000);

            Map<String, String> settings = new HashMap<>(Map.of(
                    "kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "pseudonym.key", "hostile-input-test-key-0123456789",
                    // Every valid post on enriched-posts, matched or not: that is how none is seen lost.
                    "enriched.output", "all",
                    "rules.dir", GhentEvening.rulesDir().toString(),
                    "parallelism", "2",
                    "checkpoint.interval", "1s",
                    "watermark.idleness", "2s"));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            MonitorJob.define(env, MonitorConfig.from(settings), AnalysisSpec.load(GhentEvening.rulesDir()));
            JobClient job = env.executeAsync(JOB);
            try {
                int hostileBundles = publishHostileRules(kafka);
                try (KafkaConsumer<byte[], byte[]> consumer = committedReader(kafka)) {
                    consumer.subscribe(List.of("enriched-posts", "posts.rejected"));
                    long deadline = System.nanoTime() + TIMEOUT.toNanos();
                    while (enriched.size() < VALID || rejectedPosts.size() < badCount || rejectedRules.size() < hostileBundles) {
                        if (System.nanoTime() > deadline) {
                            fail("timed out: " + enriched.size() + "/" + VALID + " enriched, " + rejectedPosts.size() + "/"
                                    + badCount + " rejected posts, " + rejectedRules.size() + "/" + hostileBundles + " rejected rules");
                        }
                        assertRunning(job);
                        poll(consumer);
                    }
                    long settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                    while (System.nanoTime() < settle) poll(consumer);
                }
                System.out.printf("consumed everything %d ms after producing started%n", (System.nanoTime() - begin) / 1_000_000);
                assertRunning(job);
                assertEquals(0, InProcessMetrics.maxGauge(JOB, "numRestarts"), "job restarts");
                assertEquals(DUPLICATES, InProcessMetrics.sum(JOB, SeenPostIds.DUPLICATES_METRIC), "duplicates dropped");
            } finally {
                if (!job.getJobStatus().get().isGloballyTerminalState()) job.cancel().get();
            }
        }

        assertEquals(VALID, enriched.size(), "each valid post enriched exactly once");
        Set<String> enrichedIds = new HashSet<>();
        enriched.forEach(p -> enrichedIds.add(p.getId()));
        assertEquals(validIds, enrichedIds, "no valid post lost");
        for (EnrichedPost p : enriched) {
            for (MatchedSearch m : p.getMatches()) assertEquals(rulesVersion, m.getVersion(), "hostile rules never in force");
        }

        assertEquals(badSent.keySet(), rejectedPosts.keySet(), "each bad record rejected once, under its own offset");
        for (var e : rejectedPosts.entrySet()) {
            RejectedRecord r = e.getValue();
            assertFalse(r.getReason().isBlank(), e.getKey());
            byte[] sent = badSent.get(e.getKey());
            byte[] kept = new byte[r.getPayload().remaining()];
            r.getPayload().get(kept);
            byte[] expected = sent == null ? new byte[0] : Arrays.copyOf(sent, Math.min(sent.length, kept.length));
            assertArrayEquals(expected, kept, "payload kept for " + e.getKey());
            assertTrue(sent == null || kept.length == Math.min(sent.length, 64 * 1024), "payload length at " + e.getKey());
        }
        Map<String, Integer> reasons = new TreeMap<>();
        rejectedPosts.values().forEach(r -> reasons.merge(r.getReason().replaceAll("[0-9a-f]{16}|\\d+", "#"), 1, Integer::sum));
        System.out.println(reasons.size() + " distinct reasons; most frequent: " + reasons.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue()).limit(8).toList());
        assertHostileRulesRejected();
    }

    /** Valid posts in order, bad records between them, duplicates of earlier posts (some with other text). */
    private void produce(EmbeddedKafka kafka, List<Post> valid, int badCount, Instant now) throws Exception {
        Random random = new Random(7);
        HostileRecords hostile = new HostileRecords(11, now);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 << 20));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            int bad = 0;
            int duplicates = 0;
            for (int i = 0; i < valid.size(); i++) {
                Post post = valid.get(i);
                producer.send(new ProducerRecord<>("posts", post.getId().getBytes(StandardCharsets.UTF_8), AvroCodec.encode(post)));
                int target = (int) ((long) badCount * (i + 1) / valid.size());
                for (; bad < target; bad++) {
                    sendBad(producer, bad < HUGE ? hostile.next(bad % 2 == 0
                            ? HostileRecords.Kind.HUGE_TEXT_AVRO : HostileRecords.Kind.HUGE_TEXT_JSON) : hostile.next());
                }
                if (duplicates < (long) DUPLICATES * (i + 1) / valid.size()) {
                    Post earlier = Post.newBuilder(valid.get(random.nextInt(i + 1))).build();
                    if (duplicates % 2 == 1) earlier.setText(earlier.getText() + " (bewerkt)");
                    // No key: a duplicate may land on another partition than its original.
                    producer.send(new ProducerRecord<>("posts", null, AvroCodec.encode(earlier)));
                    duplicates++;
                }
            }
            producer.flush();
            assertEquals(badCount, bad);
            assertEquals(DUPLICATES, duplicates);
        }
        assertEquals(badCount, badSent.size(), "every bad record acknowledged");
    }

    private void sendBad(KafkaProducer<byte[], byte[]> producer, HostileRecords.Bad bad) {
        producer.send(new ProducerRecord<>("posts", null, bad.payload()), (meta, e) -> {
            if (e != null) throw new IllegalStateException("could not produce " + bad.kind(), e);
            byte[] payload = bad.payload();
            badSent.put(meta.topic() + "/" + meta.partition() + "/" + meta.offset(), payload == null ? new byte[0] : payload);
        });
    }

    /** Each hostile search as part of an otherwise valid bundle, plus two messages that are no bundle at all. */
    private static int publishHostileRules(EmbeddedKafka kafka) throws Exception {
        RulesBundle shipped = RulesBundle.read(GhentEvening.rulesDir(), 0);
        long at = System.currentTimeMillis();
        for (var e : HostileSearches.queries().entrySet()) {
            Map<String, String> files = new TreeMap<>(shipped.files);
            files.put("phenomena/" + e.getKey() + ".yaml", HostileSearches.yaml(e.getKey(), e.getValue()));
            RulesUpdates.send(kafka.bootstrapServers(), "rules", new RulesBundle(files, ++at));
        }
        Map<String, String> escaping = new TreeMap<>(shipped.files);
        escaping.put("../../escape.yaml", "id: x");
        RulesUpdates.send(kafka.bootstrapServers(), "rules", new RulesBundle(escaping, ++at));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("rules", "{\"published_at\":".getBytes(StandardCharsets.UTF_8))).get();
        }
        return HostileSearches.queries().size() + 2;
    }

    private void assertHostileRulesRejected() {
        List<String> reasons = rejectedRules.stream().map(RejectedRecord::getReason).toList();
        for (RejectedRecord r : rejectedRules) {
            assertTrue(r.getSource().matches("rules/0/\\d+"), r.getSource());
            assertTrue(r.getReason().startsWith("rules rejected, previous rules stay in force: "), r.getReason());
        }
        for (String id : HostileSearches.queries().keySet()) {
            String where = "phenomena/" + id + ".yaml:" + HostileSearches.QUERY_LINE + ": ";
            assertEquals(1, reasons.stream().filter(r -> r.contains(where)).count(), where + " in " + reasons);
        }
        assertTrue(reasons.stream().anyMatch(r -> r.contains("escapes the rules folder")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains("not JSON")), reasons.toString());
    }

    private void poll(KafkaConsumer<byte[], byte[]> consumer) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
            try {
                if (r.topic().equals("enriched-posts")) {
                    enriched.add(AvroCodec.decode(r.value(), EnrichedPost.class));
                } else {
                    RejectedRecord rejected = AvroCodec.decode(r.value(), RejectedRecord.class);
                    if (rejected.getSource().startsWith("rules/")) {
                        rejectedRules.add(rejected);
                    } else if (rejectedPosts.put(rejected.getSource(), rejected) != null) {
                        fail("rejected twice: " + rejected.getSource());
                    }
                }
            } catch (InvalidInputException e) {
                throw new AssertionError("undecodable record on " + r.topic(), e);
            }
        }
    }

    private static void assertRunning(JobClient job) throws Exception {
        JobStatus status = job.getJobStatus().get();
        if (status != JobStatus.RUNNING && status != JobStatus.CREATED && status != JobStatus.INITIALIZING) {
            if (status.isGloballyTerminalState()) job.getJobExecutionResult().get();
            fail("job is " + status);
        }
    }

    private static KafkaConsumer<byte[], byte[]> committedReader(EmbeddedKafka kafka) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "hostile-input-reader");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
