package be.belfort.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where this JVM's CPU went between two {@link Snapshot}s, grouped by what its threads do: per Flink
 * task, the embedded Kafka broker, the job's Kafka clients, checkpointing, the JIT compilers, the
 * garbage collector, the benchmark itself and the rest.
 *
 * <p>Java threads are read through {@link ThreadMXBean} (full names, nanosecond CPU time). The JVM's
 * own native threads (GC workers, JIT compilers, the VM thread) are not visible there; on Linux they
 * are read from {@code /proc/self/task/<tid>/stat} (utime + stime in clock ticks), where a thread's
 * name is its first 15 bytes. Only the names in {@link #NATIVE_GROUPS} are taken from {@code /proc}:
 * every other task there is a Java thread already counted, under a possibly stale or truncated name.
 * Without {@code /proc} the native threads are one row, the process CPU minus the Java threads.
 *
 * <p>A thread alive at both snapshots counts its growth, one started in between all its CPU time, one
 * that ended in between nothing at all: its CPU since the first snapshot can no longer be read and
 * ends up in the {@link #RESIDUAL} row, the process CPU time the rows do not account for.
 */
final class CpuBreakdown {
    static final String TASK_PREFIX = "Flink task: ";
    static final String BENCHMARK = "benchmark (main thread, its admin clients and producers)";
    static final String BROKER = "embedded Kafka broker";
    static final String SOURCE_CLIENTS = "Kafka consumers in the job (source fetchers, enumerators)";
    static final String SINK_PRODUCERS = "Kafka producers' network threads in the job (sinks)";
    static final String CHECKPOINTS = "checkpointing (async snapshots, checkpoint coordinator I/O)";
    static final String JIT = "JIT compiler threads";
    static final String GC = "GC threads";
    static final String VM = "JVM VM thread and service threads (safepoints, code sweeper)";
    static final String REST = "Flink runtime and the rest (RPC, timers, output flushers, metrics)";
    static final String RESIDUAL = "not attributed (threads that ended in the window, tick rounding)";
    static final String NO_PROC = "JVM native threads: GC, JIT, VM (process CPU - Java threads; no /proc)";

    /**
     * Java thread names to rows, first match wins. The broker's threads are those of Kafka's KRaft
     * broker and controller in one process ({@code EmbeddedKafka}); the benchmark's Kafka clients
     * have Kafka's default client ids ({@code adminclient-N}, {@code producer-N}), the job's have ids
     * of their own. A Flink task thread is named {@code <chain> (i/n)#attempt}; its timer and output
     * flusher threads carry the same suffix after a prefix of their own, so they must match first.
     */
    private static final List<Map.Entry<Pattern, String>> JAVA_GROUPS = List.of(
            group("^(main|bench-alerts-.*|classify-reference-\\d+)$"
                    + "|^kafka-(admin-client|producer-network)-thread \\| (adminclient|producer)-\\d+$"
                    + "|^kafka-admin-client-thread \\| belfort-embedded-kafka-admin$", BENCHMARK),
            group("^(Source Data Fetcher for |kafka-admin-client-thread |kafka-coordinator-heartbeat-thread )", SOURCE_CLIENTS),
            group("^kafka-producer-network-thread ", SINK_PRODUCERS),
            group("^(AsyncOperations-thread-|Checkpoint Timer|jobmanager-io-thread-)", CHECKPOINTS),
            group("^(OutputFlusher for |Time Trigger for |System Time Trigger for )", REST),
            group("^(data-plane-kafka|kafka-request-handler|kafka-network-thread|kafka-\\d+-|kafka-scheduler"
                    + "|kafka-log-cleaner|kafka-cluster-test-kit|raft-|quorum-controller|broker-\\d+-|controller-\\d+-"
                    + "|ReplicaFetcher|group-coordinator|share-coordinator|share-group|transaction-log|TxnMarkerSender"
                    + "|AddPartitionsToTxnSender|ExpirationReaper|LogDirFailureHandler|executor-|persister-state"
                    + "|PersisterStateManager|network-partition-metadata|client-metrics|metrics-meter-tick)", BROKER));

    /** HotSpot's native threads as {@code /proc} names them (first 15 bytes), first match wins. */
    private static final List<Map.Entry<Pattern, String>> NATIVE_GROUPS = List.of(
            group("^C\\d CompilerThre", JIT),
            group("^(GC Thread#|G1 |ParGC)", GC),
            group("^(VM Thread|VM Periodic Tas|Service Thread|Monitor Deflati|Sweeper thread)$", VM));

    private static final Pattern TASK = Pattern.compile("^(.*) \\(\\d+/\\d+\\)#\\d+$");
    private static final String CHAIN = " -> ";
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Linux's USER_HZ, what {@code getconf CLK_TCK} prints on every mainstream architecture. */
    private static final long DEFAULT_TICKS_PER_SECOND = 100;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final boolean proc;
    private final long ticksPerSecond;

    private CpuBreakdown(boolean proc, long ticksPerSecond) {
        this.proc = proc;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** Reads this JVM; asks {@code getconf CLK_TCK} once, here, so that no snapshot starts a process. */
    static CpuBreakdown ofThisJvm() {
        boolean proc = Files.isDirectory(TASKS);
        return new CpuBreakdown(proc, proc ? clockTicksPerSecond() : DEFAULT_TICKS_PER_SECOND);
    }

    /** False when {@code /proc} is missing: the native threads are then one row. */
    boolean readsProc() {
        return proc;
    }

    /** The clock ticks of {@code /proc} stat times per second; 100 when {@code getconf} is missing or fails. */
    long ticksPerSecond() {
        return ticksPerSecond;
    }

    /** One thread's name and CPU time so far. */
    record ThreadCpu(String name, long nanos) {}

    /**
     * Process CPU time, the Java threads by id and, when {@code /proc} is read, every task by its
     * Linux thread id.
     */
    record Snapshot(long processNanos, Map<Long, ThreadCpu> javaThreads, Map<Integer, ThreadCpu> tasks, boolean proc) {}

    /** One row: a group of threads and their CPU time between two snapshots. */
    record Row(String group, long nanos) {}

    /** This JVM's CPU now; threads that end while it is taken are left out. */
    Snapshot snapshot() {
        long process = OS.getProcessCpuTime();
        Map<Long, ThreadCpu> java = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) continue;
            long nanos = THREADS.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) java.put(info.getThreadId(), new ThreadCpu(info.getThreadName(), nanos));
        }
        Map<Integer, ThreadCpu> tasks = new HashMap<>();
        if (proc) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(TASKS)) {
                for (Path dir : dirs) {
                    readTask(dir).ifPresent(t -> tasks.put(t.tid(), new ThreadCpu(t.comm(),
                            TimeUnit.SECONDS.toNanos(t.ticks()) / ticksPerSecond)));
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + TASKS, e);
            }
        }
        return new Snapshot(process, java, tasks, proc);
    }

    /** A task's stat, or empty when it ended after the directory was listed. */
    private static Optional<TaskStat> readTask(Path dir) {
        try {
            return Optional.of(parseStat(new String(Files.readAllBytes(dir.resolve("stat")), StandardCharsets.UTF_8)));
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    /** The fields of {@code /proc/<pid>/task/<tid>/stat} the breakdown needs. */
    record TaskStat(int tid, String comm, long ticks) {}

    /**
     * Parses a stat line: {@code tid (comm) state ppid ...} with utime and stime as fields 14 and 15.
     * The name may itself hold spaces and parentheses, so it runs from the first '(' to the last ')'.
     *
     * @throws IllegalArgumentException when the line is not a stat line
     */
    static TaskStat parseStat(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 1 || close < open) throw new IllegalArgumentException("not a /proc stat line: " + line);
        String[] fields = line.substring(close + 1).trim().split(" +");
        // fields[0] is field 3 (state), so utime (14) and stime (15) are fields[11] and fields[12].
        if (fields.length < 13) throw new IllegalArgumentException("too few fields in /proc stat line: " + line);
        try {
            return new TaskStat(Integer.parseInt(line.substring(0, open).trim()), line.substring(open + 1, close),
                    Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a /proc stat line: " + line, e);
        }
    }

    /** The row of a Java thread. */
    static String javaGroup(String threadName) {
        for (Map.Entry<Pattern, String> g : JAVA_GROUPS) {
            if (g.getKey().matcher(threadName).find()) return g.getValue();
        }
        Matcher task = TASK.matcher(threadName);
        if (task.matches()) {
            String chain = task.group(1);
            int next = chain.indexOf(CHAIN);
            return TASK_PREFIX + (next < 0 ? chain : chain.substring(0, next) + CHAIN + "...");
        }
        return REST;
    }

    /** The row of a {@code /proc} task that is one of the JVM's native threads; empty for a Java thread. */
    static Optional<String> nativeGroup(String comm) {
        return NATIVE_GROUPS.stream().filter(g -> g.getKey().matcher(comm).find()).map(Map.Entry::getValue).findFirst();
    }

    /**
     * The CPU time from {@code start} to {@code end} by row, largest first, with the process CPU the
     * rows do not account for last ({@link #RESIDUAL}, or {@link #NO_PROC} without {@code /proc}):
     * the rows always sum to the process CPU time in between.
     */
    static List<Row> between(Snapshot start, Snapshot end) {
        Map<String, Long> groups = new HashMap<>();
        end.javaThreads().forEach((id, t) -> {
            ThreadCpu before = start.javaThreads().get(id);
            groups.merge(javaGroup(t.name()), t.nanos() - (before == null ? 0 : before.nanos()), Long::sum);
        });
        if (end.proc()) {
            end.tasks().forEach((tid, t) -> nativeGroup(t.name()).ifPresent(g -> {
                ThreadCpu before = start.tasks().get(tid);
                // A reused thread id is another thread: it only counts from its start.
                boolean same = before != null && before.name().equals(t.name());
                groups.merge(g, t.nanos() - (same ? before.nanos() : 0), Long::sum);
            }));
        }
        long attributed = groups.values().stream().mapToLong(Long::longValue).sum();
        List<Row> rows = new ArrayList<>();
        groups.forEach((g, nanos) -> rows.add(new Row(g, nanos)));
        rows.sort(Comparator.comparingLong(Row::nanos).reversed().thenComparing(Row::group));
        rows.add(new Row(end.proc() ? RESIDUAL : NO_PROC, end.processNanos() - start.processNanos() - attributed));
        return rows;
    }

    private static Map.Entry<Pattern, String> group(String regex, String row) {
        return Map.entry(Pattern.compile(regex), row);
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            try (InputStream in = getconf.getInputStream()) {
                String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
                return getconf.waitFor() == 0 ? Long.parseLong(answer) : DEFAULT_TICKS_PER_SECOND;
            }
        } catch (IOException | NumberFormatException e) {
            return DEFAULT_TICKS_PER_SECOND;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_TICKS_PER_SECOND;
        }
    }
}
