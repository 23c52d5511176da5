package be.belfort.cli;

import be.belfort.alert.AlertFormat;
import be.belfort.ingest.AvroCodec;
import be.belfort.ingest.JsonEdge;
import be.belfort.local.EmbeddedKafka;
import be.belfort.local.FirehoseSimulator;
import be.belfort.local.InProcessMetrics;
import be.belfort.local.Scenario;
import be.belfort.monitor.MonitorConfig;
import be.belfort.monitor.MonitorJob;
import be.belfort.monitor.MonitorTopology;
import be.belfort.monitor.RulesUpdates;
import be.belfort.schema.Alert;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code belfort demo}: everything on this machine. A real Kafka broker in-process, the monitor job on
 * a local Flink MiniCluster, and a simulated Gentse Feesten evening (a fight on the Korenmarkt among
 * the chatter, some malformed records) compressed into {@code --duration} of wall-clock time.
 */
@Command(name = "demo", description = "Run the whole pipeline on an embedded Kafka broker and a local Flink MiniCluster "
        + "with a simulated Gentse Feesten evening; prints alerts as they fire.")
final class DemoCommand implements Callable<Integer> {
    private static final ZoneId GHENT = ZoneId.of("Europe/Brussels");
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(GHENT);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final String JOB_NAME = "belfort-demo";

    @Spec CommandSpec spec;
    @Mixin JobOptions job = new JobOptions();

    @Option(names = "--duration", defaultValue = "2m", paramLabel = "DURATION",
            description = "Wall-clock length of the demo; the simulated evening (2 hours) is compressed into it. Default: ${DEFAULT-VALUE}.")
    String duration;

    @Option(names = "--alerts-out", paramLabel = "FILE", description = "Also write every alert as a JSON line to FILE (replaced).")
    Path alertsOut;

    @Option(names = "--no-console", description = "Do not start the web console (nor its embedded PostgreSQL).")
    boolean noConsole;

    @Option(names = "--console-port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port of the web console; 0 = any free port. Default: ${DEFAULT-VALUE}.")
    int consolePort;

