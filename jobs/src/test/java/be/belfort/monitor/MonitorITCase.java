package be.belfort.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import be.belfort.alert.WebhookClient;
import be.belfort.classify.RuleLoader;
import be.belfort.ingest.AvroCodec;
import be.belfort.ingest.JsonEdge;
import be.belfort.local.EmbeddedKafka;
import be.belfort.local.EmbeddedPostgres;
import be.belfort.local.InProcessMetrics;
import be.belfort.ingest.SeenPostIds;
import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.EnrichedPost;
import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole monitor job on a real Kafka broker (KRaft, in-process) and the Flink MiniCluster, with
 * parallelism 2: a scripted evening with duplicates and malformed records goes in; exactly the
 * expected alerts come out on {@code alerts} (read_committed), every malformed record lands on
 * {@code posts.rejected} with its reason, exactly the posts a saved search matched on
 * {@code enriched-posts} (the default), and the job's counters account for every post. The alerts also reach a real PostgreSQL
 * alert store and a loopback webhook, which refuses the city-wide resolution: that one arrives on
 * {@code alerts.dead-letter}.
 */
class MonitorITCase {
    private static final int DUPLICATES = 10;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    static final MiniClusterExtension FLINK = PipelineTesting.miniCluster();

    private static EmbeddedKafka kafka;
    private static EmbeddedPostgres pg;
    private static HttpServer webhook;
    private static final List<String> webhookKeys = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServices() throws IOException {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(2, "posts");
        kafka.createTopics(1, "alerts", "enriched-posts", "posts.rejected", "posts.late", "alerts.dead-letter", "rules",
                "alert-actions");
        pg = EmbeddedPostgres.start();
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/alerts", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            webhookKeys.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
            boolean refused = body.contains("\"area\":\"gent\"") && body.contains("\"status\":\"resolved\"");
            byte[] answer = (refused ? "area not dispatched" : "").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(refused ? 400 : 200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) ex.getResponseBody().write(answer);
            ex.close();
        });
        webhook.start();
    }

    @AfterAll
    static void stopServices() {
        if (kafka != null) kafka.close();
        if (pg != null) pg.close();
        if (webhook != null) webhook.stop(0);
    }

    @Test
    void evening_with_a_fight_raises_exactly_the_expected_alerts_and_accounts_for_every_post() throws Exception {
        GhentEvening evening = new GhentEvening();
        Map<byte[], String> malformed = GhentEvening.malformed(Instant.now());
        List<Post> duplicates = evening.posts.subList(0, DUPLICATES);
        produce(evening.posts, duplicates, malformed.keySet());
        int postsIn = evening.posts.size() + duplicates.size() + malformed.size();

        Map<String, String> settings = new HashMap<>(GhentEvening.SURGE_SETTINGS);
        settings.putAll(Map.of(
                "kafka.bootstrap-servers", kafka.bootstrapServers(),
                "pseudonym.key", "integration-test-key-0123456789",
                "rules.dir", GhentEvening.rulesDir().toString(),
                "parallelism", "2",
                "checkpoint.interval", "1s",
                "watermark.out-of-orderness", "5s",
                // Both partitions run to the end of the evening: nothing here needs a partition taken for
                // idle, and a subtask slow to its first fetch on a loaded machine must not be.
                "watermark.idleness", "1m"));
        settings.putAll(Map.of(
                "sink.postgres.url", pg.jdbcUrl(),
                "sink.postgres.user", "postgres",
                "sink.webhook.url", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/alerts",
                // Each alert record is to be posted once: no stall of a loaded machine may pass for a timeout
                // (and the webhook never fails here, so one retry is all the checkpoint needs to allow for).
                "sink.webhook.timeout", "10s",
                "sink.webhook.max-attempts", "2",
                "sink.webhook.backoff", "50ms"));
        MonitorConfig cfg = MonitorConfig.from(settings);
        assertEquals(MonitorConfig.EnrichedOutput.MATCHED, cfg.enrichedOutput(), "the default is under test here");
        AnalysisSpec analysis = AnalysisSpec.load(GhentEvening.rulesDir());
        List<Post> matched = matchedBySomeSearch(analysis, evening.posts);
        assertTrue(!matched.isEmpty() && matched.size() < evening.posts.size(), matched.size() + " of " + evening.posts.size());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        MonitorJob.define(env, cfg, analysis);
        JobClient job = env.executeAsync("monitor-itcase");
        try {
            List<Alert> alerts = new ArrayList<>();
            List<EnrichedPost> enriched = new ArrayList<>();
            List<RejectedRecord> rejected = new ArrayList<>();
            List<RejectedRecord> deadLetters = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer = PipelineTesting.committedReader(kafka, "monitor-itcase-reader")) {
                consumer.subscribe(List.of("alerts", "enriched-posts", "posts.rejected", "alerts.dead-letter"));
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (alerts.size() < 6 || enriched.size() + rejected.size() < matched.size() + malformed.size()
                        || deadLetters.isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        fail("timed out: " + alerts.size() + " alerts, " + enriched.size() + " enriched, "
                                + rejected.size() + " rejected, " + deadLetters.size() + " dead letters");
                    }
                    assertJobAlive(job);
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        switch (r.topic()) {
                            case "alerts" -> alerts.add(AvroCodec.decode(r.value(), Alert.class));
                            case "enriched-posts" -> enriched.add(AvroCodec.decode(r.value(), EnrichedPost.class));
                            case "alerts.dead-letter" -> deadLetters.add(AvroCodec.decode(r.value(), RejectedRecord.class));
                            default -> rejected.add(AvroCodec.decode(r.value(), RejectedRecord.class));
                        }
                    }
                }
                // Anything extra (a second surge, a duplicate that slipped through) would arrive by now.
                long settle = System.nanoTime() + Duration.ofSeconds(4).toNanos();
                while (System.nanoTime() < settle) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        fail("unexpected extra record on " + r.topic());
                    }
                }
            }

            assertAlerts(alerts, evening, RuleLoader.load(GhentEvening.rulesDir()).version());
            assertRejected(rejected, malformed);
            // Only what some saved search matched is written; the job's counters account for the rest.
            assertEquals(matched.stream().map(Post::getId).sorted().toList(),
                    enriched.stream().map(EnrichedPost::getId).sorted().toList(), "enriched-posts holds each matched post once");
            long analysed = InProcessMetrics.sum("monitor-itcase", MonitorTopology.ANALYSED_METRIC);
            assertEquals(postsIn, analysed + rejected.size() + DUPLICATES, "posts in = analysed + rejected + duplicates");
            assertEquals(DUPLICATES, InProcessMetrics.sum("monitor-itcase", SeenPostIds.DUPLICATES_METRIC));
            assertEquals(analysed - enriched.size(), InProcessMetrics.sum("monitor-itcase", MonitorTopology.UNMATCHED_METRIC),
                    "analysed = written + unmatched");
            assertPseudonymised(enriched, alerts, matched);
            assertAlertSinks(alerts, deadLetters);
        } finally {
            if (!job.getJobStatus().get().isGloballyTerminalState()) job.cancel().get();
        }
    }

    @Test
    void missing_topics_are_named_before_anything_is_submitted() {
        Map<String, String> settings = new HashMap<>(Map.of(
                "kafka.bootstrap-servers", kafka.bootstrapServers(),
                "pseudonym.key", "integration-test-key-0123456789",
                "rules.dir", GhentEvening.rulesDir().toString()));
        MonitorJob.requireTopics(MonitorConfig.from(settings));
        settings.put("kafka.topic.late", "posts.nowhere");
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> MonitorJob.requireTopics(MonitorConfig.from(settings)));
        assertTrue(e.getMessage().contains("Kafka topics missing") && e.getMessage().contains("posts.nowhere"), e.getMessage());
    }

    private static void assertAlerts(List<Alert> alerts, GhentEvening evening, String rulesVersion) {
        Map<String, List<Alert>> byArea = alerts.stream().collect(Collectors.groupingBy(Alert::getArea));
        assertEquals(List.of("binnenstad", "gent"), byArea.keySet().stream().sorted().toList(), "areas: " + alerts);
        long minute = 60_000;
        long surgeStart = evening.start.toEpochMilli() + GhentEvening.SURGE_FIRST_MINUTE * minute;
        for (List<Alert> lifecycle : byArea.values()) {
            assertEquals(List.of(AlertStatus.open, AlertStatus.update, AlertStatus.resolved),
                    lifecycle.stream().map(Alert::getStatus).toList());
            assertEquals(1, lifecycle.stream().map(Alert::getId).distinct().count(), "one id per surge");
            for (Alert a : lifecycle) {
                assertEquals("geweld", a.getTopic());
                assertEquals(surgeStart, a.getWindowStart().toEpochMilli());
                assertEquals(rulesVersion, a.getRulesVersion());
            }
            Alert open = lifecycle.get(0);
            assertEquals(surgeStart + 2 * minute, open.getWindowEnd().toEpochMilli());
            assertEquals(GhentEvening.SURGE_PER_MINUTE, open.getCount());
            assertTrue(evening.fightIds.containsAll(open.getEvidencePostIds()), "evidence: " + open.getEvidencePostIds());
            assertEquals(GhentEvening.SURGE_PER_MINUTE, open.getEvidencePostIds().size());
            assertTrue(open.getTopTerms().stream().anyMatch(t -> t.startsWith("vechtpartij")), "terms: " + open.getTopTerms());
            assertEquals(surgeStart + 3 * minute, lifecycle.get(1).getWindowEnd().toEpochMilli());
            assertEquals(0, lifecycle.get(2).getCount());
        }
    }

    /** Every alert record in PostgreSQL and posted once to the webhook; the refused one is a dead letter. */
    private static void assertAlertSinks(List<Alert> alerts, List<RejectedRecord> deadLetters) throws Exception {
        Alert refused = alerts.stream()
                .filter(a -> a.getArea().equals("gent") && a.getStatus() == AlertStatus.resolved).findFirst().orElseThrow();
        assertEquals(1, deadLetters.size(), "dead letters: " + deadLetters);
        assertEquals("webhook:alert/" + refused.getId(), deadLetters.get(0).getSource());
        assertEquals("webhook refused the alert: HTTP 400 area not dispatched", deadLetters.get(0).getReason());
        assertEquals(alerts.stream().map(WebhookClient::idempotencyKey).sorted().toList(),
                webhookKeys.stream().sorted().toList(), "each alert record posted once");

        List<String> stored = new ArrayList<>();
        try (Connection c = pg.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT a.area, a.status, (SELECT count(*) FROM alert_updates u WHERE u.alert_id = a.id) "
                                + "FROM alerts a ORDER BY a.area")) {
            while (rs.next()) stored.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3));
        }
        assertEquals(List.of("binnenstad resolved 3", "gent resolved 3"), stored);
    }

    private static void assertRejected(List<RejectedRecord> rejected, Map<byte[], String> malformed) {
        assertEquals(malformed.size(), rejected.size(), "rejected: " + rejected);
        List<String> reasons = rejected.stream().map(RejectedRecord::getReason).toList();
        for (String expected : malformed.values()) {
            assertTrue(reasons.stream().anyMatch(r -> r.contains(expected)), "no reason mentions '" + expected + "': " + reasons);
        }
        for (RejectedRecord r : rejected) {
            assertTrue(r.getSource().matches("posts/[01]/\\d+"), "source " + r.getSource());
            assertFalse(r.getReason().isBlank());
        }
    }

    /** The posts the job is to write with {@code enriched.output=matched}, judged by the job's own analysis. */
    private static List<Post> matchedBySomeSearch(AnalysisSpec analysis, List<Post> posts) {
        try (PostAnalyzer analyzer = analysis.newAnalyzer("any-key-will-do-0123456789".getBytes(StandardCharsets.UTF_8))) {
            List<EnrichedPost> results = analyzer.analyzeBatch(posts);
            List<Post> matched = new ArrayList<>();
            for (int i = 0; i < posts.size(); i++) {
                if (!results.get(i).getMatches().isEmpty()) matched.add(posts.get(i));
            }
            return matched;
        }
    }

    private static void assertPseudonymised(List<EnrichedPost> enriched, List<Alert> alerts, List<Post> written) {
        for (EnrichedPost p : enriched) {
            assertTrue(p.getAuthor().startsWith("u_"), p.getAuthor());
            assertFalse(p.getAuthor().contains("buur") || p.getAuthor().contains("getuige"));
        }
        String alertJson = alerts.stream().map(JsonEdge::toJson).collect(Collectors.joining("\n"));
        assertFalse(alertJson.contains("@getuige") || alertJson.contains("getuige_"), "raw handle in alert");
        // Handles are per platform: one pseudonym per (platform, handle).
        assertEquals(written.stream().map(p -> p.getPlatform() + ":" + p.getAuthor()).distinct().count(),
                enriched.stream().map(EnrichedPost::getAuthor).distinct().count(), "pseudonyms are one-to-one");
    }

    private static void produce(List<Post> posts, List<Post> duplicates, Iterable<byte[]> malformed) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 << 20));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            int i = 0;
            for (Post post : posts) {
                producer.send(new ProducerRecord<>("posts", key(post), AvroCodec.encode(post)));
                if (i < duplicates.size()) {
                    Post dup = duplicates.get(i);
                    producer.send(new ProducerRecord<>("posts", key(dup), AvroCodec.encode(dup)));
                }
                i++;
            }
            for (byte[] bad : malformed) {
                producer.send(new ProducerRecord<>("posts", null, bad));
            }
            producer.flush();
        }
    }

    private static byte[] key(Post p) {
        return p.getId().getBytes(StandardCharsets.UTF_8);
    }


    private static void assertJobAlive(JobClient job) throws Exception {
        JobStatus status = job.getJobStatus().get();
        if (status.isGloballyTerminalState()) {
            job.getJobExecutionResult().get(); // throws the job's failure cause
            fail("job ended: " + status);
        }
    }

}
