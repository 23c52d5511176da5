package be.belfort.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void createTopicsIsIdempotentAndKeepsPartitionCount() throws Exception {
        kafka.createTopics(3, "posts", "alerts");
        kafka.createTopics(1, "posts", "rejected");

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            var topics = admin.describeTopics(Set.of("posts", "alerts", "rejected")).allTopicNames().get();
            assertEquals(3, topics.get("posts").partitions().size());
            assertEquals(3, topics.get("alerts").partitions().size());
            assertEquals(1, topics.get("rejected").partitions().size());
        }
    }

    @Test
    void noAutomaticTopicCreation() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000),
                new StringSerializer(), new StringSerializer())) {
            var send = producer.send(new ProducerRecord<>("does-not-exist", "k", "v"));
            assertThrows(Exception.class, () -> send.get());
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertFalse(admin.listTopics().names().get().contains("does-not-exist"));
        }
    }

    @Test
    void readCommittedConsumerSeesOnlyCommittedTransactions() {
        kafka.createTopics(2, "tx");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "belfort-test-tx",
                // What Flink's exactly-once KafkaSink uses; must be within transaction.max.timeout.ms.
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 900_000),
                new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "a", "committed-1"));
            producer.send(new ProducerRecord<>("tx", "b", "committed-2"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "c", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "d", "committed-3"));
            producer.commitTransaction();
        }

        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "belfort-test-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("tx"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < 3 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            // Give a wrongly visible aborted record a chance to show up.
            consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
        }
        assertEquals(Set.of("committed-1", "committed-2", "committed-3"), Set.copyOf(values));
        assertEquals(3, values.size());
    }

    @Test
    void startingPrintsNothingToStdout() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (EmbeddedKafka other = EmbeddedKafka.start()) {
            other.createTopics(1, "quiet");
        } finally {
            System.setOut(original);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void temporaryDataIsDeletedOnClose() {
        Path dir;
        try (EmbeddedKafka other = EmbeddedKafka.start()) {
            dir = other.dataDir();
            other.createTopics(1, "t");
            assertTrue(Files.isDirectory(dir));
        }
        assertFalse(Files.exists(dir), "data directory still exists: " + dir);
    }

    @Test
    void explicitDataDirMustBeEmptyAndIsKept(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("junk"), "x", StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> EmbeddedKafka.start(tmp));

        Path dir = tmp.resolve("kafka");
        try (EmbeddedKafka other = EmbeddedKafka.start(dir)) {
            other.createTopics(1, "kept");
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.findAny().isPresent(), "broker data was removed from " + dir);
        }
    }
}
