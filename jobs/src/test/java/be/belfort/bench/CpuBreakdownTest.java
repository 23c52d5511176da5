package be.belfort.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.bench.CpuBreakdown.Row;
import be.belfort.bench.CpuBreakdown.Snapshot;
import be.belfort.bench.CpuBreakdown.ThreadCpu;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Thread names to rows, {@code /proc} stat lines, and the rows between two snapshots; no Flink, no timing. */
class CpuBreakdownTest {
    private static final String ANALYSIS = "pseudonymise, enrich, classify -> (hits per search and area, "
            + "enriched posts sink: Writer -> enriched posts sink: Committer)";

    @Test
    void flinkTaskThreadsAreGroupedPerTaskUnderTheirFirstOperator() {
        assertEquals("Flink task: pseudonymise, enrich, classify -> ...", CpuBreakdown.javaGroup(ANALYSIS + " (1/2)#0"));
        assertEquals("Flink task: pseudonymise, enrich, classify -> ...", CpuBreakdown.javaGroup(ANALYSIS + " (2/2)#3"));
        assertEquals("Flink task: dedupe by post id", CpuBreakdown.javaGroup("dedupe by post id (2/2)#0"));
        assertEquals("Flink task: Source: posts -> ...",
                CpuBreakdown.javaGroup("Source: posts -> event time carried across restores -> split rejected input (1/2)#0"));
    }

    @Test
    void threadsNamedAfterATaskAreNotTheTask() {
        assertEquals(CpuBreakdown.SOURCE_CLIENTS, CpuBreakdown.javaGroup("Source Data Fetcher for Source: posts -> "
                + "event time carried across restores -> split rejected input (1/2)#0"));
        assertEquals(CpuBreakdown.REST, CpuBreakdown.javaGroup("OutputFlusher for " + ANALYSIS + " (1/2)#0"));
        assertEquals(CpuBreakdown.REST, CpuBreakdown.javaGroup("Time Trigger for " + ANALYSIS + " (1/2)#0"));
        assertEquals(CpuBreakdown.REST, CpuBreakdown.javaGroup("System Time Trigger for dedupe by post id (1/2)#0"));
    }

    @Test
    void kafkaClientsBelongToTheJobOrToTheBenchmarkByClientId() {
        Map.of("kafka-producer-network-thread | producer-belfort-enriched-belfort-bench-0-1", CpuBreakdown.SINK_PRODUCERS,
                "kafka-admin-client-thread | belfort-bench-enumerator-admin-client", CpuBreakdown.SOURCE_CLIENTS,
                "kafka-admin-client-thread | adminclient-2", CpuBreakdown.BENCHMARK,
                "kafka-producer-network-thread | producer-1", CpuBreakdown.BENCHMARK,
                "kafka-admin-client-thread | belfort-embedded-kafka-admin", CpuBreakdown.BENCHMARK,
                "main", CpuBreakdown.BENCHMARK)
                .forEach((thread, group) -> assertEquals(group, CpuBreakdown.javaGroup(thread), thread));
    }

    @Test
    void brokerCheckpointingAndTheRest() {
        for (String broker : List.of("data-plane-kafka-request-handler-3", "data-plane-kafka-network-thread-0-EXTERNAL-PLAINTEXT-1",
                "kafka-0-raft-io-thread", "quorum-controller-0-event-handler", "group-coordinator-event-processor-2",
                "transaction-log-manager-0", "kafka-scheduler-7", "ExpirationReaper-0-Produce", "TxnMarkerSenderThread-0",
                "broker-0-lifecycle-manager-event-handler", "kafka-log-cleaner-thread-0")) {
            assertEquals(CpuBreakdown.BROKER, CpuBreakdown.javaGroup(broker), broker);
        }
        assertEquals(CpuBreakdown.CHECKPOINTS, CpuBreakdown.javaGroup("AsyncOperations-thread-1"));
        assertEquals(CpuBreakdown.CHECKPOINTS, CpuBreakdown.javaGroup("jobmanager-io-thread-2"));
        assertEquals(CpuBreakdown.REST, CpuBreakdown.javaGroup("flink-pekko.actor.default-dispatcher-5"));
        assertEquals(CpuBreakdown.REST, CpuBreakdown.javaGroup("Notification Thread"));
    }

    @Test
    void onlyTheJvmsNativeThreadsAreTakenFromProc() {
        Map.of("C2 CompilerThre", CpuBreakdown.JIT, "C1 CompilerThre", CpuBreakdown.JIT, "GC Thread#1", CpuBreakdown.GC,
                "G1 Conc#0", CpuBreakdown.GC, "VM Thread", CpuBreakdown.VM, "Service Thread", CpuBreakdown.VM)
                .forEach((comm, group) -> assertEquals(Optional.of(group), CpuBreakdown.nativeGroup(comm), comm));
        // Java threads, counted through ThreadMXBean: the launcher's main thread keeps the name "java".
        for (String comm : List.of("java", "pseudonymise, e", "data-plane-kafk", "Notification Th", "Signal Dispatch")) {
            assertEquals(Optional.empty(), CpuBreakdown.nativeGroup(comm), comm);
        }
    }

