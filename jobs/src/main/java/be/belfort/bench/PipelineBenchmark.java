package be.belfort.bench;

import be.belfort.config.Durations;
import be.belfort.ingest.AvroCodec;
import be.belfort.ingest.AvroKafkaSerializer;
import be.belfort.ingest.Ingested;
import be.belfort.ingest.KafkaPostDeserializer;
import be.belfort.ingest.InvalidInputException;
import be.belfort.local.EmbeddedKafka;
import be.belfort.local.InProcessMetrics;
import be.belfort.local.Emission;
import be.belfort.local.Scenario;
import be.belfort.local.ScenarioGenerator;
import be.belfort.monitor.AnalysisSpec;
import be.belfort.monitor.MonitorConfig;
import be.belfort.monitor.MonitorJob;
import be.belfort.monitor.MonitorTopology;
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
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The end-to-end benchmark behind {@code belfort bench pipeline}: posts through Kafka → monitor job →
 * Kafka on this machine, with an embedded broker and a local MiniCluster.
 *
 * <ol>
 *   <li><b>Reference</b>: {@link PostAnalyzer} alone on one thread over the same posts (classify-only rate),
 *       and the Kafka edge work the job does around it (decoding posts, encoding the enriched posts it writes).</li>
 *   <li><b>Latency</b>, a job on topics of its own ({@link #latencyConfig}): live traffic, stamped
 *       with the wall clock, carries a marker fight every other second. The alert for a marker bucket can
 *       be decided once event time passes the bucket's end; latency is from that moment to the alert being
 *       readable, by a read_uncommitted and by a read_committed consumer (the latter waits for the
 *       checkpoint that commits the Kafka transaction; checkpoints every second unless an interval is given).
 *       It runs before the throughput job, which then starts in a JVM that has run checkpoints, Kafka
 *       transactions, CEP and the broker's request paths, as a JVM that has run for a while has.</li>
 *   <li><b>Throughput</b>, a fresh job with the settings a deployment uses ({@link #throughputConfig}):
 *       surge buckets and thresholds from {@code rules/surge.yaml} and the job's defaults (5-minute buckets,
 *       30 s out-of-orderness, checkpoints every 10 s unless an interval is given, hot reload and operator
 *       feedback topics read, exactly-once sinks). {@code posts} realistic posts (a dense Gentse Feesten
 *       evening) are produced as Avro before anything else runs, each as it is generated, so that a long
 *       backlog takes no memory; the job drains them and the sustained rate is read from the job's
 *       count of analysed posts ({@link InProcessMetrics}) between 30% and 90% of the backlog. The first
 *       30% warm the job up: the JIT compilers still spend CPU on code the job runs only now and then,
 *       which a job that runs for days never pays again. Over the same window the whole JVM's CPU time is
 *       broken down by thread group ({@link CpuBreakdown}). The job is cancelled once the backlog is drained.</li>
 * </ol>
 *
 * The latency job runs with 1-second surge buckets, a threshold no background reaches, k = 1 and 500 ms
 * out-of-orderness, so that each marker is one alert per area within a second and nothing else alerts:
 * with the production 5-minute buckets a marker's bucket would close minutes after its posts, and what
 * is measured is the pipeline's delay after that close, which does not depend on the bucket length.
 * Those short buckets close 300 times as often, so they are kept out of the throughput figure. This is
 * a measurement, not a test: it prints numbers and asserts nothing.
 */
public final class PipelineBenchmark {
    /**
     * What to run. {@code checkpointInterval}: both jobs' interval when given, else the job's own default
     * for the throughput phase and {@value #LATENCY_CHECKPOINT_MILLIS} ms for the latency phase;
     * {@code settings}: job settings (e.g. {@code analyze.batch-size}) over the benchmark's own, in both phases.
     */
    public record Options(int posts, Path rulesDir, int parallelism, Optional<Duration> checkpointInterval,
                          Duration live, int liveRate, Map<String, String> settings) {}

    private static final int MARKER_POSTS = 25;
    private static final String[] MARKER_TEXTS = {
        "Vechtpartij op de Korenmarkt, politie ter plaatse",
        "Vechtpartij aan het Sint-Pietersstation, politie ter plaatse",
        "Vechtpartij aan de Dampoort, politie ter plaatse",
    };
    private static final long BUCKET_MILLIS = 1_000;
    /** Alerts reach read_committed consumers at checkpoints: the latency job's default keeps that delay short. */
    static final long LATENCY_CHECKPOINT_MILLIS = 1_000;
    /** The latency job's topics and group: fresh ones, so it reads none of the backlog and none of its alerts. */
    private static final String LATENCY_PREFIX = "latency.";
    /**
     * Without any slack, a partition's posts fall behind the other partition's watermark whenever its
     * fetch is a little slower (a loaded machine, the first fetch after the backlog), and marker hits
     * end up late instead of in their bucket.
     */
    private static final long OUT_OF_ORDERNESS_MILLIS = 500;
    /** Live traffic before the first marker, so that every partition of the fresh job has seen posts. */
    private static final long LIVE_WARMUP_MILLIS = 3_000;
    /** Live posts the latency job must have analysed before the live phase starts: it is up and reading. */
    private static final int PRIMING_POSTS = 1_000;
    /**
     * Timed rounds of the classify-only reference; each mode keeps its best. With three, one 6,000,000-post
     * run read 38 us per post where the runs around it read 33-34 and its own two threads 36: a pipeline
     * held to a slow reference passes too easily.
     */
    private static final int REFERENCE_ROUNDS = 7;
    /**
     * Passes over the reference's warm-up posts. With one pass (10,000 posts) the JIT was still compiling
     * the analysis in the timed rounds: the one-thread rate then read up to 10 % below what each of the
     * two threads reached right after it ("2 threads at once" at 1.11 x 2 x single).
     */
    private static final int REFERENCE_WARMUP_PASSES = 5;
    /** Posts that warm the reference up before its timed posts, and the timed posts (fewer for a small backlog). */
    private static final int REFERENCE_WARMUP = 10_000;
    private static final int REFERENCE_TIMED = 20_000;
    /** CPU breakdown rows below this many µs per post are printed as one. */
    private static final double SMALL_ROW_MICROS = 0.1;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final byte[] KEY = "benchmark-pseudonym-key-0123456789".getBytes(StandardCharsets.UTF_8);

    private final Options options;
    private final PrintWriter out;

    public PipelineBenchmark(Options options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    public void run() throws Exception {
        AnalysisSpec spec = AnalysisSpec.load(options.rulesDir());
        CpuBreakdown cpu = CpuBreakdown.ofThisJvm();
        Path checkpoints = Files.createTempDirectory("belfort-bench-checkpoints");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            MonitorConfig production = throughputConfig(options, kafka.bootstrapServers());
            MonitorConfig shortBuckets = latencyConfig(options, kafka.bootstrapServers());
            createTopics(kafka, production);
            createTopics(kafka, shortBuckets);
            Backlog backlog = produceBacklog(kafka, production);

            Reference single = classifyRate(spec, backlog.sample(), production, options.parallelism());
            say("classify only, 1 thread: %,.0f posts/s one by one, %,.0f posts/s in batches of %d",
                    single.oneByOne(), single.batched(), production.analysis().batchSize());

            // Latency first: its job also runs the code the throughput job runs only now and then (checkpoints,
            // Kafka transactions, CEP, the broker's request paths), so the JIT has compiled most of it before the
            // throughput window opens, as in a JVM that has run for a while. The backlog waits on its own topic.
            say("latency phase, a job with 1 s surge buckets: %s", summary(shortBuckets));
            // Latency is only meaningful below capacity: by default live traffic runs at half the target rate.
            int rate = options.liveRate() > 0 ? options.liveRate()
                    : (int) Math.max(100, Math.min(3_000, 0.8 * options.parallelism() * single.best() / 2));
            Latency latency = latency(kafka, shortBuckets, spec, checkpoints, rate);

            say("throughput phase, a fresh job with production settings: %s", summary(production));
            Throughput t;
            JobClient job = start(production, spec, checkpoints);
            try {
                t = throughput(production, job, backlog.posts(), cpu);
            } finally {
                stop(job);
            }
            BrokerDisk disk = BrokerDisk.of(kafka, production);
            report(single, production, backlog.posts(), t, disk, cpu, shortBuckets, rate, latency);
        } finally {
            deleteTree(checkpoints);
        }
    }

    /** The latency job's markers and, per consumer, the delay of each marker's alert. */
    private record Latency(List<Long> uncommitted, List<Long> committed, int markers) {}

    private Latency latency(EmbeddedKafka kafka, MonitorConfig cfg, AnalysisSpec spec, Path checkpoints, int rate) throws Exception {
        List<Post> chatter = ScenarioGenerator.posts(Scenario.builder().backgroundPerMinute(60_000).duration(Duration.ofMinutes(1)).build())
                .limit(20_000).toList();
        JobClient job = start(cfg, spec, checkpoints);
        AlertWatch uncommitted = null;
        AlertWatch committed = null;
        try {
            prime(kafka, cfg, job, chatter);
            // They read the alerts topic from the start, so none is missed; the first marker comes
            // LIVE_WARMUP_MILLIS after the live phase begins, long after they joined.
            uncommitted = new AlertWatch(kafka, cfg.kafka().alertsTopic(), "read_uncommitted");
            committed = new AlertWatch(kafka, cfg.kafka().alertsTopic(), "read_committed");
            List<Long> markers = live(kafka, cfg, job, chatter, rate);
            long deadline = System.currentTimeMillis() + cfg.checkpointInterval().toMillis() + 30_000;
            while (committed.latencies(markers).size() < 2 * markers.size() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            return new Latency(uncommitted.latencies(markers), committed.latencies(markers), markers.size());
        } finally {
            // The watchers poll the broker every 20 ms: stopped with the job, before the throughput window.
            if (uncommitted != null) uncommitted.stop();
            if (committed != null) committed.stop();
            stop(job);
        }
    }

    /**
     * Generates the backlog (a dense Gentse Feesten evening), and sends each post as it is generated, so
     * that memory does not grow with {@code posts}: only the first posts are kept, as the sample the
     * classify reference times. The generator's payload is the post's Avro single-object encoding, the
     * bytes {@link AvroCodec#encode} writes.
     */
    private Backlog produceBacklog(EmbeddedKafka kafka, MonitorConfig cfg) {
        say("generating and producing %,d posts...", options.posts());
        // The generator places at most one post per millisecond: a longer backlog needs a longer evening
        // (two hours hold about 7.2 million).
        Duration length = Duration.ofMinutes(Math.max(120, options.posts() / 30_000));
        Scenario evening = Scenario.gentseFeesten().duration(length).backgroundPerMinute(options.posts() / 20.0)
                .duplicateFraction(0).malformedFraction(0).timeScale(Double.POSITIVE_INFINITY)
                .endingAt(Instant.now().minus(Duration.ofMinutes(2))).build();
        int keep = Math.min(options.posts(), REFERENCE_WARMUP + REFERENCE_TIMED);
        List<Emission> sample = new ArrayList<>(keep);
        long begin = System.nanoTime();
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            Iterator<Emission> backlog = ScenarioGenerator.stream(evening).filter(e -> e.type() == Emission.Type.POST)
                    .limit(options.posts()).iterator();
            while (backlog.hasNext()) {
                Emission post = backlog.next();
                producer.send(new ProducerRecord<>(cfg.kafka().postsTopic(), utf8(post.key()), post.payload()));
                if (sample.size() < keep) sample.add(post);
                sent++;
            }
            producer.flush();
        }
        say("produced %,d posts in %.1f s", sent, (System.nanoTime() - begin) / 1e9);
        return new Backlog(sample, sent);
    }

    /** The posts sent (the scenario may hold fewer than asked for) and the first of them, for the reference. */
    private record Backlog(List<Emission> sample, long posts) {}

    /**
     * The throughput job's settings: what a deployment runs (surge thresholds from the rules folder's
     * {@code surge.yaml}, the job's default buckets, watermarks and checkpoint interval, hot reload and
     * operator feedback on), on the benchmark's broker, with the given interval and settings, if any.
     */
    static MonitorConfig throughputConfig(Options options, String bootstrapServers) {
        Map<String, String> s = deployment(options, bootstrapServers);
        s.put("kafka.group-id", "belfort-bench");
        options.checkpointInterval().ifPresent(d -> s.put("checkpoint.interval", d.toMillis() + "ms"));
        s.putAll(options.settings());
        return MonitorConfig.from(s);
    }

    /**
     * The latency job's settings: 1 s buckets, a minimum count only the marker fights reach, k = 1, short
     * out-of-orderness and idleness, checkpoints every second unless an interval is given; topics and
     * group of its own. Control topics off: they add nothing to the path of a post to its alert.
     */
    static MonitorConfig latencyConfig(Options options, String bootstrapServers) {
        Map<String, String> s = deployment(options, bootstrapServers);
        s.put("kafka.group-id", LATENCY_PREFIX + "belfort-bench");
        Map<String, String> defaults = MonitorConfig.from(s).describe();
        for (String topic : List.of("posts", "rejected", "enriched", "alerts", "late")) {
            String key = "kafka.topic." + topic;
            s.put(key, LATENCY_PREFIX + defaults.get(key));
        }
        s.put("kafka.topic.rules", "none");
        s.put("kafka.topic.alert-actions", "none");
        s.put("checkpoint.interval", options.checkpointInterval().map(Duration::toMillis).orElse(LATENCY_CHECKPOINT_MILLIS) + "ms");
        s.put("watermark.out-of-orderness", OUT_OF_ORDERNESS_MILLIS + "ms");
        s.put("watermark.idleness", "5s");
        s.put("surge.bucket", BUCKET_MILLIS + "ms");
        s.put("surge.min-count", Integer.toString(MARKER_POSTS - 5));
        s.put("surge.consecutive", "1");
        s.put("surge.quiet-after", "5s");
        s.putAll(options.settings());
        return MonitorConfig.from(s);
    }

    /** What every deployment has to set: where Kafka, the rules and the pseudonym key are, and the parallelism. */
    private static Map<String, String> deployment(Options options, String bootstrapServers) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap-servers", bootstrapServers);
        s.put("pseudonym.key", new String(KEY, StandardCharsets.UTF_8));
        s.put("rules.dir", options.rulesDir().toString());
        s.put("parallelism", Integer.toString(options.parallelism()));
        return s;
    }

    /** The settings the two phases differ in, for the output. */
    static String summary(MonitorConfig cfg) {
        Map<String, String> d = cfg.describe();
        return Stream.of("surge.bucket", "surge.min-count", "surge.consecutive", "surge.quiet-after",
                        "watermark.out-of-orderness", "watermark.idleness", "checkpoint.interval",
                        "kafka.topic.rules", "kafka.topic.alert-actions", "kafka.topic.posts")
                .map(k -> k + "=" + d.get(k)).collect(Collectors.joining(" "));
    }

    /** The job's topics: posts and enriched posts get a partition per subtask, as in production; the rest one. */
    private static void createTopics(EmbeddedKafka kafka, MonitorConfig cfg) {
        List<String> partitioned = List.of(cfg.kafka().postsTopic(), cfg.kafka().enrichedTopic());
        kafka.createTopics(cfg.parallelism(), partitioned.toArray(String[]::new));
        kafka.createTopics(1, MonitorJob.topics(cfg).stream().filter(t -> !partitioned.contains(t)).toArray(String[]::new));
    }

    private static JobClient start(MonitorConfig cfg, AnalysisSpec spec, Path checkpoints) throws Exception {
        Configuration flink = new Configuration();
        // Anything that would fall back to Kryo fails the job instead of silently slowing it down.
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        // Checkpoints on disk, as in production: the default (JobManager memory) caps a subtask's state at
        // 5 MB, which the dedupe ids outgrow after a few hundred thousand posts, and the job then fails over and over.
        flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        // Progress is read from the job's own counters: with enriched.output=matched, the enriched-posts
        // topic holds only a fraction of the posts.
        InProcessMetrics.enable(flink);
        MonitorJob.requireTopics(cfg);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        MonitorJob.define(env, cfg, spec);
        return env.executeAsync(jobName(cfg));
    }

    private static String jobName(MonitorConfig cfg) {
        return "belfort-bench-" + cfg.kafka().groupId();
    }

    /** Posts the job has analysed so far (its counter {@value MonitorTopology#ANALYSED_METRIC}, summed over subtasks). */
    private static long analysed(MonitorConfig cfg) {
        return InProcessMetrics.sum(jobName(cfg), MonitorTopology.ANALYSED_METRIC);
    }

    private static long analysisCpuNanos(MonitorConfig cfg) {
        return InProcessMetrics.sum(jobName(cfg), MonitorTopology.ANALYSIS_CPU_METRIC);
    }

    /** Cancels the job and waits until it is gone, so that it takes no CPU from the next phase. */
    private static void stop(JobClient job) throws Exception {
        if (job.getJobStatus().get().isGloballyTerminalState()) return;
        job.cancel().get();
        try {
            job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException cancelled) {
            // what a cancelled job's result is
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /**
     * Classify-only rates on this thread, one by one and in batches, and the Kafka edge work the job does
     * around the analysis: warm up, then time the sample's last {@value #REFERENCE_TIMED} posts (the
     * pipeline gets the same), {@value #REFERENCE_ROUNDS} times, and keep each measure's best round: the
     * JIT is still compiling during the first rounds, and the pipeline is measured warm. Rates are per
     * second of this thread's CPU time, so that other work on a shared machine does not lower the
     * reference (the pipeline's CPU per post is measured the same way).
     *
     * <p>The edge work is the job's own code: its {@link KafkaPostDeserializer} (Avro decode and
     * validation) on each post's payload as the source fetches it, and its {@link AvroKafkaSerializer} on
     * each enriched post the enriched-posts sink writes (with {@code enriched.output=matched}, the matched ones).
     */
    static Reference classifyRate(AnalysisSpec spec, List<Emission> sample, MonitorConfig cfg, int threads) {
        List<Post> posts = sample.stream().map(Emission::post).toList();
        List<ConsumerRecord<byte[], byte[]>> fetched = new ArrayList<>(sample.size());
        for (int i = 0; i < sample.size(); i++) {
            fetched.add(new ConsumerRecord<>(cfg.kafka().postsTopic(), i % cfg.parallelism(), i / cfg.parallelism(),
                    utf8(sample.get(i).key()), sample.get(i).payload()));
        }
        KafkaPostDeserializer deserializer = new KafkaPostDeserializer(cfg.decoder());
        // The key MonitorJob's enriched-posts sink writes.
        AvroKafkaSerializer<EnrichedPost> serializer = new AvroKafkaSerializer<>(cfg.kafka().enrichedTopic(), EnrichedPost::getId);
        int warmup = Math.max(sample.size() / 5, sample.size() - REFERENCE_TIMED);
        // The job's own batch size (its default, or what --set gave), so that both sides batch alike.
        int batch = cfg.analysis().batchSize();
        List<Post> timed = posts.subList(warmup, posts.size());
        List<ConsumerRecord<byte[], byte[]>> timedFetched = fetched.subList(warmup, fetched.size());
        try (PostAnalyzer analyzer = spec.newAnalyzer(KEY)) {
            for (int pass = 0; pass < REFERENCE_WARMUP_PASSES; pass++) {
                for (int i = 0; i < warmup; i += batch) {
                    List<EnrichedPost> enriched = analyzer.analyzeBatch(posts.subList(i, Math.min(warmup, i + batch)));
                    encode(serializer, enriched);
                    analyzer.analyze(posts.get(i));
                }
                decode(deserializer, fetched.subList(0, warmup));
            }
            List<EnrichedPost> enriched = new ArrayList<>(timed.size());
            analyzeInBatches(analyzer, timed, batch, enriched::addAll);
            // The sink encodes what enriched.output writes; the cost is still per post read.
            enriched.removeIf(e -> !cfg.enrichedOutput().writes(e));
            long[] matches = {0};
            long oneByOne = Long.MAX_VALUE;
            long[] batchedRounds = new long[REFERENCE_ROUNDS];
            long decoding = Long.MAX_VALUE;
            long encoding = Long.MAX_VALUE;
            for (int round = 0; round < REFERENCE_ROUNDS; round++) {
                long begin = THREADS.getCurrentThreadCpuTime();
                for (Post p : timed) matches[0] += analyzer.analyze(p).getMatches().size();
                oneByOne = Math.min(oneByOne, THREADS.getCurrentThreadCpuTime() - begin);
                begin = THREADS.getCurrentThreadCpuTime();
                analyzeInBatches(analyzer, timed, batch, results -> results.forEach(e -> matches[0] += e.getMatches().size()));
                batchedRounds[round] = THREADS.getCurrentThreadCpuTime() - begin;
                begin = THREADS.getCurrentThreadCpuTime();
                decode(deserializer, timedFetched);
                decoding = Math.min(decoding, THREADS.getCurrentThreadCpuTime() - begin);
                begin = THREADS.getCurrentThreadCpuTime();
                matches[0] += encode(serializer, enriched);
                encoding = Math.min(encoding, THREADS.getCurrentThreadCpuTime() - begin);
            }
            if (matches[0] < 0) throw new AssertionError();
            Arrays.sort(batchedRounds);
            return new Reference(timed.size() / (oneByOne / 1e9), timed.size() / (batchedRounds[0] / 1e9),
                    batchedRounds[REFERENCE_ROUNDS / 2] / 1e3 / timed.size(),
                    concurrentRate(spec, timed, batch, threads), threads, decoding / 1e3 / timed.size(), encoding / 1e3 / timed.size());
        }
    }

    /** Decodes each record as the job's Kafka source does; every benchmark post must be accepted. */
    private static void decode(KafkaPostDeserializer deserializer, List<ConsumerRecord<byte[], byte[]>> records) {
        long[] rejected = {0};
        Collector<Ingested> out = new Collector<>() {
            @Override
            public void collect(Ingested record) {
                if (record.isRejected()) rejected[0]++;
            }

            @Override
            public void close() {}
        };
        for (ConsumerRecord<byte[], byte[]> r : records) deserializer.deserialize(r, out);
        if (rejected[0] > 0) {
            throw new IllegalStateException("the job's decoder rejected " + rejected[0] + " of the benchmark's posts");
        }
    }

    /** Serialises each enriched post as the job's enriched-posts sink does; returns the bytes written. */
    private static long encode(AvroKafkaSerializer<EnrichedPost> serializer, List<EnrichedPost> enriched) {
        long bytes = 0;
        for (EnrichedPost e : enriched) {
            // The serializer does not read the sink context; the record timestamp is the post's event time.
            bytes += serializer.serialize(e, null, e.getCreatedAt().toEpochMilli()).value().length;
        }
        return bytes;
    }

    /**
     * Batched classify-only on {@code threads} threads at once, each with its own analyser, summed over
     * the threads per CPU second of each: what the cores give when all of them analyse. Below
     * {@code threads} x the one-thread rate when they share caches or memory bandwidth (or are
     * hyper-threads of one core), which no pipeline can win back.
     */
    private static double concurrentRate(AnalysisSpec spec, List<Post> timed, int batch, int threads) {
        CyclicBarrier together = new CyclicBarrier(threads);
        double[] rates = new double[threads];
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread worker = new Thread(() -> {
                try (PostAnalyzer analyzer = spec.newAnalyzer(KEY)) {
                    long best = Long.MAX_VALUE;
                    for (int round = 0; round <= REFERENCE_ROUNDS; round++) { // round 0 warms this analyser
                        together.await(5, TimeUnit.MINUTES);
                        long begin = THREADS.getCurrentThreadCpuTime();
                        analyzeInBatches(analyzer, timed, batch, results -> { });
                        if (round > 0) best = Math.min(best, THREADS.getCurrentThreadCpuTime() - begin);
                    }
                    rates[index] = timed.size() / (best / 1e9);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                    together.reset();
                }
            }, "classify-reference-" + t);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring the classify reference", e);
            }
        }
        if (failure.get() != null) throw new IllegalStateException("classify reference on " + threads + " threads failed", failure.get());
        return Arrays.stream(rates).sum();
    }

    /** The posts through {@code analyzeBatch} in batches of {@code batch}, each batch's result to {@code results}. */
    private static void analyzeInBatches(PostAnalyzer analyzer, List<Post> posts, int batch, Consumer<List<EnrichedPost>> results) {
        for (int i = 0; i < posts.size(); i += batch) {
            results.accept(analyzer.analyzeBatch(posts.subList(i, Math.min(posts.size(), i + batch))));
        }
    }

    /**
     * Single-thread classify-only posts per CPU second, through {@code analyze} and {@code analyzeBatch}
     * (best round), the batched loop's median round in µs of CPU per post (how much the best is luck),
     * and batched on all the pipeline's threads at once (summed); the job's Kafka edge work in µs of CPU
     * per post: decoding and validating a post, encoding its enriched post.
     */
    record Reference(double oneByOne, double batched, double batchedMedianMicros, double together, int threads,
                     double decodeMicros, double encodeMicros) {
        /**
         * The fastest one-core rate measured: one by one, batched, or the mean of the threads at once. The
         * pipeline is held to the best the analysis alone did in this run, whichever measure caught it.
         */
        double best() {
            return Math.max(Math.max(oneByOne, batched), together / threads);
        }

        /** CPU per post at that rate. */
        double micros() {
            return 1e6 / best();
        }

        /**
         * The pipeline's ratio to {@code parallelism x single} if Flink and the broker cost nothing (on as
         * many cores as subtasks): the analysis plus the edge work no pipeline between Kafka topics avoids.
         */
        double ceiling() {
            return micros() / (micros() + decodeMicros + encodeMicros);
        }
    }

    /**
     * Rate over the steady middle of the backlog, read from the job's count of analysed posts, and this
     * JVM's CPU over the same window, per thread group.
     */
    private Throughput throughput(MonitorConfig cfg, JobClient job, long total, CpuBreakdown cpu) throws Exception {
        long first = -1;
        long warm = total * 3L / 10;
        long tWarm = -1;
        long t90 = -1;
        CpuBreakdown.Snapshot cpuWarm = null;
        CpuBreakdown.Snapshot cpu90 = null;
        // The job's own counts at the window's ends: posts analysed, and the analysis' thread CPU time.
        long[] atWarm = null;
        long[] at90 = null;
        long lastReport = System.nanoTime();
        while (true) {
            requireRunning(job);
            long count = analysed(cfg);
            long t = System.nanoTime();
            if (first < 0 && count > 0) first = t;
            if (tWarm < 0 && count >= warm) {
                tWarm = t;
                cpuWarm = cpu.snapshot();
                atWarm = new long[] {count, analysisCpuNanos(cfg)};
            }
            if (t90 < 0 && count >= total * 9L / 10) {
                t90 = t;
                cpu90 = cpu.snapshot();
                at90 = new long[] {count, analysisCpuNanos(cfg)};
            }
            if (t - lastReport > 5e9) {
                say("  ... %,d of %,d posts analysed", count, total);
                lastReport = t;
            }
            if (count >= total) {
                long unmatched = InProcessMetrics.sum(jobName(cfg), MonitorTopology.UNMATCHED_METRIC);
                double seconds = (t90 - tWarm) / 1e9;
                double cpuSeconds = (cpu90.processNanos() - cpuWarm.processNanos()) / 1e9;
                long measured = total * 9L / 10 - warm;
                return new Throughput(measured / seconds, total / ((t - first) / 1e9),
                        cpuSeconds * 1e6 / measured, cpuSeconds / seconds, (tWarm - first) / 1e9, (t90 - first) / 1e9,
                        measured, count - unmatched, (at90[1] - atWarm[1]) / 1e3 / (at90[0] - atWarm[0]),
                        CpuBreakdown.between(cpuWarm, cpu90));
            }
            Thread.sleep(100);
        }
    }

    /**
     * Sends {@link #PRIMING_POSTS} live posts and waits until the fresh job has analysed them all, so
     * that its start-up is not counted as the latency of the first markers.
     */
    private void prime(EmbeddedKafka kafka, MonitorConfig cfg, JobClient job, List<Post> chatter) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < PRIMING_POSTS; i++) send(producer, cfg, post("priming-" + i, chatter.get(i).getText(), now));
        }
        long deadline = System.currentTimeMillis() + 120_000;
        while (analysed(cfg) < PRIMING_POSTS) {
            requireRunning(job);
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("the latency job analysed nothing in 2 minutes");
            Thread.sleep(100);
        }
    }

    private static void requireRunning(JobClient job) throws Exception {
        if (job.getJobStatus().get().isGloballyTerminalState()) {
            job.getJobExecutionResult().get();
            throw new IllegalStateException("the job ended");
        }
    }

    /**
     * {@code cpuMicrosPerPost}: CPU time of this whole JVM (job, broker, benchmark) per post over the
     * same 30%..90% window; {@code coresUsed}: that CPU time over the window's wall time; the window
     * from {@code windowStart} to {@code windowEnd} seconds after the first analysed post, {@code posts}
     * in it; {@code written}: posts the job wrote to enriched-posts (all, or only the matched ones);
     * {@code analysisMicros}: the thread CPU per post of the analysis itself inside the job over the window
     * ({@value MonitorTopology#ANALYSIS_CPU_METRIC}); {@code cpu}: where that CPU time went.
     */
    private record Throughput(double sustained, double overall, double cpuMicrosPerPost, double coresUsed,
                              double windowStart, double windowEnd, long posts, long written, double analysisMicros,
                              List<CpuBreakdown.Row> cpu) {
        /** The sustained rate if the job had every core to itself. */
        double onIdleCores() {
            return Runtime.getRuntime().availableProcessors() * 1e6 / cpuMicrosPerPost;
        }
    }

    /**
     * Bytes of record batches ({@code .log} segments) the embedded broker holds: of the posts and the
     * enriched-posts partitions, and of all topics. Index files are left out: Kafka preallocates 10 MB
     * of them per active segment, sparse on disk.
     */
    private record BrokerDisk(long posts, long enriched, long all) {
        /** Read after the throughput job has stopped; files that vanish while walking are left out. */
        static BrokerDisk of(EmbeddedKafka kafka, MonitorConfig cfg) throws IOException {
            long[] sizes = new long[3];
            Files.walkFileTree(kafka.dataDir(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (!file.getFileName().toString().endsWith(".log")) return FileVisitResult.CONTINUE;
                    String partition = file.getParent().getFileName().toString();
                    if (isPartitionOf(partition, cfg.kafka().postsTopic())) sizes[0] += attributes.size();
                    if (isPartitionOf(partition, cfg.kafka().enrichedTopic())) sizes[1] += attributes.size();
                    sizes[2] += attributes.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException gone) {
                    return FileVisitResult.CONTINUE;
                }
            });
            return new BrokerDisk(sizes[0], sizes[1], sizes[2]);
        }

        /** Kafka keeps a partition in a directory named {@code <topic>-<partition>}. */
        private static boolean isPartitionOf(String directory, String topic) {
            return directory.startsWith(topic + "-") && directory.substring(topic.length() + 1).matches("\\d+");
        }
    }

    /**
     * Live posts stamped with the wall clock at {@code liveRate} per second, and every other bucket a
     * marker fight: {@value #MARKER_POSTS} posts per place. Returns the end of each marker bucket.
     */
    private List<Long> live(EmbeddedKafka kafka, MonitorConfig cfg, JobClient job, List<Post> chatter, int liveRate) throws Exception {
        say("live phase: %d s at %,d posts/s with a marker surge every %d s", options.live().toSeconds(), liveRate,
                2 * BUCKET_MILLIS / 1000);
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
                        for (int i = 0; i < MARKER_POSTS; i++) send(producer, cfg, post("marker-" + n++, text, now));
                    }
                }
                long due = (now - begin) * liveRate / 1000;
                for (; sent < due; sent++) {
                    Post p = chatter.get((int) (sent % chatter.size()));
                    send(producer, cfg, post("live-" + n++, p.getText(), now));
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

    private static void send(KafkaProducer<byte[], byte[]> producer, MonitorConfig cfg, Post p) {
        producer.send(new ProducerRecord<>(cfg.kafka().postsTopic(), utf8(p.getId()), AvroCodec.encode(p)));
    }

    private void report(Reference single, MonitorConfig production, long produced, Throughput t, BrokerDisk disk, CpuBreakdown cpu,
                        MonitorConfig shortBuckets, int liveRate, Latency latency) {
        double target = 0.8 * options.parallelism() * single.best();
        out.println();
        out.printf(Locale.ROOT, "belfort bench pipeline: %,d posts%s, parallelism %d, %d cores, load average %.1f%n",
                produced, produced < options.posts() ? String.format(Locale.ROOT, " (%,d asked, all the scenario holds)", options.posts()) : "",
                options.parallelism(),
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.printf(Locale.ROOT, "  throughput: production settings, surge buckets %s, checkpoint interval %s%n",
                Durations.format(production.surge().bucket()), Durations.format(production.checkpointInterval()));
        out.printf(Locale.ROOT, "  latency:    a job of its own before it, surge buckets %s, checkpoint interval %s%n",
                Durations.format(shortBuckets.surge().bucket()), Durations.format(shortBuckets.checkpointInterval()));
        out.println("  measure                                         value         target");
        out.printf(Locale.ROOT, "  classify only, 1 thread, one by one      %,12.0f posts/s   (%.0f us CPU per post)%n",
                single.oneByOne(), 1e6 / single.oneByOne());
        out.printf(Locale.ROOT, "  classify only, 1 thread, batches of %-3d  %,12.0f posts/s   (%.1f us CPU per post; median round %.1f us)%n",
                production.analysis().batchSize(), single.batched(), 1e6 / single.batched(), single.batchedMedianMicros());
        out.printf(Locale.ROOT, "  classify only, %d threads at once, batched %,12.0f posts/s   = %.2f x %d x single: what the cores give%n",
                options.parallelism(), single.together(), single.together() / (options.parallelism() * single.best()), options.parallelism());
        out.printf(Locale.ROOT, "  single: the fastest of the three per thread %,9.0f posts/s   (%.1f us CPU per post)%n",
                single.best(), single.micros());
        out.printf(Locale.ROOT, "  pipeline sustained (30%%..90%% of backlog) %,12.0f posts/s   >= 10,000 %s; >= %,.0f (0.8 x %d x single) %s%n",
                t.sustained(), mark(t.sustained() >= 10_000), target, options.parallelism(), mark(t.sustained() >= target));
        out.printf(Locale.ROOT, "  pipeline overall (first..last post)      %,12.0f posts/s%n", t.overall());
        out.printf(Locale.ROOT, "  pipeline CPU per post (whole JVM)        %,12.0f us        on %.2f of %d cores%n",
                t.cpuMicrosPerPost(), t.coresUsed(), Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "  pipeline on idle cores (cores / CPU)     %,12.0f posts/s   = %.2f x %d x single%n",
                t.onIdleCores(), t.onIdleCores() / (options.parallelism() * single.best()), options.parallelism());
        out.printf(Locale.ROOT, "  the analysis inside the pipeline         %,12.1f us CPU per post: pipeline sustained = %.2f x %d x that rate%n",
                t.analysisMicros(), t.sustained() * t.analysisMicros() / 1e6 / options.parallelism(), options.parallelism());
        out.printf(Locale.ROOT, "  sustained window                         %5.0f s .. %.0f s after the first analysed post%n",
                t.windowStart(), t.windowEnd());
        out.printf(Locale.ROOT, "  written to enriched-posts (enriched.output=%s) %,d of %,d posts (%.1f %%)%n",
                production.describe().get("enriched.output"), t.written(), produced, 100.0 * t.written() / produced);
        out.printf(Locale.ROOT, "  broker log segments after the backlog    posts %s, enriched posts %s, all topics %s%n",
                gigabytes(disk.posts()), gigabytes(disk.enriched()), gigabytes(disk.all()));
        out.printf(Locale.ROOT, "  required Kafka edge work, 1 thread (thread CPU, best of %d rounds, as the reference)%n", REFERENCE_ROUNDS);
        out.printf(Locale.ROOT, "    Avro decode + validate of a post (KafkaPostDeserializer)  %6.1f us per post%n", single.decodeMicros());
        out.printf(Locale.ROOT, "    Avro encode of the enriched posts written (AvroKafkaSerializer) %6.1f us per post read%n", single.encodeMicros());
        out.printf(Locale.ROOT, "    max ratio if Flink and the broker cost nothing: %.1f / (%.1f + %.1f + %.1f) = %.2f x %d x single (target 0.80)%n",
                single.micros(), single.micros(), single.decodeMicros(), single.encodeMicros(), single.ceiling(), options.parallelism());
        out.printf(Locale.ROOT, "  where the CPU went, 30%%..90%% of the backlog (us per post, share)%n");
        // Largest first, the small groups as one row, the residual last.
        List<CpuBreakdown.Row> rows = t.cpu().subList(0, t.cpu().size() - 1);
        CpuBreakdown.Row residual = t.cpu().get(t.cpu().size() - 1);
        List<CpuBreakdown.Row> small = new ArrayList<>();
        for (CpuBreakdown.Row row : rows) {
            if (row.nanos() / 1e3 / t.posts() < SMALL_ROW_MICROS) {
                small.add(row);
            } else {
                cpuRow(row.group(), row.nanos() / 1e3 / t.posts(), t);
            }
        }
        if (!small.isEmpty()) {
            cpuRow(small.size() + " more groups under " + SMALL_ROW_MICROS + " us each",
                    small.stream().mapToLong(CpuBreakdown.Row::nanos).sum() / 1e3 / t.posts(), t);
        }
        cpuRow(residual.group(), residual.nanos() / 1e3 / t.posts(), t);
        cpuRow("whole JVM", t.cpuMicrosPerPost(), t);
        out.printf(Locale.ROOT, "  latency phase: live posts/s              %,12d%n", liveRate);
        long limitCommitted = 1_000 + shortBuckets.checkpointInterval().toMillis();
        out.printf(Locale.ROOT, "  post-to-alert read_uncommitted p50/p99   %s   p99 <= 1,000 ms %s%n",
                percentiles(latency.uncommitted(), latency.markers()),
                mark(!latency.uncommitted().isEmpty() && p(latency.uncommitted(), 99) <= 1_000));
        out.printf(Locale.ROOT, "  post-to-alert read_committed   p50/p99   %s   p99 <= %,d ms %s%n",
                percentiles(latency.committed(), latency.markers()), limitCommitted,
                mark(!latency.committed().isEmpty() && p(latency.committed(), 99) <= limitCommitted));
        out.printf(Locale.ROOT, "  (classify rates are per CPU second of the measuring thread.%n");
        out.println("   CPU per post counts the job, the embedded broker and this benchmark; \"on idle cores\" divides the cores by it.");
        out.println("   where the CPU went: per-thread CPU time at the window's start and end, Java threads by name (a Flink task with");
        out.println("   its chained operators, e.g. the analysis with its enriched-posts sink writer, whose Avro encoding is the edge work above),");
        out.println(cpu.readsProc()
                ? "   the JVM's native threads (GC, JIT) from /proc/self/task at " + cpu.ticksPerSecond() + " ticks/s; a thread that ended in the window is not attributed."
                : "   no /proc: the JVM's native threads (GC, JIT) are the process CPU minus the Java threads.");
        out.printf(Locale.ROOT, "   latency: from the moment a marker surge's 1 s bucket can close, its end + %d ms out-of-orderness,%n",
                OUT_OF_ORDERNESS_MILLIS);
        out.println("   to its alert being readable on the alerts topic; watermarks are emitted every 200 ms.");
        out.println("   1 s buckets so that a marker's bucket closes within a second: the delay measured is the pipeline's after the close)");
        out.flush();
    }

    private void cpuRow(String group, double micros, Throughput t) {
        // The residual can be a hair below zero (the snapshots read threads a few ms apart); no "-0.0".
        micros = Math.abs(micros) < 0.05 ? 0 : micros;
        out.printf(Locale.ROOT, "    %-78s %6.1f us %5.1f%%%n", group, micros, 100 * micros / t.cpuMicrosPerPost());
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
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

        AlertWatch(EmbeddedKafka kafka, String topic, String isolation) {
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + isolation);
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
            c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
            thread = new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                    consumer.subscribe(List.of(topic));
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
