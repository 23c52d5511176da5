package be.belfort.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.config.ConfigException;
import be.belfort.ingest.WireFormat;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitorConfigTest {
    private static final String KEY = "a-secret-of-sixteen-chars";

    @Test
    void defaults_are_the_documented_ones() {
        MonitorConfig c = MonitorConfig.from(Map.of("pseudonym.key", KEY));
        assertEquals("posts", c.kafka().postsTopic());
        assertEquals("posts.rejected", c.kafka().rejectedTopic());
        assertEquals("enriched-posts", c.kafka().enrichedTopic());
        assertEquals("alerts", c.kafka().alertsTopic());
        assertEquals(WireFormat.AUTO, c.ingest().format());
        assertEquals(Duration.ofMinutes(5), c.surge().bucket());
        assertEquals(10, c.surge().minCount());
        assertEquals(2, c.surge().consecutive());
        assertEquals(Duration.ofDays(30), c.ingest().limits().maxAge());
        assertEquals(Duration.ofSeconds(10), c.checkpointInterval());
    }

    @Test
    void values_are_parsed_and_typed() {
        MonitorConfig c = MonitorConfig.from(Map.of(
                "pseudonym.key", KEY,
                "surge.bucket", "1m",
                "surge.min-count", "5",
                "ingest.format", "json",
                "ingest.max-age", "none",
                "kafka.starting-offsets", "latest",
                "parallelism", "4"));
        assertEquals(Duration.ofMinutes(1), c.surge().bucket());
        assertEquals(5, c.surge().minCount());
        assertEquals(WireFormat.JSON, c.ingest().format());
        assertNull(c.ingest().limits().maxAge());
        assertEquals(MonitorConfig.StartingOffsets.LATEST, c.kafka().startingOffsets());
        assertEquals(4, c.parallelism());
    }

    @Test
    void every_problem_is_reported_at_once_with_a_suggestion_for_typos() {
        Map<String, String> bad = new HashMap<>();
        bad.put("pseudonym.key", "short");
        bad.put("surge.min-cout", "5");
        bad.put("surge.bucket", "five minutes");
        bad.put("parallelism", "0");
        bad.put("ingest.format", "xml");
        ConfigException e = assertThrows(ConfigException.class, () -> MonitorConfig.from(bad));
        String all = String.join("\n", e.problems());
        assertEquals(5, e.problems().size(), all);
        assertTrue(all.contains("unknown setting 'surge.min-cout' (did you mean 'surge.min-count'?)"), all);
        assertTrue(all.contains("surge.bucket = 'five minutes': 'five minutes' is not a duration"), all);
        assertTrue(all.contains("parallelism = '0': must be between 1 and 1024"), all);
        assertTrue(all.contains("ingest.format = 'xml': must be one of avro, json, auto"), all);
        assertTrue(all.contains("pseudonym.key must be set"), all);
    }

    @Test
    void contradictory_settings_are_rejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> MonitorConfig.from(Map.of(
                "pseudonym.key", KEY, "surge.bucket", "10m", "surge.quiet-after", "5m",
                "checkpoint.interval", "2m", "kafka.transaction-timeout", "1m")));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("quietAfter"), all);
        assertTrue(all.contains("kafka.transaction-timeout must be longer than checkpoint.interval"), all);
    }

    @Test
    void the_key_never_shows_in_descriptions() {
        MonitorConfig c = MonitorConfig.from(Map.of("pseudonym.key", KEY));
        assertFalse(c.describe().toString().contains(KEY));
        assertFalse(c.toString().contains(KEY));
        // What describe() prints is valid input again.
        Map<String, String> again = new HashMap<>(c.describe());
        again.put("pseudonym.key", KEY);
        assertEquals(c.describe(), MonitorConfig.from(again).describe());
    }

    @Test
    void alert_sinks_are_off_unless_configured() {
        MonitorConfig c = MonitorConfig.from(Map.of("pseudonym.key", KEY));
        assertNull(c.postgres());
        assertNull(c.webhook());
        assertEquals("alerts.dead-letter", c.kafka().deadLetterTopic());
        assertFalse(c.describe().containsKey("sink.webhook.url"));
    }

    @Test
    void alert_sinks_are_parsed_and_the_password_is_hidden() {
        MonitorConfig c = MonitorConfig.from(Map.of(
                "pseudonym.key", KEY,
                "sink.postgres.url", "jdbc:postgresql://db:5432/belfort",
                "sink.postgres.password", "pg-secret-123",
                "sink.postgres.batch-size", "50",
                "sink.webhook.url", "https://dispatch.gent.example/belfort",
                "sink.webhook.max-attempts", "3",
                "sink.webhook.timeout", "2s"));
        assertEquals("jdbc:postgresql://db:5432/belfort", c.postgres().url());
        assertEquals("belfort", c.postgres().user());
        assertEquals(50, c.postgres().batchSize());
        assertEquals("pg-secret-123", new String(c.postgres().password().bytes(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("https://dispatch.gent.example/belfort", c.webhook().url().toString());
        assertEquals(3, c.webhook().maxAttempts());
        assertEquals(Duration.ofSeconds(2), c.webhook().timeout());
        assertEquals(Duration.ofMillis(500), c.webhook().backoff());
        assertFalse(c.describe().toString().contains("pg-secret-123"));
        assertFalse(c.toString().contains("pg-secret-123"));
    }

    @Test
    void bad_alert_sink_settings_are_reported() {
        ConfigException e = assertThrows(ConfigException.class, () -> MonitorConfig.from(Map.of(
                "pseudonym.key", KEY,
                "sink.postgres.url", "postgres://db/belfort",
                "sink.webhook.url", "ftp://dispatch/belfort",
                "sink.webhook.max-attempts", "0")));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("sink.postgres.url = 'postgres://db/belfort': must start with jdbc:postgresql:"), all);
        assertTrue(all.contains("sink.webhook.url = 'ftp://dispatch/belfort': not an http:// or https:// address"), all);
        assertTrue(all.contains("sink.webhook.max-attempts = '0': must be between 1 and 100"), all);
    }

    @Test
    void a_webhook_that_could_outlast_the_kafka_transaction_is_rejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> MonitorConfig.from(Map.of(
                "pseudonym.key", KEY,
                "sink.webhook.url", "http://dispatch/belfort",
                "sink.webhook.max-attempts", "10",
                "sink.webhook.timeout", "10s")));
        assertTrue(String.join("\n", e.problems()).contains("sink.webhook: one alert can hold the checkpoint back"), e.problems().toString());
    }

    @Test
    void analysis_batching_is_typed_and_checked() {
        assertEquals(new MonitorConfig.Analysis(64, Duration.ofMillis(50)), MonitorConfig.from(Map.of("pseudonym.key", KEY)).analysis());
        MonitorConfig c = MonitorConfig.from(Map.of("pseudonym.key", KEY, "analyze.batch-size", "16", "analyze.max-wait", "20ms"));
        assertEquals(new MonitorConfig.Analysis(16, Duration.ofMillis(20)), c.analysis());
        assertEquals("16", c.describe().get("analyze.batch-size"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> MonitorConfig.from(Map.of("pseudonym.key", KEY, "analyze.batch-size", "0")));
        assertTrue(String.join("\n", e.problems()).contains("analyze.batch-size = '0'"), e.problems().toString());
    }

    @Test
    void enriched_output_keeps_only_matched_posts_unless_told_otherwise() {
        assertEquals(MonitorConfig.EnrichedOutput.MATCHED, MonitorConfig.from(Map.of("pseudonym.key", KEY)).enrichedOutput());
        MonitorConfig all = MonitorConfig.from(Map.of("pseudonym.key", KEY, "enriched.output", "all"));
        assertEquals(MonitorConfig.EnrichedOutput.ALL, all.enrichedOutput());
        assertEquals("all", all.describe().get("enriched.output"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> MonitorConfig.from(Map.of("pseudonym.key", KEY, "enriched.output", "everything")));
        assertTrue(String.join("\n", e.problems()).contains("enriched.output = 'everything': must be one of matched, all"),
                e.problems().toString());
    }
}
