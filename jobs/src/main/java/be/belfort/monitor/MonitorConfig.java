package be.belfort.monitor;

import be.belfort.config.Durations;
import be.belfort.config.Settings;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the monitor job can be told, parsed and validated once before the job is built.
 *
 * <p>Built from flat settings ({@code kafka.bootstrap-servers=...}) so the same keys work in a
 * properties file, as {@code --set key=value} on the command line and in tests. Unknown keys are
 * errors. Durations are written {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}.
 *
 * <pre>{@code
 * MonitorConfig cfg = MonitorConfig.from(Map.of(
 *     "kafka.bootstrap-servers", "localhost:9092",
 *     "pseudonym.key", System.getenv("BELFORT_PSEUDONYM_KEY")));
 * }</pre>
 */
public record MonitorConfig(
        Kafka kafka,
        Ingest ingest,
        String rulesDir,
        Duration dedupeTtl,
        Duration outOfOrderness,
        Duration idleness,
        Surge surge,
        Duration checkpointInterval,
        int parallelism,
        Secret pseudonymKey)
        implements Serializable {

    /** Where the pipeline reads and writes on Kafka. */
    public record Kafka(
            String bootstrapServers,
            String groupId,
            String postsTopic,
            String rejectedTopic,
            String enrichedTopic,
            String alertsTopic,
            StartingOffsets startingOffsets,
            Duration transactionTimeout)
            implements Serializable {}

    /** Which offsets a job without a committed position starts from. */
    public enum StartingOffsets { EARLIEST, LATEST }

    /** The wire format expected on the posts topic, and what counts as a plausible post. */
    public enum Format { AVRO, JSON, AUTO }

    public record Ingest(
            Format format,
            int maxTextChars,
            Instant earliest,
            Duration maxFutureSkew,
            Duration maxAge)
            implements Serializable {}

    /** First surge pattern: at least {@code minCount} posts per bucket, {@code consecutive} buckets in a row. */
    public record Surge(
            Duration bucket, int minCount, int consecutive, Duration quietAfter, Duration allowedLateness)
            implements Serializable {}

    /** A key that must never be printed: {@code toString()} hides it. */
    public record Secret(byte[] bytes) implements Serializable {
        @Override
        public String toString() {
            return "<" + bytes.length + " bytes, hidden>";
        }
    }

    public static MonitorConfig from(Map<String, String> values) {
        return from(new Settings(values));
    }

    /** Reads every key this job knows, then fails listing every bad value and unknown key. */
    public static MonitorConfig from(Settings s) {
        Kafka kafka = new Kafka(
                s.string("kafka.bootstrap-servers", ""),
                s.string("kafka.group-id", "belfort-monitor"),
                s.string("kafka.topic.posts", "posts"),
                s.string("kafka.topic.rejected", "posts.rejected"),
                s.string("kafka.topic.enriched", "enriched-posts"),
                s.string("kafka.topic.alerts", "alerts"),
                s.choice("kafka.starting-offsets", StartingOffsets.EARLIEST),
                s.duration("kafka.transaction-timeout", Duration.ofSeconds(60), Duration.ofSeconds(10)));
        Ingest ingest = new Ingest(
                s.choice("ingest.format", Format.AUTO),
                s.integer("ingest.max-text-chars", 20_000, 280, 1_000_000),
                Instant.parse("2006-01-01T00:00:00Z"),
                s.duration("ingest.max-future-skew", Duration.ofHours(1), Duration.ZERO),
                s.optionalDuration("ingest.max-age", Duration.ofDays(30)));
        String rulesDir = s.string("rules.dir", "rules");
        Duration dedupeTtl = s.duration("dedupe.ttl", Duration.ofHours(24), Duration.ofMinutes(1));
        Duration outOfOrderness = s.duration("watermark.out-of-orderness", Duration.ofSeconds(30), Duration.ZERO);
        Duration idleness = s.duration("watermark.idleness", Duration.ofMinutes(1), Duration.ofSeconds(1));
        Surge surge = new Surge(
                s.duration("surge.bucket", Duration.ofMinutes(5), Duration.ofSeconds(1)),
                s.integer("surge.min-count", 10, 1, 1_000_000),
                s.integer("surge.consecutive", 2, 1, 100),
                s.duration("surge.quiet-after", Duration.ofHours(1), Duration.ofSeconds(1)),
                s.duration("surge.allowed-lateness", Duration.ZERO, Duration.ZERO));
        Duration checkpointInterval = s.duration("checkpoint.interval", Duration.ofSeconds(10), Duration.ofMillis(100));
        int parallelism = s.integer("parallelism", 1, 1, 1024);
        String key = s.string("pseudonym.key", "");
        if (key.length() < 16) {
            s.problem("pseudonym.key must be set to a secret of at least 16 characters"
                    + " (or set BELFORT_PSEUDONYM_KEY): author handles are pseudonymised with it");
        }
        if (surge.quietAfter().compareTo(surge.bucket().multipliedBy(surge.consecutive())) < 0) {
            s.problem("surge.quiet-after (" + Durations.format(surge.quietAfter()) + ") must cover at least "
                    + "surge.consecutive buckets (" + Durations.format(surge.bucket().multipliedBy(surge.consecutive())) + ")");
        }
        if (kafka.transactionTimeout().compareTo(checkpointInterval) <= 0) {
            s.problem("kafka.transaction-timeout must be longer than checkpoint.interval: a transaction spans a checkpoint");
        }
        s.finish();
        return new MonitorConfig(kafka, ingest, rulesDir, dedupeTtl, outOfOrderness, idleness, surge,
                checkpointInterval, parallelism, new Secret(key.getBytes(StandardCharsets.UTF_8)));
    }

    /** The settings as key/value pairs (secret hidden), for start-up logs and `--print-config`. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        m.put("kafka.group-id", kafka.groupId());
        m.put("kafka.topic.posts", kafka.postsTopic());
        m.put("kafka.topic.rejected", kafka.rejectedTopic());
        m.put("kafka.topic.enriched", kafka.enrichedTopic());
        m.put("kafka.topic.alerts", kafka.alertsTopic());
        m.put("kafka.starting-offsets", kafka.startingOffsets().name().toLowerCase());
        m.put("kafka.transaction-timeout", Durations.format(kafka.transactionTimeout()));
        m.put("ingest.format", ingest.format().name().toLowerCase());
        m.put("ingest.max-text-chars", Integer.toString(ingest.maxTextChars()));
        m.put("ingest.max-future-skew", Durations.format(ingest.maxFutureSkew()));
        m.put("ingest.max-age", ingest.maxAge() == null ? "none" : Durations.format(ingest.maxAge()));
        m.put("rules.dir", rulesDir);
        m.put("dedupe.ttl", Durations.format(dedupeTtl));
        m.put("watermark.out-of-orderness", Durations.format(outOfOrderness));
        m.put("watermark.idleness", Durations.format(idleness));
        m.put("surge.bucket", Durations.format(surge.bucket()));
        m.put("surge.min-count", Integer.toString(surge.minCount()));
        m.put("surge.consecutive", Integer.toString(surge.consecutive()));
        m.put("surge.quiet-after", Durations.format(surge.quietAfter()));
        m.put("surge.allowed-lateness", Durations.format(surge.allowedLateness()));
        m.put("checkpoint.interval", Durations.format(checkpointInterval));
        m.put("parallelism", Integer.toString(parallelism));
        m.put("pseudonym.key", pseudonymKey.toString());
        return m;
    }
}
