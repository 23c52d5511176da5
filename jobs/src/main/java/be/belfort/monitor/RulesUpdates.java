package be.belfort.monitor;

import be.belfort.classify.RulesBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Getting rule changes to a running job: validate a rules folder, publish it as one bundle on the
 * {@code rules} topic, and, in local mode, watch the folder and publish every valid change.
 *
 * <pre>{@code
 * String version = RulesUpdates.publish("localhost:9092", "rules", Path.of("rules"));
 * }</pre>
 */
public final class RulesUpdates {
    /** Editors save in several steps; wait for the folder to settle before reading it. */
    private static final long SETTLE_MILLIS = 400;

    private RulesUpdates() {}

    /**
     * Validates {@code dir} with the job's own loaders and publishes it; returns the rules version.
     * Throws RuleException or GazetteerException (file:line problems) without publishing anything.
     */
    public static String publish(String bootstrapServers, String topic, Path dir) {
        RulesBundle bundle = RulesBundle.read(dir, System.currentTimeMillis());
        String version = AnalysisSpec.fromBundle(bundle).rules().version();
        send(bootstrapServers, topic, bundle);
        return version;
    }

    /** Sends a bundle as is, valid or not: the job validates again and rejects what it cannot use. */
    public static void send(String bootstrapServers, String topic, RulesBundle bundle) {
        Map<String, Object> cfg = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cfg, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "rules".getBytes(StandardCharsets.UTF_8), bundle.toJson())).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish rules to " + topic + " on " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }

    /**
     * Watches {@code dir} (and its sub-folders) on a daemon thread; after each change, publishes the
     * folder when it validates and reports either outcome to {@code report}. Close the returned
     * handle to stop.
     */
    public static AutoCloseable watch(String bootstrapServers, String topic, Path dir, Consumer<String> report) {
        WatchService watcher;
        try {
            watcher = FileSystems.getDefault().newWatchService();
            try (Stream<Path> dirs = Files.walk(dir)) {
                for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                    d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch rules folder " + dir, e);
        }
        Thread t = new Thread(() -> loop(watcher, bootstrapServers, topic, dir, report), "belfort-rules-watcher");
        t.setDaemon(true);
        t.start();
        return watcher::close;
    }

    private static void loop(WatchService watcher, String bootstrapServers, String topic, Path dir, Consumer<String> report) {
        String lastDigest = RulesBundle.read(dir, 0).digest;
        try {
            while (true) {
                WatchKey key = watcher.take();
                Thread.sleep(SETTLE_MILLIS);
                do {
                    key.pollEvents();
                    key.reset();
                } while ((key = watcher.poll()) != null);
                String digest = RulesBundle.read(dir, 0).digest;
                if (digest.equals(lastDigest)) continue;
                lastDigest = digest;
                try {
                    report.accept("rules changed: version " + publish(bootstrapServers, topic, dir) + " published to the job");
                } catch (RuntimeException e) {
                    report.accept("rules change NOT published, the running rules stay in force: " + e.getMessage());
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closed: stop watching.
        }
    }
}
