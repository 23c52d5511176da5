package be.belfort.cluster;

import be.belfort.local.EmbeddedKafka;
import be.belfort.local.KafkaTopics;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker and a real standalone Flink session cluster on this machine, each component its
 * own JVM started from Maven's jars, as a Flink distribution's scripts would start them:
 *
 * <ul>
 *   <li>Kafka: {@code kafka.tools.StorageTool format}, then {@code kafka.Kafka server.properties}
 *       (KRaft, combined broker + controller);</li>
 *   <li>JobManager: {@code StandaloneSessionClusterEntrypoint --configDir conf}, memory from
 *       {@code BashJavaUtils GET_JM_RESOURCE_PARAMS};</li>
 *   <li>TaskManagers: {@code TaskManagerRunner --configDir conf}, memory from
 *       {@code BashJavaUtils GET_TM_RESOURCE_PARAMS} (line 1: JVM flags, line 2: {@code -D} settings);</li>
 *   <li>jobs: {@code CliFrontend run} with the slim job jar, Flink being provided by the cluster.</li>
 * </ul>
 *
 * <p>Everything lives under one home folder: {@code conf/} (config.yaml, server.properties, log4j),
 * {@code logs/}, {@code data/kafka}, {@code checkpoints/}, {@code savepoints/}, and
 * {@code cluster.properties} with ports and process ids, so that another process
 * ({@code belfort cluster stop}) can {@link #attach} and stop it. Processes outlive the JVM that
 * started them. The classpaths come from {@code jobs/target/cluster/{flink,kafka}.classpath}, written by
 * the Maven build.
 *
 * <pre>{@code
 * try (LocalCluster c = LocalCluster.start(new LocalCluster.Spec(home, Path.of("target/cluster"), 1, 2))) {
 *     c.createTopics(2, "posts");
 *     String job = c.submit(Path.of("target/belfort-job.jar"), "be.belfort.monitor.MonitorJob", args, null);
 *     c.killTaskManager(0);   // kill -9
 *     c.startTaskManager(0);  // the job recovers from its last checkpoint
 * }
 * }</pre>
 */
public final class LocalCluster implements AutoCloseable {
    static final String KAFKA_MAIN = "kafka.Kafka";
    static final String JOBMANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASKMANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String CLI_FRONTEND = "org.apache.flink.client.cli.CliFrontend";
    /** Prefix of the lines BashJavaUtils answers with (Flink's config.sh greps for it too). */
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final String STATE_FILE = "cluster.properties";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What to start.
     *
     * @param home          folder for configuration, logs, data, checkpoints and state
     * @param classpathDir  folder with {@code flink.classpath} and {@code kafka.classpath}
     * @param taskManagers  TaskManager processes
     * @param slots         task slots per TaskManager
     * @param flinkSettings extra {@code config.yaml} settings, overriding the defaults of {@link #flinkConfig}
     */
    public record Spec(Path home, Path classpathDir, int taskManagers, int slots, Map<String, String> flinkSettings) {
        public Spec {
            if (taskManagers < 1) throw new IllegalArgumentException("taskManagers must be >= 1");
            if (slots < 1) throw new IllegalArgumentException("slots must be >= 1");
            home = home.toAbsolutePath();
            classpathDir = classpathDir.toAbsolutePath();
            flinkSettings = Map.copyOf(flinkSettings);
        }

        public Spec(Path home, Path classpathDir, int taskManagers, int slots) {
            this(home, classpathDir, taskManagers, slots, Map.of());
        }
    }

    private final Path home;
    private final Properties state;
    private final String flinkClasspath;
    private final String kafkaClasspath;

    private LocalCluster(Path home, Properties state) {
        this.home = home;
        this.state = state;
        Path cp = Path.of(state.getProperty("classpath.dir"));
        this.flinkClasspath = readClasspath(cp.resolve("flink.classpath"));
        this.kafkaClasspath = readClasspath(cp.resolve("kafka.classpath"));
    }

    /**
     * Starts the broker, the JobManager and the TaskManagers, and waits until the broker answers and
     * every TaskManager has registered its slots. A home with a running cluster is refused; a stopped
     * one is reused (Kafka's data and the checkpoints survive a restart).
     *
     * @throws IllegalStateException when a component does not come up (the others are stopped again)
     */
    public static LocalCluster start(Spec spec) {
        Path home = spec.home();
        Optional<LocalCluster> previous = attachIfPresent(home);
        if (previous.isPresent() && !previous.get().running().isEmpty()) {
            throw new IllegalStateException("a cluster is already running in " + home + ": " + previous.get().running());
        }
        Properties state = new Properties();
        state.setProperty("classpath.dir", spec.classpathDir().toString());
        state.setProperty("taskmanagers", Integer.toString(spec.taskManagers()));
        state.setProperty("slots", Integer.toString(spec.slots()));
        state.setProperty("kafka.port", Integer.toString(freePort()));
        state.setProperty("kafka.controller-port", Integer.toString(freePort()));
        state.setProperty("rest.port", Integer.toString(freePort()));
        state.setProperty("rpc.port", Integer.toString(freePort()));
        LocalCluster c = new LocalCluster(home, state);
        try {
            for (String dir : List.of("conf", "logs", "data", "checkpoints", "savepoints", "tmp")) {
                Files.createDirectories(home.resolve(dir));
            }
            c.writeConfiguration(spec);
            c.saveState();
            c.formatKafkaIfNew();
            c.startKafka();
            c.startJobManager();
            for (int i = 0; i < spec.taskManagers(); i++) c.startTaskManager(i);
            c.awaitTaskManagers(spec.taskManagers());
            return c;
        } catch (IOException e) {
            c.close();
            throw new UncheckedIOException("cannot prepare the cluster in " + home, e);
        } catch (RuntimeException e) {
            try {
                c.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The cluster whose state is recorded in {@code home}, whether its processes run or not. */
    public static LocalCluster attach(Path home) {
        return attachIfPresent(home.toAbsolutePath())
                .orElseThrow(() -> new IllegalStateException("no cluster in " + home + " (start one first)"));
    }

    private static Optional<LocalCluster> attachIfPresent(Path home) {
        Path file = home.resolve(STATE_FILE);
        if (!Files.exists(file)) return Optional.empty();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return Optional.of(new LocalCluster(home, p));
    }

    public Path home() {
        return home;
    }

    public String bootstrapServers() {
        return "localhost:" + state.getProperty("kafka.port");
    }

    public URI restUrl() {
        return URI.create("http://localhost:" + state.getProperty("rest.port"));
    }

    public FlinkRest rest() {
        return new FlinkRest(restUrl());
    }

    public int taskManagers() {
        return Integer.parseInt(state.getProperty("taskmanagers"));
    }

    /** Each component ({@code kafka}, {@code jobmanager}, {@code taskmanager-N}) with its pid, or -1 when it is not running. */
    public Map<String, Long> processes() {
        Map<String, Long> all = new LinkedHashMap<>();
        all.put("kafka", pidIfAlive("kafka"));
        all.put("jobmanager", pidIfAlive("jobmanager"));
        for (int i = 0; i < taskManagers(); i++) all.put(taskManager(i), pidIfAlive(taskManager(i)));
        return all;
    }

    /** The components that run, with their pids. */
    public Map<String, Long> running() {
        Map<String, Long> up = new TreeMap<>();
        processes().forEach((name, pid) -> {
            if (pid > 0) up.put(name, pid);
        });
        return up;
    }

    /** Creates topics (replication factor 1) unless they exist, and waits for their leaders. */
    public void createTopics(int partitions, String... names) {
        KafkaTopics.create(bootstrapServers(), partitions, names);
    }

    // ---- faults ----------------------------------------------------------------------------------

    /** {@code kill -9} of a TaskManager: no shutdown hook runs, its open Kafka transactions are left behind. */
    public void killTaskManager(int index) {
        kill(taskManager(index), true);
    }

    /** Starts TaskManager {@code index} (again), computing its memory settings as Flink's scripts do. */
    public void startTaskManager(int index) {
        String name = taskManager(index);
        List<String> jvm = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of("--configDir", conf().toString()));
        List<String> params = resourceParams("GET_TM_RESOURCE_PARAMS");
        jvm.addAll(split(params.get(0)));
        args.addAll(split(params.get(1)));
        jvm.addAll(logging(name));
        jvm.addAll(ChildJvm.FLINK_OPENS);
        launch(new ChildJvm(name, TASKMANAGER_MAIN, flinkClasspath, jvm, args, Map.of()));
    }

    /** {@code kill -9} of the broker. Its log survives; the data it acknowledged is on disk (page cache). */
    public void killKafka() {
        kill("kafka", true);
    }

    /** Starts the broker (again) on its recorded ports and data, and waits until it answers. */
    public void startKafka() {
        List<String> jvm = new ArrayList<>(List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC"));
        jvm.addAll(logging("kafka"));
        launch(new ChildJvm("kafka", KAFKA_MAIN, kafkaClasspath, jvm, List.of(conf().resolve("server.properties").toString()), Map.of()));
        awaitKafka();
    }

    // ---- jobs -------------------------------------------------------------------------------------

    /**
     * Submits a job with {@code flink run -d} and returns its id.
     *
     * @param savepoint a savepoint to start from, or null
     */
    public String submit(Path jar, String mainClass, List<String> jobArgs, String savepoint) {
        List<String> args = new ArrayList<>(List.of("run", "-d"));
        if (savepoint != null) args.addAll(List.of("-s", savepoint));
        args.addAll(List.of("-c", mainClass, jar.toAbsolutePath().toString()));
        args.addAll(jobArgs);
        String out = flinkCli("flink-run", args);
        Matcher m = Pattern.compile("JobID ([0-9a-f]{32})").matcher(out);
        if (!m.find()) throw new IllegalStateException("flink run printed no job id: " + out);
        return m.group(1);
    }

    /** {@code flink stop}: a final savepoint, then the job ends (sinks commit). Returns the savepoint's path. */
    public String stopWithSavepoint(String jobId) {
        String out = flinkCli("flink-stop", List.of("stop", "--savepointPath", home.resolve("savepoints").toUri().toString(), jobId));
        Matcher m = Pattern.compile("Savepoint completed\\. Path: (\\S+)").matcher(out);
        if (!m.find()) throw new IllegalStateException("flink stop printed no savepoint path: " + out);
        return m.group(1);
    }

    /** {@code flink cancel}: the job ends without a savepoint (its open transactions are aborted). */
    public void cancel(String jobId) {
        flinkCli("flink-cancel", List.of("cancel", jobId));
    }

    private String flinkCli(String name, List<String> args) {
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
        jvm.addAll(logging(name));
        jvm.addAll(ChildJvm.FLINK_OPENS);
        return new ChildJvm(name, CLI_FRONTEND, flinkClasspath, jvm, args, Map.of("FLINK_CONF_DIR", conf().toString()))
                .run(home, logs(), TOOL_TIMEOUT);
    }

    // ---- stop -------------------------------------------------------------------------------------

    /** Stops the TaskManagers, the JobManager and the broker (SIGTERM, then SIGKILL after 30 s). Idempotent. */
    public void stop() {
        for (int i = 0; i < taskManagers(); i++) kill(taskManager(i), false);
        kill("jobmanager", false);
        kill("kafka", false);
    }

    @Override
    public void close() {
        stop();
    }

    // ---- internals --------------------------------------------------------------------------------

    private void startJobManager() {
        List<String> jvm = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of("--configDir", conf().toString()));
        List<String> params = resourceParams("GET_JM_RESOURCE_PARAMS");
        jvm.addAll(split(params.get(0)));
        args.addAll(split(params.get(1)));
        jvm.addAll(logging("jobmanager"));
        jvm.addAll(ChildJvm.FLINK_OPENS);
        launch(new ChildJvm("jobmanager", JOBMANAGER_MAIN, flinkClasspath, jvm, args, Map.of()));
    }

    /** Flink's memory model computed by Flink itself: line 1 JVM flags, line 2 {@code -D key=value} settings. */
    private List<String> resourceParams(String command) {
        String out = new ChildJvm("bash-java-utils", BASH_JAVA_UTILS, flinkClasspath, logging("bash-java-utils"),
                List.of(command, "--configDir", conf().toString()), Map.of()).run(home, logs(), TOOL_TIMEOUT);
        List<String> lines = out.lines().filter(l -> l.startsWith(RESULT_PREFIX))
                .map(l -> l.substring(RESULT_PREFIX.length()).trim()).toList();
        if (lines.size() < 2) throw new IllegalStateException(command + " answered " + lines + ": " + out);
        return lines.subList(lines.size() - 2, lines.size());
    }

    private void formatKafkaIfNew() throws IOException {
        if (Files.exists(home.resolve("data/kafka/meta.properties"))) return;
        List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
        jvm.addAll(logging("kafka-storage"));
        new ChildJvm("kafka-storage", "kafka.tools.StorageTool", kafkaClasspath, jvm,
                List.of("format", "-t", Uuid.randomUuid().toString(), "-c", conf().resolve("server.properties").toString()), Map.of())
                .run(home, logs(), TOOL_TIMEOUT);
    }

    private void launch(ChildJvm jvm) {
        Process p = jvm.start(home, logs());
        state.setProperty("pid." + jvm.name(), Long.toString(p.pid()));
        state.setProperty("started." + jvm.name(), p.info().startInstant().map(Object::toString).orElse(""));
        saveState();
    }

    private void awaitKafka() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "belfort-cluster-probe"))) {
            while (true) {
                requireAlive("kafka");
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) return;
                } catch (Exception notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka did not answer within " + STARTUP_TIMEOUT + "; see " + logs().resolve("kafka.log"));
                }
                sleep(500);
            }
        }
    }

    /** Waits until {@code count} TaskManagers have registered all their slots. */
    public void awaitTaskManagers(int count) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        FlinkRest rest = rest();
        int slots = Integer.parseInt(state.getProperty("slots"));
        while (true) {
            requireAlive("jobmanager");
            try {
                FlinkRest.Overview o = rest.overview();
                if (o.taskManagers() == count && o.slotsTotal() == count * slots) return;
            } catch (IOException notYet) {
                // REST endpoint not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(count + " TaskManagers did not register within " + STARTUP_TIMEOUT
                        + "; see " + logs());
            }
            sleep(500);
        }
    }

    private void requireAlive(String name) {
        if (pidIfAlive(name) < 0) {
            throw new IllegalStateException(name + " exited: " + ChildJvm.tail(logs().resolve(name + ".out"))
                    + "\n(log: " + logs().resolve(name + ".log") + ")");
        }
    }

    /** The pid recorded for {@code name} if that process still runs and still is that component. */
    private long pidIfAlive(String name) {
        return handle(name).map(ProcessHandle::pid).orElse(-1L);
    }

    private Optional<ProcessHandle> handle(String name) {
        String pid = state.getProperty("pid." + name);
        String started = state.getProperty("started." + name, "");
        if (pid == null) return Optional.empty();
        // A recycled pid belongs to some other program, started at another instant: never signal it.
        return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().startInstant().map(Object::toString).orElse("").equals(started));
    }

    private void kill(String name, boolean hard) {
        Optional<ProcessHandle> h = handle(name);
        if (h.isEmpty()) return;
        ProcessHandle p = h.get();
        if (hard) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            p.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            p.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + name, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot wait for " + name, e);
        }
    }

    private void writeConfiguration(Spec spec) throws IOException {
        Map<String, String> flink = flinkConfig(home, Integer.parseInt(state.getProperty("rpc.port")),
                Integer.parseInt(state.getProperty("rest.port")), spec.slots());
        flink.putAll(spec.flinkSettings());
        StringBuilder yaml = new StringBuilder("# Written by be.belfort.cluster.LocalCluster\n");
        flink.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        Files.writeString(conf().resolve("config.yaml"), yaml, StandardCharsets.UTF_8);

        Map<String, String> kafka = new TreeMap<>(EmbeddedKafka.brokerConfig());
        String port = state.getProperty("kafka.port");
        String controller = state.getProperty("kafka.controller-port");
        kafka.put("process.roles", "broker,controller");
        kafka.put("node.id", "1");
        kafka.put("controller.quorum.voters", "1@localhost:" + controller);
        kafka.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controller);
        kafka.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        kafka.put("controller.listener.names", "CONTROLLER");
        kafka.put("inter.broker.listener.name", "PLAINTEXT");
        kafka.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        kafka.put("log.dirs", home.resolve("data/kafka").toString());
        StringBuilder props = new StringBuilder("# Written by be.belfort.cluster.LocalCluster\n");
        kafka.forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
        Files.writeString(conf().resolve("server.properties"), props, StandardCharsets.UTF_8);

        Files.writeString(conf().resolve("log4j.properties"), String.join("\n",
                "# One file per process (log.file); Kafka's clients inside Flink are chatty at INFO.",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file",
                "appender.file.name = file",
                "appender.file.type = File",
                "appender.file.append = true",
                "appender.file.fileName = ${sys:log.file}",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%t] %c - %m%n",
                "logger.kafkaclients.name = org.apache.kafka.clients",
                "logger.kafkaclients.level = WARN",
                "logger.kafkacommon.name = org.apache.kafka.common",
                "logger.kafkacommon.level = WARN",
                ""), StandardCharsets.UTF_8);
    }

    /**
     * The {@code config.yaml} of the session cluster: loopback only, file checkpoints under the home,
     * heartbeats short enough that a killed TaskManager is noticed in seconds, and restarts without
     * end so the job waits for the TaskManager to come back.
     */
    static Map<String, String> flinkConfig(Path home, int rpcPort, int restPort, int slots) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", "localhost");
        c.put("jobmanager.rpc.port", Integer.toString(rpcPort));
        c.put("jobmanager.bind-host", "localhost");
        c.put("jobmanager.memory.process.size", "1024m");
        c.put("taskmanager.bind-host", "localhost");
        c.put("taskmanager.host", "localhost");
        c.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));
        c.put("taskmanager.memory.process.size", "2048m");
        // Heap state backend: managed memory would only be reserved, never used.
        c.put("taskmanager.memory.managed.fraction", "0.05");
        c.put("rest.address", "localhost");
        c.put("rest.bind-address", "localhost");
        c.put("rest.port", Integer.toString(restPort));
        c.put("state.backend.type", "hashmap");
        c.put("execution.checkpointing.dir", home.resolve("checkpoints").toUri().toString());
        c.put("execution.checkpointing.savepoint-dir", home.resolve("savepoints").toUri().toString());
        c.put("restart-strategy.type", "fixed-delay");
        c.put("restart-strategy.fixed-delay.attempts", "2147483647");
        c.put("restart-strategy.fixed-delay.delay", "2 s");
        c.put("heartbeat.interval", "1000");
        c.put("heartbeat.timeout", "20000");
        c.put("io.tmp.dirs", home.resolve("tmp").toString());
        c.put("web.tmpdir", home.resolve("tmp").toString());
        return c;
    }

    private List<String> logging(String name) {
        return List.of("-Dlog.file=" + logs().resolve(name + ".log"),
                "-Dlog4j.configurationFile=" + conf().resolve("log4j.properties").toUri(),
                "-Dlog4j2.configurationFile=" + conf().resolve("log4j.properties").toUri());
    }

    private void saveState() {
        try (Writer w = Files.newBufferedWriter(home.resolve(STATE_FILE), StandardCharsets.UTF_8)) {
            state.store(w, "Belfort local cluster: ports and process ids");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + home.resolve(STATE_FILE), e);
        }
    }

    private Path conf() {
        return home.resolve("conf");
    }

    public Path logs() {
        return home.resolve("logs");
    }

    private static String taskManager(int index) {
        return "taskmanager-" + index;
    }

    private static List<String> split(String line) {
        return line.isBlank() ? List.of() : Arrays.asList(line.trim().split("\\s+"));
    }

    private static String readClasspath(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (written by the Maven build: mvn -DskipTests package)", e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
