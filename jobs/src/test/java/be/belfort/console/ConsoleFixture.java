package be.belfort.console;

import be.belfort.ingest.AvroCodec;
import be.belfort.local.EmbeddedKafka;
import be.belfort.local.EmbeddedPostgres;
import be.belfort.nlp.Gazetteer;
import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A running console on an embedded Kafka and PostgreSQL, with a supervisor and an operator account. */
final class ConsoleFixture implements AutoCloseable {
    static final String SUPERVISOR = "sofie";
    static final String OPERATOR = "omar";
    static final String PASSWORD = "correct horse battery";
    /** Low iteration count: the tests log in many times; production hashes use the default. */
    private static final int TEST_ITERATIONS = 2_000;

    final EmbeddedKafka kafka;
    final EmbeddedPostgres pg;
    final Console console;
    final ConsoleConfig cfg;
    private final KafkaProducer<byte[], byte[]> producer;

    ConsoleFixture() throws Exception {
        kafka = EmbeddedKafka.start();
        pg = EmbeddedPostgres.start();
        cfg = ConsoleConfig.from(Map.of(
                "kafka.bootstrap-servers", kafka.bootstrapServers(),
                "console.port", "0",
                "console.login.max-failures", "3"));
        kafka.createTopics(1, cfg.alertsTopic(), cfg.actionsTopic());
        String hash = PasswordHash.hash(PASSWORD.toCharArray(), TEST_ITERATIONS);
        OperatorAccounts accounts = OperatorAccounts.parse("test", List.of(
                SUPERVISOR + ":supervisor:" + hash,
                OPERATOR + ":operator:" + hash));
        Gazetteer gazetteer = Gazetteer.load(Path.of(System.getProperty("belfort.rules.dir", "../rules")).resolve("places"));
        console = Console.start(cfg, pg.dataSource(), accounts, gazetteer);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** An alert as the pipeline would write it, created now. */
    static Alert alert(String id, String topic, String area, long count, Severity severity, AlertStatus status) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return Alert.newBuilder()
                .setId(id).setKind("surge").setTopic(topic).setArea(area)
                .setWindowStart(now.minusSeconds(300)).setWindowEnd(now)
                .setCount(count).setBaseline(4.0).setScore(count / 4.0)
                .setSeverity(severity).setStatus(status)
                .setEvidencePostIds(List.of("tw-1", "tw-2"))
                .setTopTerms(List.of("vechtpartij", "politie"))
                .setRulesVersion("test").setCreatedAt(now)
                .build();
    }

    void produce(Alert a) throws Exception {
        producer.send(new ProducerRecord<>(cfg.alertsTopic(), a.getId().getBytes(StandardCharsets.UTF_8), AvroCodec.encode(a))).get();
    }

    @Override
    public void close() throws Exception {
        producer.close();
        console.close();
        pg.close();
        kafka.close();
    }
}
