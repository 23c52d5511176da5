package be.belfort.console;

import be.belfort.alert.AlertStore;
import be.belfort.ingest.AvroCodec;
import be.belfort.ingest.InvalidInputException;
import be.belfort.schema.Alert;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the alerts topic (read_committed: only what the pipeline's checkpoints committed), stores
 * every record with {@link AlertStore#upsert} and then announces the changed alert ids. Offsets are
 * committed after the store, so a restart re-reads at most one batch, which the upsert absorbs.
 *
 * <p>A record that does not decode is logged (topic, partition, offset, reason) and skipped: one bad
 * record must not blind the control room. A database outage is retried, not skipped.
 */
final class AlertFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AlertStore store;
    private final Consumer<Set<String>> changed;
    private final Thread thread;
    private volatile boolean running = true;

    AlertFeed(ConsoleConfig cfg, AlertStore store, Consumer<Set<String>> changed) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, cfg.groupId(),
                ConsumerConfig.CLIENT_ID_CONFIG, "belfort-console-feed",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(cfg.alertsTopic()));
        this.store = store;
        this.changed = changed;
        this.thread = new Thread(this::loop, "belfort-console-feed");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) continue;
                List<Alert> alerts = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    try {
                        alerts.add(AvroCodec.decode(r.value() == null ? new byte[0] : r.value(), Alert.class));
                    } catch (InvalidInputException e) {
                        LOG.warn("skipping unreadable alert record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                    }
                }
                storeUntilDone(alerts);
                consumer.commitSync();
                Set<String> ids = new LinkedHashSet<>();
                alerts.forEach(a -> ids.add(a.getId()));
                if (!ids.isEmpty()) changed.accept(ids);
            }
        } catch (WakeupException e) {
            if (running) throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("console alert feed stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void storeUntilDone(List<Alert> alerts) throws InterruptedException {
        while (running) {
            try {
                store.upsert(alerts);
                return;
            } catch (SQLException e) {
                LOG.warn("cannot store {} alert records, retrying in {}: {}", alerts.size(), RETRY, e.getMessage());
                Thread.sleep(RETRY.toMillis());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
