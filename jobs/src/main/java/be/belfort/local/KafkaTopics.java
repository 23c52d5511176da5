package be.belfort.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates Belfort's topics on a broker and waits until they can be used: the embedded broker, the
 * local cluster's broker and {@code belfort cluster start} all create topics this way.
 */
public final class KafkaTopics {
    /** How long {@link #create} waits for leaders before giving up. */
    private static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(60);

    private KafkaTopics() {}

    /** {@link #create(Admin, int, String...)} through a short-lived admin client. */
    public static void create(String bootstrapServers, int partitions, String... names) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "belfort-topics"))) {
            create(admin, partitions, names);
        }
    }

    /**
     * Creates the topics that do not exist yet (replication factor 1) and waits until every partition
     * of every named topic has a leader. Existing topics are left as they are, whatever their
     * partition count.
     *
     * @throws IllegalStateException when creation fails or the topics are not ready within 60 s
     */
    public static void create(Admin admin, int partitions, String... names) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        List<NewTopic> topics = Arrays.stream(names).distinct()
                .map(name -> new NewTopic(name, partitions, (short) 1))
                .toList();
        try {
            var results = admin.createTopics(topics).values();
            for (var entry : results.entrySet()) {
                try {
                    entry.getValue().get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
            awaitLeaders(admin, Set.copyOf(Arrays.asList(names)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("topics not created within " + TOPIC_READY_TIMEOUT, e);
        }
    }

    private static void awaitLeaders(Admin admin, Set<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + TOPIC_READY_TIMEOUT.toNanos();
        List<String> notReady = new ArrayList<>(names);
        while (true) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames()
                        .get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                notReady = descriptions.values().stream()
                        .filter(d -> d.partitions().stream().map(TopicPartitionInfo::leader)
                                .anyMatch(leader -> leader == null || leader.isEmpty()))
                        .map(TopicDescription::name)
                        .toList();
                if (notReady.isEmpty()) {
                    return;
                }
            } catch (ExecutionException e) {
                // Right after creation the broker's metadata cache may not know the topic yet.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe topics " + names, e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("cannot describe topics " + names, e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics without leader after " + TOPIC_READY_TIMEOUT + ": " + notReady);
            }
            Thread.sleep(50);
        }
    }
}