    @Test
    void statLinesYieldTheThreadIdItsNameAndUserPlusSystemTicks() {
        CpuBreakdown.TaskStat cat = CpuBreakdown.parseStat("23915 (cat) R 23913 23913 19189 0 -1 4194304 139 0 0 0 "
                + "17 5 0 0 20 0 1 0 3375258 3133440 358 18446744073709551615 93827946835968 0\n");
        assertEquals(new CpuBreakdown.TaskStat(23915, "cat", 22), cat);

        CpuBreakdown.TaskStat odd = CpuBreakdown.parseStat("7 (a) (b c) ) S 1 1 1 0 -1 0 0 0 0 0 100 250 0 0 20 0 1 0 9");
        assertEquals(new CpuBreakdown.TaskStat(7, "a) (b c) ", 350), odd);
    }

    @Test
    void malformedStatLinesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CpuBreakdown.parseStat("no parentheses here"));
        assertThrows(IllegalArgumentException.class, () -> CpuBreakdown.parseStat("12 (short) S 1 2 3"));
        assertThrows(IllegalArgumentException.class, () -> CpuBreakdown.parseStat("x (name) S 1 1 1 0 -1 0 0 0 0 0 1 2 0"));
        assertThrows(IllegalArgumentException.class, () -> CpuBreakdown.parseStat("(name) S 1 1 1 0 -1 0 0 0 0 0 1 2 0"));
    }

    @Test
    void rowsCountGrowthNewThreadsWholeAndEndedThreadsAsResidualSummingToTheProcess() {
        Snapshot start = new Snapshot(1_000, Map.of(
                1L, new ThreadCpu(ANALYSIS + " (1/2)#0", 100),
                2L, new ThreadCpu(ANALYSIS + " (2/2)#0", 200),
                3L, new ThreadCpu("AsyncOperations-thread-1", 50)),
                Map.of(10, new ThreadCpu("C2 CompilerThre", 300),
                        11, new ThreadCpu("GC Thread#0", 40),
                        12, new ThreadCpu("pseudonymise, e", 100)),
                true);
        Snapshot end = new Snapshot(5_000, Map.of(
                1L, new ThreadCpu(ANALYSIS + " (1/2)#0", 1_100),
                2L, new ThreadCpu(ANALYSIS + " (2/2)#0", 1_200),
                // started in the window: all of it counts; thread 3 ended: its CPU since the start is lost
                4L, new ThreadCpu("AsyncOperations-thread-1", 70)),
                Map.of(10, new ThreadCpu("C2 CompilerThre", 800),
                        // thread id 11 reused by another thread: counted from its start
                        11, new ThreadCpu("GC Thread#1", 30),
                        // a Java thread, already counted above
                        12, new ThreadCpu("pseudonymise, e", 1_100)),
                true);

        List<Row> rows = CpuBreakdown.between(start, end);

        Map<String, Long> byGroup = rows.stream().collect(Collectors.toMap(Row::group, Row::nanos));
        assertEquals(Map.of("Flink task: pseudonymise, enrich, classify -> ...", 2_000L, CpuBreakdown.JIT, 500L,
                CpuBreakdown.CHECKPOINTS, 70L, CpuBreakdown.GC, 30L, CpuBreakdown.RESIDUAL, 1_400L), byGroup);
        assertEquals(4_000L, rows.stream().mapToLong(Row::nanos).sum(), "the rows sum to the process CPU in between");
        assertEquals(CpuBreakdown.RESIDUAL, rows.get(rows.size() - 1).group(), "the residual comes last");
        List<Long> attributed = rows.subList(0, rows.size() - 1).stream().map(Row::nanos).toList();
        assertEquals(attributed.stream().sorted((a, b) -> Long.compare(b, a)).toList(), attributed, "largest first");
    }

    @Test
    void withoutProcTheNativeThreadsAreTheProcessMinusTheJavaThreads() {
        Snapshot start = new Snapshot(0, Map.of(1L, new ThreadCpu("main", 10)), Map.of(), false);
        Snapshot end = new Snapshot(1_000, Map.of(1L, new ThreadCpu("main", 110)), Map.of(), false);

        List<Row> rows = CpuBreakdown.between(start, end);

        assertEquals(List.of(new Row(CpuBreakdown.BENCHMARK, 100), new Row(CpuBreakdown.NO_PROC, 900)), rows);
        assertTrue(rows.stream().noneMatch(r -> r.group().equals(CpuBreakdown.RESIDUAL)));
    }

    @Test
    void thisJvmsSnapshotSeesItsOwnThreads() {
        CpuBreakdown cpu = CpuBreakdown.ofThisJvm();
        Snapshot now = cpu.snapshot();
        assertTrue(now.javaThreads().containsKey(Thread.currentThread().getId()));
        assertTrue(now.processNanos() > 0);
        if (cpu.readsProc()) {
            assertTrue(now.tasks().values().stream().anyMatch(t -> CpuBreakdown.nativeGroup(t.name()).isPresent()),
                    "the JVM's own threads are in /proc: " + now.tasks().values());
            assertTrue(cpu.ticksPerSecond() > 0);
        }
    }
}
