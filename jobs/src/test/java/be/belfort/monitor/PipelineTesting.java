package be.belfort.monitor;

import be.belfort.local.EmbeddedKafka;
import be.belfort.local.InProcessMetrics;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What the pipeline ITCases share: a MiniCluster that fails instead of restarting, a raw producer and a downstream reader. */
public final class PipelineTesting {
    private PipelineTesting() {}

    /**
     * Two slots, no restarts: a failure in the job fails the test instead of hiding behind recovery.
     * The jobs' counters can be read with {@link InProcessMetrics#sum}.
     */
    public static MiniClusterExtension miniCluster() {
        Configuration c = noRestarts();
        InProcessMetrics.enable(c);
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(2)
                .setConfiguration(c)
                .build());
    }

    /** A cluster configuration under which a failing job fails for good, so the test sees it. */
    public static Configuration noRestarts() {
        Configuration c = new Configuration();
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return c;
    }

    /** Writes raw bytes, so tests control partitions, keys and malformed payloads themselves. */
    public static KafkaProducer<byte[], byte[]> rawProducer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Reads topics from the start as a dispatching consumer would: committed transactions only. */
    public static KafkaConsumer<byte[], byte[]> committedReader(EmbeddedKafka kafka, String group) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
