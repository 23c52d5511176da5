package be.belfort.monitor;

import be.belfort.alert.OperatorActions;
import be.belfort.classify.RulesBundle;
import be.belfort.alert.Backoff;
import be.belfort.alert.PostgresAlertSink;
import be.belfort.alert.WebhookSink;
import be.belfort.ingest.AvroKafkaSerializer;
import be.belfort.ingest.Ingested;
import be.belfort.ingest.KafkaPostDeserializer;
import be.belfort.schema.Alert;
import be.belfort.schema.EnrichedPost;
import be.belfort.schema.RejectedRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The monitor job on Kafka: {@code posts} in; {@code alerts}, {@code enriched-posts},
 * {@code posts.rejected} and {@code posts.late} out, all exactly-once. When configured, alerts also go to the PostgreSQL alert
 * store and to a dispatch webhook, whose dead letters go to {@code alerts.dead-letter} (exactly-once too). Submit the shaded jar with {@code flink run}, or
 * start it from {@code bin/belfort run}; {@code bin/belfort demo} runs it on an embedded broker.
 *
 * <pre>{@code
 * flink run -c be.belfort.monitor.MonitorJob belfort.jar \
 *     --set kafka.bootstrap-servers=kafka:9092 --set rules.dir=/opt/belfort/rules
 * }</pre>
 */
public final class MonitorJob {
    /** How long a sink's producer waits to fill a batch: alerts and rejections are wanted at once. */
    private static final int LINGER_MS = 10;
    /**
     * Enriched posts are no one's alarm, and with exactly-once they become readable (read_committed) only
     * at the next checkpoint anyway: fuller batches at 100 ms took the broker's and the producers' CPU
     * per post in {@code bench pipeline} from about 3.2 to 1.8 µs.
     */
    private static final int ENRICHED_LINGER_MS = 100;

    private MonitorJob() {}

    /** Entry point for {@code flink run}: the arguments are {@code --config FILE} and {@code --set key=value}. */
    public static void main(String[] args) throws Exception {
        MonitorConfig cfg = JobArgs.parse(args);
        requireTopics(cfg);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        define(env, cfg, AnalysisSpec.load(java.nio.file.Path.of(cfg.rulesDir())));
        env.execute("belfort-monitor");
    }

    /** Adds the Kafka-wired monitor pipeline to {@code env}, configured for exactly-once delivery. */
    public static MonitorTopology.Streams define(StreamExecutionEnvironment env, MonitorConfig cfg, AnalysisSpec analysis) {
        if (cfg.kafka().bootstrapServers().isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap-servers is not set");
        }
        configure(env, cfg);
        return MonitorTopology.build(env, new MonitorTopology.Inputs(
                source(cfg),
                cfg.kafka().hotReload() ? rulesSource(cfg) : null,
                cfg.kafka().operatorFeedback() ? actionsSource(cfg) : null), cfg, analysis, sinks(cfg));
    }

    /** Every topic the job reads or writes, as configured. */
    public static List<String> topics(MonitorConfig cfg) {
        MonitorConfig.Kafka k = cfg.kafka();
        List<String> topics = new ArrayList<>(List.of(k.postsTopic(), k.rejectedTopic(), k.enrichedTopic(), k.alertsTopic()));
        if (k.hotReload()) topics.add(k.rulesTopic());
        if (k.operatorFeedback()) topics.add(k.actionsTopic());
        if (k.lateOutput()) topics.add(k.lateTopic());
        if (cfg.postgres() != null || cfg.webhook() != null) topics.add(k.deadLetterTopic());
        return topics;
    }

