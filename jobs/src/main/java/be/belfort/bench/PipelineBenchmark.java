package be.belfort.bench;

import be.belfort.ingest.AvroCodec;
import be.belfort.ingest.InvalidInputException;
import be.belfort.local.EmbeddedKafka;
import be.belfort.local.Scenario;
import be.belfort.local.ScenarioGenerator;
import be.belfort.monitor.AnalysisSpec;
import be.belfort.monitor.MonitorConfig;
import be.belfort.monitor.MonitorJob;
import be.belfort.monitor.PostAnalyzer;
import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.Platform;
import be.belfort.schema.Post;
import be.belfort.schema.EnrichedPost;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The end-to-end benchmark behind {@code belfort bench pipeline}: posts through Kafka → monitor job →
 * Kafka on this machine, with an embedded broker and a local MiniCluster.
 *
 * <ol>
 *   <li><b>Reference</b>: {@link PostAnalyzer} alone on one thread over the same posts (classify-only rate).</li>
 *   <li><b>Throughput</b>: {@code posts} realistic posts (a dense Gentse Feesten evening) are produced as Avro
 *       before the job starts; the job drains them and the sustained rate is read from the growth of
 *       {@code enriched-posts} between 30% and 90% of the backlog. The first 30% warm the job up: in a
 *       fresh JVM the JIT compilers spend about a core for the first tens of seconds on the job's, the
 *       broker's and Flink's code, which a job that runs for days never pays again.</li>
 *   <li><b>Latency</b>: then live traffic, stamped with the wall clock, carries a marker fight every other
 *       second. The alert for a marker bucket can be decided once event time passes the bucket's end;
 *       latency is from that moment to the alert being readable, by a read_uncommitted and by a
 *       read_committed consumer (the latter waits for the checkpoint that commits the Kafka transaction).</li>
 * </ol>
 *
 * The job runs with 1-second surge buckets, a threshold no background reaches, k = 1 and 500 ms
 * out-of-orderness, so that each marker is one alert per area and nothing else alerts. This is a
 * measurement, not a test: it prints numbers and asserts nothing.
 */
public final class PipelineBenchmark {
    /** What to run; {@code settings} are job settings (e.g. {@code analyze.batch-size}) over the benchmark's own. */
    public record Options(int posts, Path rulesDir, int parallelism, Duration checkpointInterval,
                          Duration live, int liveRate, Map<String, String> settings) {}

    private static final int MARKER_POSTS = 25;
    private static final String[] MARKER_TEXTS = {
        "Vechtpartij op de Korenmarkt, politie ter plaatse",
        "Vechtpartij aan het Sint-Pietersstation, politie ter plaatse",
        "Vechtpartij aan de Dampoort, politie ter plaatse",
    };
    private static final long BUCKET_MILLIS = 1_000;
    /**
     * Without any slack, a partition's posts fall behind the other partition's watermark whenever its
     * fetch is a little slower (a loaded machine, the first fetch after the backlog), and marker hits
     * end up late instead of in their bucket.
     */
    private static final long OUT_OF_ORDERNESS_MILLIS = 500;
    /** Live traffic before the first marker, so every partition is active again after the backlog. */
    private static final long LIVE_WARMUP_MILLIS = 3_000;
    /** The analysis operator's default batch size, for the batched reference. */
    private static final int REFERENCE_BATCH = 64;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final byte[] KEY = "benchmark-pseudonym-key-0123456789".getBytes(StandardCharsets.UTF_8);

    private final Options options;
    private final PrintWriter out;