    @Option(names = "--seed", defaultValue = "20260720", description = "Seed of the simulated evening. Default: ${DEFAULT-VALUE}.")
    long seed;

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        Duration wall = parseDuration();
        if (alertsOut != null) ReplayCommand.prepare(alertsOut);
        PrintWriter out = spec.commandLine().getOut();
        Thread hook = new Thread(this::interrupted, "belfort-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(wall, out);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // Ctrl-C: the hook is running and waits for `finished`.
            }
        }
    }

    private int run(Duration wall, PrintWriter out) throws Exception {
        out.println("belfort demo: starting Kafka (KRaft, in-process) and Flink (local MiniCluster)...");
        out.flush();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            MonitorConfig cfg = job.config(Map.of(
                    "kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "kafka.group-id", "belfort-demo",
                    "pseudonym.key", UUID.randomUUID().toString(),
                    "parallelism", "2",
                    "checkpoint.interval", "2s",
                    "watermark.idleness", "5s"));
            kafka.createTopics(3, cfg.kafka().postsTopic());
            kafka.createTopics(1, cfg.kafka().alertsTopic(), cfg.kafka().enrichedTopic(), cfg.kafka().rejectedTopic(),
                    cfg.kafka().rulesTopic(), cfg.kafka().deadLetterTopic(), cfg.kafka().actionsTopic(),
                    cfg.kafka().lateTopic());
            try (DemoConsole console = noConsole ? null : DemoConsole.start(kafka, cfg, consolePort, out)) {
                simulate(wall, out, kafka, cfg);
                if (console != null) console.stayUntilInterrupted(stopping, out);
            }
        }
        return 0;
    }

    private void simulate(Duration wall, PrintWriter out, EmbeddedKafka kafka, MonitorConfig cfg) throws Exception {
        Scenario base = Scenario.gentseFeesten().seed(seed).build();
        Instant end = Instant.now().plus(wall);
        Scenario scenario = base.toBuilder()
                .timeScale((double) base.duration().toMillis() / wall.toMillis())
                .endingAt(end)
                .build();

        Configuration flink = new Configuration();
        InProcessMetrics.enable(flink);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        MonitorJob.define(env, cfg, job.analysis(cfg));
        JobClient client = env.executeAsync(JOB_NAME);

        out.printf("belfort demo: broker %s; job %s; simulating %s, %s-%s Ghent time, in %s (%.0fx)%n",
                kafka.bootstrapServers(), client.getJobID(), scenario.name(),
                HM.format(scenario.start()), HM.format(scenario.end()), duration, scenario.timeScale());
        out.println("belfort demo: alerts appear below as they fire; edits to " + cfg.rulesDir()
                + " apply live; Ctrl-C stops early. Logs: " + System.getProperty("belfort.log.file", "belfort.log"));
        out.flush();

        try (FirehoseSimulator sim = new FirehoseSimulator(scenario);
                Watcher watcher = new Watcher(cfg, kafka.bootstrapServers(), out, alertsOut);
                AutoCloseable rulesWatch = RulesUpdates.watch(kafka.bootstrapServers(), cfg.kafka().rulesTopic(),
                        Path.of(cfg.rulesDir()), line -> say(out, "belfort demo: " + line))) {
            watcher.start();
            sim.start(kafka.bootstrapServers(), cfg.kafka().postsTopic());
            long deadline = System.nanoTime() + wall.toNanos();
            long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
            while (!stopping.get() && !sim.stats().snapshot().finished() && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(30)) {
                Thread.sleep(200);
                if (System.nanoTime() >= nextProgress) {
                    progress(out, sim, watcher);
                    nextProgress += PROGRESS_EVERY.toNanos();
                }
                if (client.getJobStatus().get().isGloballyTerminalState()) {
                    client.getJobExecutionResult().get();
                    throw new IllegalStateException("the monitor job stopped unexpectedly");
                }
            }
            sim.stop();
            // Let the last checkpoint commit the last alerts before shutting down.
            Thread.sleep(cfg.checkpointInterval().multipliedBy(2).plusSeconds(1).toMillis());
            // Read before the cancel: a cancelled job's counters are gone.
            long analysed = analysed();
            client.cancel().get(30, TimeUnit.SECONDS);
            FirehoseSimulator.Snapshot s = sim.stats().snapshot();
            out.printf("belfort demo: done. %d records sent (%d posts, %d duplicates, %d malformed); "
                            + "%d analysed, %d written to %s (enriched.output=%s), %d rejected, %d alert records for %d surges%s%n",
                    s.sent(), s.valid(), s.duplicates(), s.malformedTotal(), analysed, watcher.enriched.get(),
                    cfg.kafka().enrichedTopic(), cfg.describe().get("enriched.output"), watcher.rejected.get(),
                    watcher.alerts.get(), watcher.surges.size(),
                    alertsOut == null ? "" : "; alerts written to " + alertsOut);
            out.flush();
        }
    }

    private static void say(PrintWriter out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private void progress(PrintWriter out, FirehoseSimulator sim, Watcher watcher) {
        FirehoseSimulator.Snapshot s = sim.stats().snapshot();
        say(out, String.format("  ... %s  posts in %d (dup %d, malformed %d) | analysed %d, written %d | rejected %d | alerts %d",
                s.eventTime() == null ? "--:--" : HM.format(s.eventTime()), s.sent(), s.duplicates(),
                s.malformedTotal(), analysed(), watcher.enriched.get(), watcher.rejected.get(), watcher.alerts.get()));
    }

    private static long analysed() {
        return InProcessMetrics.sum(JOB_NAME, MonitorTopology.ANALYSED_METRIC);
    }

    private Duration parseDuration() {
        try {
            Duration d = be.belfort.config.Durations.parse(duration);
            if (d.compareTo(Duration.ofSeconds(20)) < 0) throw new IllegalArgumentException("must be at least 20s");
            return d;
        } catch (IllegalArgumentException e) {
            throw new Belfort.UserError("--duration " + e.getMessage());
        }
    }

    /** Ctrl-C: stop the simulation and let {@link #run} shut the job and broker down in order. */
    private void interrupted() {
        stopping.set(true);
        try {
            finished.await(40, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the job's output topics as a downstream consumer would (read_committed): prints alerts, counts the rest. */
    private static final class Watcher implements AutoCloseable {
        final AtomicLong enriched = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong alerts = new AtomicLong();
        final Set<String> surges = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final MonitorConfig.Kafka topics;
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final PrintWriter out;
        private final BufferedWriter file;
        private final Thread thread;
        private volatile boolean running = true;

        Watcher(MonitorConfig cfg, String bootstrap, PrintWriter out, Path alertsOut) throws IOException {
            this.topics = cfg.kafka();
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "belfort-demo-watcher");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.out = out;
            this.file = alertsOut == null ? null : Files.newBufferedWriter(alertsOut, StandardCharsets.UTF_8);
            this.thread = new Thread(this::loop, "belfort-demo-watcher");
            thread.setDaemon(true);
        }

        void start() {
            consumer.subscribe(List.of(topics.alertsTopic(), topics.enrichedTopic(), topics.rejectedTopic()));
            thread.start();
        }

        private void loop() {
            Set<String> seen = new HashSet<>();
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(topics.enrichedTopic())) {
                        enriched.incrementAndGet();
                    } else if (r.topic().equals(topics.rejectedTopic())) {
                        rejected.incrementAndGet();
                    } else {
                        alert(r.value(), seen);
                    }
                }
            }
        }

        private void alert(byte[] value, Set<String> seen) {
            try {
                Alert a = AvroCodec.decode(value, Alert.class);
                alerts.incrementAndGet();
                surges.add(a.getId());
                synchronized (out) {
                    out.println((seen.add(a.getId()) ? "ALERT " : "      ") + AlertFormat.line(a));
                    out.flush();
                }
                if (file != null) {
                    file.write(JsonEdge.toJson(a));
                    file.newLine();
                    file.flush();
                }
            } catch (Exception e) {
                synchronized (out) {
                    out.println("belfort demo: unreadable alert record: " + e.getMessage());
                }
            }
        }

        @Override
        public void close() throws Exception {
            running = false;
            thread.join(5_000);
            consumer.close();
            if (file != null) file.close();
        }
    }
}
