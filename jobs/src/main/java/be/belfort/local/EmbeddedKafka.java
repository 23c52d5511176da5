package be.belfort.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka broker (KRaft, combined controller + broker) running inside this JVM,
 * for {@code belfort demo} and integration tests.
 *
 * <p>The broker is configured so that an exactly-once Flink {@code KafkaSink} works against it:
 * transaction and offset topics with replication factor 1, a transaction timeout ceiling well above
 * the sink's, no initial rebalance delay and no automatic topic creation (topics are created
 * explicitly with {@link #createTopics}, so a typo in a topic name fails instead of silently creating
 * an empty topic). It listens on a random free port of {@code localhost}.
 *
 * <p>The broker logs through SLF4J only; it never writes to stdout.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** Name prefix of the threads {@link KafkaClusterTestKit} runs formatting and startup in. */
    private static final String TEST_KIT_THREAD_PREFIX = "kafka-cluster-test-kit-";

    private final KafkaClusterTestKit cluster;
    private final Path dataDir;
    private final boolean deleteDataOnClose;
    private final Duration startupTime;
    private final Admin admin;
    private boolean closed;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Path dataDir, boolean deleteDataOnClose, Duration startupTime) {
        this.cluster = cluster;
        this.dataDir = dataDir;
        this.deleteDataOnClose = deleteDataOnClose;
        this.startupTime = startupTime;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "belfort-embedded-kafka-admin"));
    }

    /**
     * Starts a broker in a fresh temporary directory that {@link #close()} deletes again.
     *
     * @throws IllegalStateException when the broker does not come up
     */
    public static EmbeddedKafka start() {
        try {
            return start(Files.createTempDirectory("belfort-kafka-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the embedded Kafka broker", e);
        }
    }

    /**
     * Starts a broker whose metadata and log segments live in {@code dataDir}, which must be absent or
     * empty (the KRaft storage is formatted with a new cluster id). The data is kept after
     * {@link #close()} so it can be inspected; it cannot be used to restart the broker.
     *
     * @throws IllegalArgumentException when {@code dataDir} exists and is not an empty directory
     * @throws IllegalStateException when the broker does not come up
     */
    public static EmbeddedKafka start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            try (var entries = Files.list(dataDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("Kafka data directory is not empty: " + dataDir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka data directory " + dataDir, e);
        }
        return start(dataDir, false);
    }

    private static EmbeddedKafka start(Path dataDir, boolean deleteDataOnClose) {
        long begin = System.nanoTime();
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumControllerNodes(1)
                    .setNumBrokerNodes(1)
                    .setBaseDirectory(dataDir)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                    .setDeleteOnClose(deleteDataOnClose);
            brokerConfig().forEach(builder::setConfigProp);
            cluster = builder.build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafka(cluster, dataDir, deleteDataOnClose,
                    Duration.ofNanos(System.nanoTime() - begin));
        } catch (Exception e) {
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("embedded Kafka broker did not start", e);
        }
    }

    /**
     * Formats the KRaft storage. Kafka's storage formatter prints two lines to {@code System.out}
     * and the test kit offers no way to pass it another stream, so for the duration of the call
     * stdout drops what the test kit's own threads (which run the formatter) write; every other
     * thread's output passes through unchanged.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        synchronized (System.class) {
            PrintStream original = System.out;
            Charset charset = Charset.forName(System.getProperty("stdout.encoding",
                    System.getProperty("sun.stdout.encoding", Charset.defaultCharset().name())));
            OutputStream filter = new OutputStream() {
                @Override
                public void write(int b) {
                    if (!isTestKitThread()) {
                        original.write(b);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    if (!isTestKitThread()) {
                        original.write(b, off, len);
                    }
                }

                @Override
                public void flush() {
                    original.flush();
                }
            };
            System.setOut(new PrintStream(filter, true, charset));
            try {
                cluster.format();
            } finally {
                System.setOut(original);
            }
        }
    }

    private static boolean isTestKitThread() {
        return Thread.currentThread().getName().startsWith(TEST_KIT_THREAD_PREFIX);
    }

    /**
     * Broker settings on top of Kafka's defaults for a single-node broker that Flink's exactly-once
     * sink works against; see the class comment for why. Also used by the local cluster's broker.
     */
    public static Map<String, String> brokerConfig() {
        return Map.ofEntries(
                // Flink's exactly-once KafkaSink asks for transaction.timeout.ms of its own choosing
                // (60 s here, up to 15 min in some setups); the broker refuses anything above this ceiling.
                Map.entry("transaction.max.timeout.ms", "3600000"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                // 50 partitions by default: creating them on the first transaction costs seconds.
                Map.entry("transaction.state.log.num.partitions", "4"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "4"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", "1"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("min.insync.replicas", "1"));
    }

    /** Host:port list for clients, e.g. {@code localhost:40123}. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Wall-clock time from {@link #start} until the broker was registered, unfenced and serving metadata. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Directory holding the broker's metadata and log segments. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Creates the topics that do not exist yet (replication factor 1) and waits until every partition
     * of every named topic has a leader; see {@link KafkaTopics#create}.
     *
     * @throws IllegalStateException when creation fails or the topics are not ready within 60 s
     */
    public void createTopics(int partitions, String... names) {
        KafkaTopics.create(admin, partitions, names);
    }

    /**
     * Stops the broker; deletes its data when it was started with {@link #start()}. Idempotent.
     *
     * @throws IllegalStateException when the broker fails to shut down cleanly
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        admin.close(Duration.ofSeconds(5));
        try {
            cluster.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("embedded Kafka broker did not stop cleanly", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + ", data " + dataDir
                + (deleteDataOnClose ? " (temporary)" : "") + "]";
    }
}