    public PipelineBenchmark(Options options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    public void run() throws Exception {
        AnalysisSpec spec = AnalysisSpec.load(options.rulesDir());
        Instant now = Instant.now();
        say("generating %,d posts...", options.posts());
        List<Post> posts = ScenarioGenerator.posts(Scenario.gentseFeesten()
                        .backgroundPerMinute(options.posts() / 20.0).duplicateFraction(0).malformedFraction(0)
                        .timeScale(Double.POSITIVE_INFINITY).endingAt(now.minus(Duration.ofMinutes(2))).build())
                .limit(options.posts()).toList();
        List<byte[]> payloads = posts.stream().map(AvroCodec::encode).toList();

        Reference single = classifyRate(spec, posts);
        say("classify only, 1 thread: %,.0f posts/s one by one, %,.0f posts/s in batches of %d",
                single.oneByOne(), single.batched(), REFERENCE_BATCH);

        Path checkpoints = Files.createTempDirectory("belfort-bench-checkpoints");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(options.parallelism(), "posts", "enriched-posts");
            kafka.createTopics(1, "alerts", "posts.rejected", "posts.late");
            long produceStart = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
                for (int i = 0; i < posts.size(); i++) {
                    producer.send(new ProducerRecord<>("posts", utf8(posts.get(i).getId()), payloads.get(i)));
                }
                producer.flush();
            }
            say("produced %,d posts in %.1f s", posts.size(), (System.nanoTime() - produceStart) / 1e9);

            MonitorConfig cfg = config(kafka);
            Configuration flink = new Configuration();
            // Anything that would fall back to Kryo fails the job instead of silently slowing it down.
            flink.set(PipelineOptions.GENERIC_TYPES, false);
            // Checkpoints on disk, as in production: the default (JobManager memory) caps a subtask's state at
            // 5 MB, which the dedupe ids outgrow after a few hundred thousand posts, and the job then fails over and over.
            flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
            MonitorJob.define(env, cfg, spec);
            JobClient job = env.executeAsync("belfort-bench");
            AlertWatch uncommitted = null;
            AlertWatch committed = null;
            try {
                Throughput t = throughput(kafka, job, posts.size());
                // The watchers poll the broker every 20 ms: started only now, their CPU is not counted as the job's.
                // They read the alerts topic from the start, so none is missed; the first marker comes
                // LIVE_WARMUP_MILLIS after the live phase begins, long after they joined.
                uncommitted = new AlertWatch(kafka, "read_uncommitted");
                committed = new AlertWatch(kafka, "read_committed");
                // Latency is only meaningful below capacity: by default live traffic runs at half the measured rate.
                int rate = options.liveRate() > 0 ? options.liveRate() : (int) Math.max(100, Math.min(3_000, t.sustained() / 2));
                List<Long> markers = live(kafka, job, rate);
                long deadline = System.currentTimeMillis() + options.checkpointInterval().toMillis() + 30_000;
                while (committed.latencies(markers).size() < 2 * markers.size() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                uncommitted.stop();
                committed.stop();
                report(single, t, rate, uncommitted.latencies(markers), committed.latencies(markers), markers.size());
            } finally {
                if (uncommitted != null) uncommitted.stop();
                if (committed != null) committed.stop();
                if (!job.getJobStatus().get().isGloballyTerminalState()) job.cancel().get();
            }
        } finally {
            deleteTree(checkpoints);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /**
     * Classify-only rates on this thread, one by one and in batches: warm up, then time the same posts
     * the pipeline gets. Rates are per second of this thread's CPU time, so that other work on a shared
     * machine does not lower the reference (the pipeline's CPU per post is measured the same way).
     */
    static Reference classifyRate(AnalysisSpec spec, List<Post> posts) {
        try (PostAnalyzer analyzer = spec.newAnalyzer(KEY)) {
            int warmup = Math.min(posts.size() / 5, 10_000);
            for (int i = 0; i < warmup; i += REFERENCE_BATCH) {
                analyzer.analyzeBatch(posts.subList(i, Math.min(warmup, i + REFERENCE_BATCH)));
                analyzer.analyze(posts.get(i));
            }
            List<Post> timed = posts.subList(warmup, Math.min(posts.size(), warmup + 20_000));
            long matches = 0;
            long begin = THREADS.getCurrentThreadCpuTime();
            for (Post p : timed) matches += analyzer.analyze(p).getMatches().size();
            long oneByOne = THREADS.getCurrentThreadCpuTime() - begin;
            begin = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < timed.size(); i += REFERENCE_BATCH) {
                for (EnrichedPost e : analyzer.analyzeBatch(timed.subList(i, Math.min(timed.size(), i + REFERENCE_BATCH)))) {
                    matches += e.getMatches().size();
                }
            }
            long batched = THREADS.getCurrentThreadCpuTime() - begin;
            if (matches < 0) throw new AssertionError();
            return new Reference(timed.size() / (oneByOne / 1e9), timed.size() / (batched / 1e9));
        }
    }

    /** Single-thread classify-only posts per CPU second, through {@code analyze} and {@code analyzeBatch}. */
    record Reference(double oneByOne, double batched) {
        /** The faster of the two: the pipeline is held to the best the analysis alone can do. */
        double best() {
            return Math.max(oneByOne, batched);
        }
    }

    private MonitorConfig config(EmbeddedKafka kafka) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        s.put("kafka.group-id", "belfort-bench");
        s.put("kafka.topic.rules", "none");
        s.put("kafka.topic.alert-actions", "none");
        s.put("pseudonym.key", new String(KEY, StandardCharsets.UTF_8));
        s.put("rules.dir", options.rulesDir().toString());
        s.put("parallelism", Integer.toString(options.parallelism()));
        s.put("checkpoint.interval", options.checkpointInterval().toMillis() + "ms");
        s.put("watermark.out-of-orderness", OUT_OF_ORDERNESS_MILLIS + "ms");
        s.put("watermark.idleness", "5s");
        s.put("surge.bucket", BUCKET_MILLIS + "ms");
        s.put("surge.min-count", Integer.toString(MARKER_POSTS - 5));
        s.put("surge.consecutive", "1");
        s.put("surge.quiet-after", "5s");
        s.putAll(options.settings());
        return MonitorConfig.from(s);
    }

