package be.belfort.monitor;

import be.belfort.alert.Backoff;
import be.belfort.alert.WebhookClient;
import be.belfort.config.Durations;
import be.belfort.config.Settings;
import be.belfort.ingest.PostDecoder;
import be.belfort.ingest.PostValidator;
import be.belfort.ingest.ValidationLimits;
import be.belfort.ingest.WireFormat;
import be.belfort.schema.EnrichedPost;
import be.belfort.surge.SurgeConfig;
import be.belfort.surge.SurgeRules;
import be.belfort.surge.SurgeRulesLoader;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
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
        SurgeConfig surge,
        Duration checkpointInterval,
        int parallelism,
        Secret pseudonymKey,
        PostgresStore postgres,
        Webhook webhook,
        Analysis analysis,
        EnrichedOutput enrichedOutput)
        implements Serializable {

    /**
     * Which analysed posts go to the enriched-posts output ({@code enriched.output}). {@code matched}, the
     * default, keeps only posts some saved search matched: a post no search asked for has no purpose to
     * be stored for, and retention is set per saved search. {@code all} writes every analysed post, for
     * a deployment that has a lawful use for the whole stream, and for tests that account for every post
     * by reading the topic. With {@code matched} the posts not written are counted (metric
     * {@value MonitorTopology#UNMATCHED_METRIC}).
     */
    public enum EnrichedOutput {
        MATCHED, ALL;

        /** Whether this output writes {@code post}: the one definition the job's filter and the benchmark share. */
        public boolean writes(EnrichedPost post) {
            return this == ALL || !post.getMatches().isEmpty();
        }
    }

    /**
     * How the analysis operator batches posts ({@code analyze.*}): batches of up to {@code batchSize}
     * are much cheaper per post; no post waits longer than {@code maxWait} for its batch to fill.
     */
    public record Analysis(int batchSize, Duration maxWait) implements Serializable {}

    /** Where the pipeline reads and writes on Kafka. */
    public record Kafka(
            String bootstrapServers,
            String groupId,
            String postsTopic,
            String rejectedTopic,
            String enrichedTopic,
            String alertsTopic,
            String rulesTopic,
            String actionsTopic,
            String deadLetterTopic,
            String lateTopic,
            StartingOffsets startingOffsets,
            Duration transactionTimeout)
            implements Serializable {
        /** Rule changes are read from {@link #rulesTopic} unless it is set to {@code none}. */
        public boolean hotReload() {
            return !rulesTopic.equalsIgnoreCase("none");
        }

        /** The control room's actions are read from {@link #actionsTopic} unless it is set to {@code none}. */
        public boolean operatorFeedback() {
            return !actionsTopic.equalsIgnoreCase("none");
        }

        /** Late hits are written to {@link #lateTopic} unless it is set to {@code none} (then only counted). */
        public boolean lateOutput() {
            return !lateTopic.equalsIgnoreCase("none");
        }
    }

    /** Which offsets a job without a committed position starts from. */
    public enum StartingOffsets { EARLIEST, LATEST }

    /** The wire format expected on the posts topic, and what counts as a plausible post. */
    public record Ingest(WireFormat format, ValidationLimits limits) implements Serializable {}

    /**
     * The PostgreSQL alert store sink ({@code sink.postgres.*}); {@link MonitorConfig#postgres()} is null
     * when {@code sink.postgres.url} is not set.
     */
    public record PostgresStore(String url, String user, Secret password, int batchSize, int maxAttempts, Duration backoff)
            implements Serializable {}

    /**
     * The dispatch webhook sink ({@code sink.webhook.*}); {@link MonitorConfig#webhook()} is null when
     * {@code sink.webhook.url} is not set.
     */
    public record Webhook(URI url, int maxAttempts, Duration timeout, Duration backoff) implements Serializable {}

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
                s.string("kafka.topic.rules", "rules"),
                s.string("kafka.topic.alert-actions", "alert-actions"),
                s.string("kafka.topic.dead-letter", "alerts.dead-letter"),
                s.string("kafka.topic.late", "posts.late"),
                s.choice("kafka.starting-offsets", StartingOffsets.EARLIEST),
                s.duration("kafka.transaction-timeout", Duration.ofSeconds(60), Duration.ofSeconds(10)));
        ValidationLimits d = ValidationLimits.defaults();
        Ingest ingest = new Ingest(
                s.choice("ingest.format", WireFormat.AUTO),
                new ValidationLimits(
                        s.integer("ingest.max-text-chars", d.maxTextChars(), 280, 1_000_000),
                        d.maxIdChars(),
                        d.maxAuthorChars(),
                        d.earliest(),
                        s.duration("ingest.max-future-skew", d.maxFutureSkew(), Duration.ZERO),
                        s.optionalDuration("ingest.max-age", d.maxAge())));
        String rulesDir = s.string("rules.dir", "rules");
        Duration dedupeTtl = s.duration("dedupe.ttl", Duration.ofHours(24), Duration.ofMinutes(1));
        Duration outOfOrderness = s.duration("watermark.out-of-orderness", Duration.ofSeconds(30), Duration.ZERO);
        Duration idleness = s.duration("watermark.idleness", Duration.ofMinutes(1), Duration.ofSeconds(1));
        SurgeConfig surge = surge(s, rulesDir);
        Duration checkpointInterval = s.duration("checkpoint.interval", Duration.ofSeconds(10), Duration.ofMillis(100));
        int parallelism = s.integer("parallelism", 1, 1, 1024);
        String key = s.string("pseudonym.key", "");
        if (key.length() < 16) {
            s.problem("pseudonym.key must be set to a secret of at least 16 characters"
                    + " (or set BELFORT_PSEUDONYM_KEY): author handles are pseudonymised with it");
        }
        if (kafka.transactionTimeout().compareTo(checkpointInterval) <= 0) {
            s.problem("kafka.transaction-timeout must be longer than checkpoint.interval: a transaction spans a checkpoint");
        }
        Analysis analysis = new Analysis(
                s.integer("analyze.batch-size", 64, 1, 4096),
                s.duration("analyze.max-wait", Duration.ofMillis(50), Duration.ofMillis(1)));
        EnrichedOutput enrichedOutput = s.choice("enriched.output", EnrichedOutput.MATCHED);
        PostgresStore postgres = postgres(s);
        Webhook webhook = webhook(s);
        if (webhook != null) {
            Duration stall = WebhookClient.worstCase(webhook.maxAttempts(), webhook.timeout(), new Backoff(webhook.backoff()));
            if (stall.plus(checkpointInterval).compareTo(kafka.transactionTimeout()) >= 0) {
                s.problem("sink.webhook: one alert can hold the checkpoint back for up to " + Durations.format(stall)
                        + " (max-attempts x 2 x timeout + backoff pauses); with checkpoint.interval that must stay"
                        + " below kafka.transaction-timeout: lower the attempts or the timeout, or raise the transaction timeout");
            }
        }
        s.finish();
        return new MonitorConfig(kafka, ingest, rulesDir, dedupeTtl, outOfOrderness, idleness, surge,
                checkpointInterval, parallelism, new Secret(key.getBytes(StandardCharsets.UTF_8)), postgres, webhook,
                analysis, enrichedOutput);
    }

    private static PostgresStore postgres(Settings s) {
        String url = s.string("sink.postgres.url", "");
        String user = s.string("sink.postgres.user", "belfort");
        String password = s.string("sink.postgres.password", "");
        int batchSize = s.integer("sink.postgres.batch-size", 100, 1, 10_000);
        int maxAttempts = s.integer("sink.postgres.max-attempts", 5, 1, 100);
        Duration backoff = s.duration("sink.postgres.backoff", Duration.ofMillis(500), Duration.ofMillis(1));
        if (url.isEmpty()) return null;
        if (!url.startsWith("jdbc:postgresql:")) {
            s.problem("sink.postgres.url = '" + url + "': must start with jdbc:postgresql:");
            return null;
        }
        return new PostgresStore(url, user, new Secret(password.getBytes(StandardCharsets.UTF_8)), batchSize, maxAttempts, backoff);
    }

    private static Webhook webhook(Settings s) {
        String url = s.string("sink.webhook.url", "");
        int maxAttempts = s.integer("sink.webhook.max-attempts", 5, 1, 100);
        Duration timeout = s.duration("sink.webhook.timeout", Duration.ofSeconds(4), Duration.ofMillis(100));
        Duration backoff = s.duration("sink.webhook.backoff", Duration.ofMillis(500), Duration.ofMillis(1));
        if (url.isEmpty()) return null;
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an http:// or https:// address with a host");
            }
            return new Webhook(uri, maxAttempts, timeout, backoff);
        } catch (URISyntaxException e) {
            s.problem("sink.webhook.url = '" + url + "': " + e.getReason());
            return null;
        }
    }

    /**
     * Thresholds and patterns come from {@code <rules.dir>/surge.yaml} (built-in defaults without one);
     * {@code surge.min-count} and {@code surge.consecutive} override the file's values.
     */
    private static SurgeConfig surge(Settings s, String rulesDir) {
        SurgeConfig d = SurgeConfig.defaults();
        SurgeRulesLoader.Loaded loaded = SurgeRulesLoader.loadFrom(Path.of(rulesDir));
        loaded.problems().forEach(p -> s.problem("surge rules: " + p));
        SurgeRules rules = loaded.rules();
        Duration bucket = s.duration("surge.bucket", d.bucket(), Duration.ofSeconds(1));
        int minCount = s.integer("surge.min-count", rules.minCount(), 1, 1_000_000);
        int consecutive = s.integer("surge.consecutive", rules.consecutive(), 1, 100);
        Duration quietAfter = s.duration("surge.quiet-after", d.quietAfter(), Duration.ofSeconds(1));
        Duration lateness = s.duration("surge.allowed-lateness", d.allowedLateness(), Duration.ZERO);
        try {
            return new SurgeConfig(bucket, quietAfter, lateness,
                    rules.withMinCount(minCount).withConsecutive(consecutive));
        } catch (IllegalArgumentException e) {
            s.problem("surge settings: " + e.getMessage());
            return d;
        }
    }

    /** Decodes and validates posts as configured, judging timestamps against the wall clock. */
    public PostDecoder decoder() {
        return new PostDecoder(ingest.format(), new PostValidator(ingest.limits(), Clock.systemUTC()));
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
        m.put("kafka.topic.rules", kafka.rulesTopic());
        m.put("kafka.topic.alert-actions", kafka.actionsTopic());
        m.put("kafka.topic.dead-letter", kafka.deadLetterTopic());
        m.put("kafka.topic.late", kafka.lateTopic());
        m.put("kafka.starting-offsets", kafka.startingOffsets().name().toLowerCase());
        m.put("kafka.transaction-timeout", Durations.format(kafka.transactionTimeout()));
        m.put("ingest.format", ingest.format().name().toLowerCase());
        m.put("ingest.max-text-chars", Integer.toString(ingest.limits().maxTextChars()));
        m.put("ingest.max-future-skew", Durations.format(ingest.limits().maxFutureSkew()));
        m.put("ingest.max-age", ingest.limits().maxAge() == null ? "none" : Durations.format(ingest.limits().maxAge()));
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
        m.put("analyze.batch-size", Integer.toString(analysis.batchSize()));
        m.put("analyze.max-wait", Durations.format(analysis.maxWait()));
        m.put("enriched.output", enrichedOutput.name().toLowerCase());
        m.put("pseudonym.key", pseudonymKey.toString());
        if (postgres != null) {
            m.put("sink.postgres.url", postgres.url());
            m.put("sink.postgres.user", postgres.user());
            m.put("sink.postgres.password", postgres.password().toString());
            m.put("sink.postgres.batch-size", Integer.toString(postgres.batchSize()));
            m.put("sink.postgres.max-attempts", Integer.toString(postgres.maxAttempts()));
            m.put("sink.postgres.backoff", Durations.format(postgres.backoff()));
        }
        if (webhook != null) {
            m.put("sink.webhook.url", webhook.url().toString());
            m.put("sink.webhook.max-attempts", Integer.toString(webhook.maxAttempts()));
            m.put("sink.webhook.timeout", Durations.format(webhook.timeout()));
            m.put("sink.webhook.backoff", Durations.format(webhook.backoff()));
        }
        return m;
    }
}