    /**
     * Fails before submission, in one readable line, when a topic is missing: a running job would
     * otherwise die later in a Kafka source coordinator with a far less helpful message.
     */
    public static void requireTopics(MonitorConfig cfg) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.kafka().bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            Set<String> existing = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            List<String> missing = topics(cfg).stream().filter(t -> !existing.contains(t)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Kafka topics missing on " + cfg.kafka().bootstrapServers() + ": "
                        + String.join(", ", missing) + " (create them, or set kafka.topic.rules, kafka.topic.alert-actions or kafka.topic.late to none)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Kafka topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + cfg.kafka().bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checkpointing drives the Kafka transactions: alerts become visible when a checkpoint completes.
     *
     * <p>Object reuse: without it Flink deep-copies every record handed to a chained operator (each
     * enriched post once for the topic hits and once for its sink, through Avro's reflective deep copy).
     * The pipeline's functions never modify a record they receive nor keep one they passed on, which
     * is what reuse requires.
     */
    static void configure(StreamExecutionEnvironment env, MonitorConfig cfg) {
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.setParallelism(cfg.parallelism());
        env.enableCheckpointing(cfg.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.getConfig().enableObjectReuse();
    }

    static KafkaSource<Ingested> source(MonitorConfig cfg) {
        MonitorConfig.Kafka k = cfg.kafka();
        return KafkaSource.<Ingested>builder()
                .setBootstrapServers(k.bootstrapServers())
                .setTopics(k.postsTopic())
                .setGroupId(k.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(
                        k.startingOffsets() == MonitorConfig.StartingOffsets.EARLIEST
                                ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST))
                .setDeserializer(new KafkaPostDeserializer(cfg.decoder()))
                // Producers that write transactionally must not have aborted posts counted.
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }

    /** Rule updates for hot reload: read from the start, the operator keeps only the newest valid bundle. */
    static KafkaSource<RulesBundle> rulesSource(MonitorConfig cfg) {
        return controlSource(cfg, cfg.kafka().rulesTopic(), "rules", new RulesBundleDeserializer());
    }

    /** The control room's decisions, from the start: holds whose cooldown ran out simply expire again. */
    static KafkaSource<OperatorActions> actionsSource(MonitorConfig cfg) {
        return controlSource(cfg, cfg.kafka().actionsTopic(), "actions", new OperatorActions.Deserializer());
    }

    /**
     * A small control topic read whole from the start on every run (its state is what the messages
     * say, not how far a group got), with a group of its own so its offsets never mix with the posts'.
     */
    private static <T> KafkaSource<T> controlSource(
            MonitorConfig cfg, String topic, String groupSuffix, KafkaRecordDeserializationSchema<T> deserializer) {
        return KafkaSource.<T>builder()
                .setBootstrapServers(cfg.kafka().bootstrapServers())
                .setTopics(topic)
                .setGroupId(cfg.kafka().groupId() + "-" + groupSuffix)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(deserializer)
                .setProperty("isolation.level", "read_committed")
                .build();
    }

    /** Never throws: an unreadable message becomes a bundle carrying its problem, which the job rejects. */
    static final class RulesBundleDeserializer implements KafkaRecordDeserializationSchema<RulesBundle> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<RulesBundle> out) {
            String source = r.topic() + "/" + r.partition() + "/" + r.offset();
            out.collect(r.value() == null
                    ? RulesBundle.unreadable(source, "empty rules message")
                    : RulesBundle.fromJson(r.value(), source));
        }

        @Override
        public TypeInformation<RulesBundle> getProducedType() {
            return TypeInformation.of(RulesBundle.class);
        }
    }

    static MonitorTopology.Sinks sinks(MonitorConfig cfg) {
        MonitorConfig.Kafka k = cfg.kafka();
        MonitorConfig.PostgresStore pg = cfg.postgres();
        MonitorConfig.Webhook hook = cfg.webhook();
        return new MonitorTopology.Sinks(
                kafkaSink(cfg, k.alertsTopic(), "belfort-alerts", (Alert a) -> a.getTopic() + "|" + a.getArea(), LINGER_MS),
                kafkaSink(cfg, k.enrichedTopic(), "belfort-enriched", (EnrichedPost p) -> p.getId(), ENRICHED_LINGER_MS),
                kafkaSink(cfg, k.rejectedTopic(), "belfort-rejected", (RejectedRecord r) -> r.getSource(), LINGER_MS),
                k.lateOutput() ? kafkaSink(cfg, k.lateTopic(), "belfort-late", (RejectedRecord r) -> r.getSource(), LINGER_MS) : null,
                pg == null ? null : new PostgresAlertSink(pg.url(), pg.user(),
                        new String(pg.password().bytes(), StandardCharsets.UTF_8), pg.batchSize(), pg.maxAttempts(),
                        new Backoff(pg.backoff()), deadLetterSink(cfg, "postgres")),
                hook == null ? null : new WebhookSink(hook.url(), hook.maxAttempts(), hook.timeout(),
                        new Backoff(hook.backoff()), deadLetterSink(cfg, "webhook")));
    }

    /** Each alert sink's dead letters, keyed by alert id; a transactional id of its own per writing sink. */
    private static KafkaSink<RejectedRecord> deadLetterSink(MonitorConfig cfg, String sink) {
        return kafkaSink(cfg, cfg.kafka().deadLetterTopic(), "belfort-dead-letter-" + sink, (RejectedRecord r) -> r.getSource(), LINGER_MS);
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> KafkaSink<T> kafkaSink(
            MonitorConfig cfg, String topic, String txPrefix,
            org.apache.flink.util.function.SerializableFunction<T, String> key, int lingerMs) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(cfg.kafka().bootstrapServers())
                .setRecordSerializer(new AvroKafkaSerializer<>(topic, key))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(txPrefix + "-" + cfg.kafka().groupId())
                .setProperty("transaction.timeout.ms", Long.toString(cfg.kafka().transactionTimeout().toMillis()))
                // Enriched posts go out at the job's full rate: larger batches mean far fewer produce requests
                // for the broker. No compression: on a CPU-bound machine it costs more than the bytes it saves.
                .setProperty("batch.size", Integer.toString(256 * 1024))
                .setProperty("linger.ms", Integer.toString(lingerMs))
                .build();
    }
}