    /** Rate over the steady middle of the backlog, read from the end offsets of enriched-posts. */
    private Throughput throughput(EmbeddedKafka kafka, JobClient job, int total) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < options.parallelism(); p++) latest.put(new TopicPartition("enriched-posts", p), OffsetSpec.latest());
            long first = -1;
            long warm = total * 3L / 10;
            long tWarm = -1;
            long t90 = -1;
            long cpuWarm = -1;
            long cpu90 = -1;
            long lastReport = System.nanoTime();
            while (true) {
                if (job.getJobStatus().get().isGloballyTerminalState()) {
                    job.getJobExecutionResult().get();
                    throw new IllegalStateException("the job ended");
                }
                long count = admin.listOffsets(latest).all().get().values().stream().mapToLong(r -> r.offset()).sum();
                long t = System.nanoTime();
                if (first < 0 && count > 0) first = t;
                if (tWarm < 0 && count >= warm) {
                    tWarm = t;
                    cpuWarm = OS.getProcessCpuTime();
                }
                if (t90 < 0 && count >= total * 9L / 10) {
                    t90 = t;
                    cpu90 = OS.getProcessCpuTime();
                }
                if (t - lastReport > 5e9) {
                    say("  ... %,d of %,d posts enriched", count, total);
                    lastReport = t;
                }
                // Transaction markers take offsets too: a few per checkpoint, negligible against the posts.
                if (count >= total) {
                    double seconds = (t90 - tWarm) / 1e9;
                    double cpuSeconds = (cpu90 - cpuWarm) / 1e9;
                    long measured = total * 9L / 10 - warm;
                    return new Throughput(measured / seconds, total / ((t - first) / 1e9),
                            cpuSeconds * 1e6 / measured, cpuSeconds / seconds);
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * {@code cpuMicrosPerPost}: CPU time of this whole JVM (job, broker, benchmark) per post over the
     * same 30%..90% window; {@code coresUsed}: that CPU time over the window's wall time.
     */
    private record Throughput(double sustained, double overall, double cpuMicrosPerPost, double coresUsed) {
        /** The sustained rate if the job had every core to itself. */
        double onIdleCores() {
            return Runtime.getRuntime().availableProcessors() * 1e6 / cpuMicrosPerPost;
        }
    }

    /**
     * Live posts stamped with the wall clock at {@code liveRate} per second, and every other bucket a
     * marker fight: {@value #MARKER_POSTS} posts per place. Returns the end of each marker bucket.
     */
    private List<Long> live(EmbeddedKafka kafka, JobClient job, int liveRate) throws Exception {
        say("live phase: %d s at %,d posts/s with a marker surge every %d s", options.live().toSeconds(), liveRate,
                2 * BUCKET_MILLIS / 1000);
        List<Post> chatter = ScenarioGenerator.posts(Scenario.builder().backgroundPerMinute(60_000).duration(Duration.ofMinutes(1)).build())
                .limit(20_000).toList();
        List<Long> markers = new ArrayList<>();
        long end = System.currentTimeMillis() + options.live().toMillis();
        long lastMarkerBefore = end - 3 * BUCKET_MILLIS - OUT_OF_ORDERNESS_MILLIS;
        long sent = 0;
        long n = 0;
        long begin = System.currentTimeMillis();
        long firstMarkerAfter = begin + LIVE_WARMUP_MILLIS;
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            for (long now = begin; now < end; now = System.currentTimeMillis()) {
                long bucket = Math.floorDiv(now, BUCKET_MILLIS);
                long bucketEnd = (bucket + 1) * BUCKET_MILLIS;
                if (bucket % 2 == 0 && now >= firstMarkerAfter && now < lastMarkerBefore && (markers.isEmpty() || markers.get(markers.size() - 1) != bucketEnd)
                        && now - bucket * BUCKET_MILLIS < BUCKET_MILLIS / 2) {
                    markers.add(bucketEnd);
                    for (String text : MARKER_TEXTS) {
                        for (int i = 0; i < MARKER_POSTS; i++) send(producer, post("marker-" + n++, text, now));
                    }
                }
                long due = (now - begin) * liveRate / 1000;
                for (; sent < due; sent++) {
                    Post p = chatter.get((int) (sent % chatter.size()));
                    send(producer, post("live-" + n++, p.getText(), now));
                }
                producer.flush();
                Thread.sleep(5);
            }
        }
        if (job.getJobStatus().get().isGloballyTerminalState()) throw new IllegalStateException("the job ended");
        return markers;
    }

    private static Post post(String id, String text, long at) {
        return Post.newBuilder().setId(id).setPlatform(Platform.twitter).setAuthor("@bench_" + (id.hashCode() & 0xFFF))
                .setText(text).setCreatedAt(Instant.ofEpochMilli(at)).build();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, Post p) {
        producer.send(new ProducerRecord<>("posts", utf8(p.getId()), AvroCodec.encode(p)));
    }

    private void report(Reference single, Throughput t, int liveRate, List<Long> uncommitted, List<Long> committed, int markers) {
        double target = 0.8 * options.parallelism() * single.best();
        out.println();
        out.printf(Locale.ROOT, "belfort bench pipeline: %,d posts, parallelism %d, checkpoint interval %d ms, %d cores, load average %.1f%n",
                options.posts(), options.parallelism(), options.checkpointInterval().toMillis(),
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.println("  measure                                         value         target");
        out.printf(Locale.ROOT, "  classify only, 1 thread, one by one      %,12.0f posts/s   (%.0f us CPU per post)%n",
                single.oneByOne(), 1e6 / single.oneByOne());
        out.printf(Locale.ROOT, "  classify only, 1 thread, batches of %-3d  %,12.0f posts/s   (%.0f us CPU per post)%n",
                REFERENCE_BATCH, single.batched(), 1e6 / single.batched());
        out.printf(Locale.ROOT, "  pipeline sustained (30%%..90%% of backlog) %,12.0f posts/s   >= 10,000 %s; >= %,.0f (0.8 x %d x single) %s%n",
                t.sustained(), mark(t.sustained() >= 10_000), target, options.parallelism(), mark(t.sustained() >= target));
        out.printf(Locale.ROOT, "  pipeline overall (first..last post)      %,12.0f posts/s%n", t.overall());
        out.printf(Locale.ROOT, "  pipeline CPU per post (whole JVM)        %,12.0f us        on %.2f of %d cores%n",
                t.cpuMicrosPerPost(), t.coresUsed(), Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "  pipeline on idle cores (cores / CPU)     %,12.0f posts/s   = %.2f x %d x single%n",
                t.onIdleCores(), t.onIdleCores() / (options.parallelism() * single.best()), options.parallelism());
        out.printf(Locale.ROOT, "  latency phase: live posts/s              %,12d%n", liveRate);
        long limitCommitted = 1_000 + options.checkpointInterval().toMillis();
        out.printf(Locale.ROOT, "  post-to-alert read_uncommitted p50/p99   %s   p99 <= 1,000 ms %s%n",
                percentiles(uncommitted, markers), mark(!uncommitted.isEmpty() && p(uncommitted, 99) <= 1_000));
        out.printf(Locale.ROOT, "  post-to-alert read_committed   p50/p99   %s   p99 <= %,d ms %s%n",
                percentiles(committed, markers), limitCommitted, mark(!committed.isEmpty() && p(committed, 99) <= limitCommitted));
        out.printf(Locale.ROOT, "  (classify rates are per CPU second of the measuring thread; \"single\" is the faster of the two.%n");
        out.println("   CPU per post counts the job, the embedded broker and this benchmark; \"on idle cores\" divides the cores by it.");
        out.printf(Locale.ROOT, "   latency: from the moment a marker surge's 1 s bucket can close, its end + %d ms out-of-orderness,%n",
                OUT_OF_ORDERNESS_MILLIS);
        out.println("   to its alert being readable on the alerts topic; watermarks are emitted every 200 ms)");
        out.flush();
    }

    private static String mark(boolean met) {
        return met ? "met" : "MISSED";
    }

    private static String percentiles(List<Long> samples, int markers) {
        if (samples.isEmpty()) return String.format("no alerts for %d markers", markers);
        return String.format(Locale.ROOT, "%,6d / %,6d ms (n=%d)", p(samples, 50), p(samples, 99), samples.size());
    }

    private static long p(List<Long> samples, int percentile) {
        List<Long> sorted = samples.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    private void say(String format, Object... args) {
        out.printf(Locale.ROOT, format + "%n", args);
        out.flush();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A consumer thread noting when each alert first became readable at one isolation level. */
    private static final class AlertWatch {
        private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        AlertWatch(EmbeddedKafka kafka, String isolation) {
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + isolation);
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
            c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
            thread = new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                    consumer.subscribe(List.of("alerts"));
                    while (running.get()) {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                            long seen = System.currentTimeMillis();
                            Alert a = AvroCodec.decode(r.value(), Alert.class);
                            if (a.getStatus() == AlertStatus.open) {
                                firstSeen.putIfAbsent(a.getArea() + "@" + a.getWindowEnd().toEpochMilli(), seen);
                            }
                        }
                    }
                } catch (InvalidInputException e) {
                    throw new IllegalStateException("undecodable alert", e);
                }
            }, "bench-alerts-" + isolation);
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        /** Readable time minus the moment the marker bucket can close (its end plus the out-of-orderness). */
        List<Long> latencies(List<Long> markerBucketEnds) {
            return firstSeen.entrySet().stream()
                    .filter(e -> markerBucketEnds.contains(Long.parseLong(e.getKey().substring(e.getKey().indexOf('@') + 1))))
                    .map(e -> e.getValue() - OUT_OF_ORDERNESS_MILLIS - Long.parseLong(e.getKey().substring(e.getKey().indexOf('@') + 1)))
                    .collect(Collectors.toList());
        }
    }
}
