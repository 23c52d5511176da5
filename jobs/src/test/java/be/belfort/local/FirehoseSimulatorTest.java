package be.belfort.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FirehoseSimulatorTest {

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

    /** 20 simulated minutes with many duplicates and malformed records, sent as fast as possible. */
    private static Scenario small(long seed) {
        return Scenario.gentseFeesten()
                .duration(Duration.ofMinutes(20))
                .backgroundPerMinute(60)
                .bursts(List.of(new Burst(ContentKind.GEWELD, "Korenmarkt", Duration.ofMinutes(5), Duration.ofMinutes(10), 30)))
                .duplicateFraction(0.05)
                .malformedFraction(0.05)
                .timeScale(Double.POSITIVE_INFINITY)
                .seed(seed)
                .build();
    }

    @Test
    void topicHoldsExactlyTheGeneratedRecordsAndTheCountsMatch() throws Exception {
        kafka.createTopics(1, "firehose-all");
        Scenario scenario = small(3);
        FirehoseSimulator.Snapshot done;
        try (FirehoseSimulator simulator = new FirehoseSimulator(scenario);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(FirehoseSimulator.producerConfig(kafka.bootstrapServers()))) {
            done = simulator.produce(producer, "firehose-all");
            assertThrows(IllegalStateException.class, () -> simulator.produce(producer, "firehose-all"));
        }

        List<Emission> expected = ScenarioGenerator.stream(scenario).toList();
        Map<Emission.Type, Long> byType = new EnumMap<>(Emission.Type.class);
        Map<MalformedKind, Long> byKind = new EnumMap<>(MalformedKind.class);
        for (MalformedKind k : MalformedKind.values()) {
            byKind.put(k, 0L);
        }
        for (Emission e : expected) {
            byType.merge(e.type(), 1L, Long::sum);
            if (e.malformed() != null) {
                byKind.merge(e.malformed(), 1L, Long::sum);
            }
        }
        assertTrue(done.finished());
        assertEquals(0, done.failed(), done.lastError());
        assertEquals(byType.get(Emission.Type.POST), done.valid());
        assertEquals(byType.get(Emission.Type.DUPLICATE), done.duplicates());
        assertEquals(byKind, done.malformed());
        assertEquals(expected.size(), done.sent());
        assertEquals(expected.get(expected.size() - 1).offset(), done.simulated());
        assertEquals(scenario.start().plus(done.simulated()), done.eventTime());

        // One partition: the topic must hold the same records in the same order.
        List<ConsumerRecord<byte[], byte[]>> records = readAll("firehose-all", expected.size());
        assertEquals(expected.size(), records.size());
        for (int i = 0; i < expected.size(); i++) {
            Emission e = expected.get(i);
            ConsumerRecord<byte[], byte[]> r = records.get(i);
            assertArrayEquals(e.payload(), r.value(), "record " + i + ": " + e);
            assertArrayEquals(e.key() == null ? null : e.key().getBytes(StandardCharsets.UTF_8), r.key(), "key " + i);
        }
    }

    @Test
    void pacedRunInTheBackgroundCanBeStopped() throws Exception {
        kafka.createTopics(1, "firehose-stopped");
        // Two simulated hours at 60x: two minutes of wall time if nobody stops it.
        Scenario scenario = Scenario.gentseFeesten().seed(5).build();
        FirehoseSimulator simulator = new FirehoseSimulator(scenario);
        CompletableFuture<FirehoseSimulator.Snapshot> run = simulator.start(kafka.bootstrapServers(), "firehose-stopped");
        assertThrows(IllegalStateException.class, () -> simulator.start(kafka.bootstrapServers(), "firehose-stopped"));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (simulator.stats().snapshot().sent() < 20 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        FirehoseSimulator.Snapshot progress = simulator.stats().snapshot();
        assertTrue(progress.sent() >= 20, "nothing sent: " + progress);
        assertTrue(progress.simulated().compareTo(Duration.ZERO) > 0);

        simulator.close();
        FirehoseSimulator.Snapshot done = run.get(30, TimeUnit.SECONDS);
        assertTrue(done.finished());
        long total = ScenarioGenerator.stream(scenario).count();
        assertTrue(done.sent() < total, done.sent() + " of " + total);
        assertEquals(done.sent(), readAll("firehose-stopped", (int) done.sent()).size());
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // Anything beyond the expected count would be a bug; give it a moment to show up.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }
}
