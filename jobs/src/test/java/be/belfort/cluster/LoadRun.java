package be.belfort.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import be.belfort.cluster.AlertChecker.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One monitor job on a {@link LocalCluster} with its own topics and consumer group, fed a
 * {@link SurgeLoad}, with the faults a test inflicts on it and the final accounting: alerts checked
 * by {@link AlertChecker}, every post enriched exactly once, every malformed record rejected once.
 */
final class LoadRun {
    static final String MONITOR_JOB = "be.belfort.monitor.MonitorJob";
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(3);

    final LocalCluster cluster;
    final String name;
    final SurgeLoad load;
    private final CompletableFuture<Void> produced = new CompletableFuture<>();
    String jobId;
    int parallelism;
    /** What happened, one line per fault, for the test's report. */
    final List<String> events = new ArrayList<>();
    private final long startNanos = System.nanoTime();

    /** Starts a cluster that is stopped again when the test JVM exits, whatever happens to the test. */
    static LocalCluster startCluster(String test) throws IOException {
        LocalCluster cluster = LocalCluster.start(new LocalCluster.Spec(home(test), classpathDir(), 1, 2));
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "stop-" + test));
        return cluster;
    }

    LoadRun(LocalCluster cluster, String name, SurgeLoad load) {
        this.cluster = cluster;
        this.name = name;
        this.load = load;
        cluster.createTopics(2, topic("posts"));
        cluster.createTopics(1, topic("alerts"), topic("enriched"), topic("rejected"), topic("dead-letter"), topic("rules"),
                topic("alert-actions"), topic("late"));
    }

    static Path jobJar() {
        Path jar = Path.of(System.getProperty("belfort.job.jar", "target/belfort-job.jar"));
        if (!Files.exists(jar)) {
            fail(jar + " is missing: the cluster ITCases run under failsafe after package (mvn verify)");
        }
        return jar;
    }

    static Path classpathDir() {
        return Path.of(System.getProperty("belfort.classpath.dir", "target/cluster"));
    }

    /** A fresh cluster home under target/ for {@code test}; a cluster an aborted run left behind there is stopped first. */
    static Path home(String test) throws IOException {
        Path home = Path.of("target", "cluster-it", test).toAbsolutePath();
        if (Files.exists(home.resolve("cluster.properties"))) {
            LocalCluster.attach(home).stop();
        }
        if (Files.exists(home)) {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return home;
    }

    String topic(String kind) {
        return name + "." + kind;
    }

    /** Writes the load to the posts topic on a thread of its own (idempotent producer: retries add no copies). */
    void produceInBackground() {
        Thread t = new Thread(() -> {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            AtomicReference<Exception> failure = new AtomicReference<>();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
                load.produce(r -> producer.send(new ProducerRecord<>(topic("posts"), r.key(), r.value()), (md, e) -> {
                    if (e != null) failure.compareAndSet(null, e);
                }));
                producer.flush();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
            if (failure.get() != null) {
                produced.completeExceptionally(failure.get());
            } else {
                produced.complete(null);
            }
        }, "load-" + name);
        t.setDaemon(true);
        t.start();
    }

    List<String> jobArgs(int parallelism) {
        Map<String, String> s = new HashMap<>(SurgeLoad.SURGE_SETTINGS);
        s.put("kafka.bootstrap-servers", cluster.bootstrapServers());
        s.put("kafka.group-id", name);
        s.put("kafka.topic.posts", topic("posts"));
        s.put("kafka.topic.alerts", topic("alerts"));
        s.put("kafka.topic.enriched", topic("enriched"));
        s.put("kafka.topic.rejected", topic("rejected"));
        s.put("kafka.topic.dead-letter", topic("dead-letter"));
        s.put("kafka.topic.rules", topic("rules"));
        s.put("kafka.topic.alert-actions", topic("alert-actions"));
        s.put("kafka.topic.late", topic("late"));
        s.put("rules.dir", Path.of(System.getProperty("belfort.rules.dir", "../rules")).toAbsolutePath().toString());
        s.put("pseudonym.key", "cluster-itcase-key-0123456789");
        // Every post on enriched-posts, matched or not: the checker counts each one exactly once.
        s.put("enriched.output", "all");
        s.put("parallelism", Integer.toString(parallelism));
        s.put("checkpoint.interval", "2s");
        s.put("watermark.out-of-orderness", "5s");
        // Only the end of the stream is idle; a backpressured partition must never be taken for idle.
        s.put("watermark.idleness", "10m");
        s.put("dedupe.ttl", "5m");
        List<String> args = new ArrayList<>();
        s.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        return args;
    }

    void submit(int parallelism, String savepoint) {
        this.parallelism = parallelism;
        long submittedAt = System.currentTimeMillis();
        jobId = cluster.submit(jobJar(), MONITOR_JOB, jobArgs(parallelism), savepoint);
        awaitCheckpointTriggeredAfter(submittedAt, RECOVERY_TIMEOUT);
    }

    /** Share of the posts topic the job has consumed and committed (offsets commit on checkpoints). */
    double progress() {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(name)
                    .partitionsToOffsetAndMetadata().get();
            long done = committed.values().stream().filter(java.util.Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
            long total = produced.isDone() ? load.records() : Long.MAX_VALUE;
            return (double) done / total;
        } catch (Exception e) {
            return 0; // broker down or group not there yet
        }
    }

    /** Waits until the job has consumed at least {@code share} of the load. */
    void awaitProgress(double share, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (progress() < share) {
            if (System.nanoTime() > deadline) fail(name + ": progress " + progress() + " < " + share + " after " + timeout);
            Thread.sleep(1000);
        }
    }

    /** kill -9 of the TaskManager, back after {@code down}; returns the time from kill to the first checkpoint after recovery. */
    Duration killTaskManager(Duration down) throws InterruptedException {
        return killAndRestart("TaskManager", () -> cluster.killTaskManager(0), () -> cluster.startTaskManager(0), down);
    }

    /** kill -9 of the broker, back after {@code down}; returns the time from kill to the first checkpoint after recovery. */
    Duration killBroker(Duration down) throws InterruptedException {
        return killAndRestart("broker", cluster::killKafka, cluster::startKafka, down);
    }

    private Duration killAndRestart(String process, Runnable kill, Runnable start, Duration down) throws InterruptedException {
        double at = progress();
        long killedAt = System.currentTimeMillis();
        kill.run();
        Thread.sleep(down.toMillis());
        start.run();
        Duration recovery = Duration.ofMillis(awaitCheckpointTriggeredAfter(killedAt, RECOVERY_TIMEOUT) - killedAt);
        events.add(String.format("%s kill -9 at %.0f%%: recovered (checkpoint completed) %.1f s after the kill", process,
                at * 100, recovery.toMillis() / 1000.0));
        return recovery;
    }

    /** Stop with savepoint, then the same job from that savepoint at another parallelism. */
    void rescale(int newParallelism) {
        double at = progress();
        long t0 = System.nanoTime();
        String savepoint = cluster.stopWithSavepoint(jobId);
        int old = parallelism;
        submit(newParallelism, savepoint);
        events.add(String.format("stop with savepoint at %.0f%%, restart at parallelism %d -> %d: running again after %.1f s",
                at * 100, old, newParallelism, (System.nanoTime() - t0) / 1e9));
    }

    /**
     * Waits for a completed checkpoint triggered after {@code epochMillis} with every task running, and
     * returns the wall-clock time then. Triggered after, not just newer: a checkpoint whose tasks had all
     * acknowledged before a kill still completes after it, while the JobManager has not yet noticed.
     */
    private long awaitCheckpointTriggeredAfter(long epochMillis, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        FlinkRest rest = cluster.rest();
        while (true) {
            try {
                if (rest.checkpoints(jobId).latestTriggeredAt() > epochMillis && rest.fullyRunning(jobId)) {
                    return System.currentTimeMillis();
                }
            } catch (IOException notYet) {
                // JobManager busy restarting the job
            }
            if (System.nanoTime() > deadline) {
                fail(name + ": no checkpoint triggered after " + Instant.ofEpochMilli(epochMillis) + " within " + timeout + "; logs in " + cluster.logs());
            }
            sleepQuietly(250);
        }
    }

    /** The final accounting once the whole load has gone through. */
    record Outcome(Report alerts, int enrichedRecords, int enrichedDistinct, int rejectedRecords, int failovers) {
        List<String> violations(SurgeLoad load) {
            List<String> v = new ArrayList<>(alerts.violations());
            if (enrichedDistinct != load.uniquePosts) v.add("posts lost: " + (load.uniquePosts - enrichedDistinct) + " never enriched");
            if (enrichedRecords != enrichedDistinct) v.add("posts duplicated: " + (enrichedRecords - enrichedDistinct) + " enriched twice");
            if (rejectedRecords != load.malformed) v.add("rejected " + rejectedRecords + " records, sent " + load.malformed + " malformed");
            return v;
        }
    }

    /** Waits until every post is enriched or rejected, then checks alerts and posts. */
    Outcome finish(Duration timeout) throws Exception {
        produced.get();
        Map<String, Integer> enriched = new HashMap<>();
        int[] records = {0};
        CommittedRecords.read(cluster.bootstrapServers(), topic("enriched"), timeout, Duration.ofSeconds(5),
                () -> enriched.size() >= load.uniquePosts, r -> {
                    records[0]++;
                    enriched.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum);
                });
        int[] rejected = {0};
        CommittedRecords.read(cluster.bootstrapServers(), topic("rejected"), Duration.ofSeconds(30), Duration.ofSeconds(2),
                () -> rejected[0] >= load.malformed, r -> rejected[0]++);
        Report alerts = AlertChecker.check(cluster.bootstrapServers(), topic("alerts"), load.expectedAlerts(),
                Duration.ofSeconds(60), Duration.ofSeconds(5));
        int failovers = cluster.rest().failovers(jobId);
        return new Outcome(alerts, records[0], enriched.size(), rejected[0], failovers);
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    void cancel() {
        if (jobId != null) {
            try {
                cluster.cancel(jobId);
            } catch (RuntimeException alreadyGone) {
                // finished or never started: nothing to cancel
            }
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000", AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000"));
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
