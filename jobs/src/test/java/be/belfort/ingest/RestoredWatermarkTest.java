package be.belfort.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RestoredWatermarkTest {
    private static final int MAX_PARALLELISM = 128;

    private static OneInputStreamOperatorTestHarness<String, String> harness(int parallelism, int subtask) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new RestoredWatermark<>(), MAX_PARALLELISM, parallelism, subtask);
    }

    /** Runs one subtask of parallelism 2 up to watermark {@code wm} and snapshots it. */
    private static OperatorSubtaskState runUpTo(int subtask, long wm) throws Exception {
        try (OneInputStreamOperatorTestHarness<String, String> h = harness(2, subtask)) {
            h.open();
            h.processElement(new StreamRecord<>("post", wm - 10));
            h.processWatermark(new Watermark(wm));
            return h.snapshot(1, 1);
        }
    }

    @Test
    void passesRecordsAndRisingWatermarksThrough() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, String> h = harness(1, 0)) {
            h.open();
            h.processElement(new StreamRecord<>("a", 5));
            h.processWatermark(new Watermark(10));
            h.processWatermark(new Watermark(10));
            h.processElement(new StreamRecord<>("b", 7));
            h.processWatermark(new Watermark(20));
            assertEquals(List.of(new StreamRecord<>("a", 5), new Watermark(10), new StreamRecord<>("b", 7), new Watermark(20)),
                    List.copyOf(h.getOutput()));
        }
    }

    @Test
    void aRestoredSubtaskEmitsItsLastWatermarkBeforeItsSourceSaysAnything() throws Exception {
        OperatorSubtaskState all = AbstractStreamOperatorTestHarness.repackageState(runUpTo(0, 1_000), runUpTo(1, 5_000));
        for (int subtask = 0; subtask < 2; subtask++) {
            try (OneInputStreamOperatorTestHarness<String, String> h = harness(2, subtask)) {
                h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(all, MAX_PARALLELISM, 2, 2, subtask));
                h.open();
                // The source starts over from the minimum: nothing below the re-emitted watermark goes on.
                h.processWatermark(new Watermark(Long.MIN_VALUE + 1));
                h.processWatermark(new Watermark(900));
                long own = subtask == 0 ? 1_000 : 5_000;
                assertEquals(List.of(new Watermark(own)), List.copyOf(h.getOutput()), "subtask " + subtask);
                h.processWatermark(new Watermark(own + 1));
                assertEquals(List.of(new Watermark(own), new Watermark(own + 1)), List.copyOf(h.getOutput()));
            }
        }
    }

    @Test
    void afterRescalingNothingIsCarried() throws Exception {
        OperatorSubtaskState all = AbstractStreamOperatorTestHarness.repackageState(runUpTo(0, 1_000), runUpTo(1, 5_000));
        for (int parallelism : new int[] {1, 3}) {
            for (int subtask = 0; subtask < parallelism; subtask++) {
                try (OneInputStreamOperatorTestHarness<String, String> h = new OneInputStreamOperatorTestHarness<>(
                        new RestoredWatermark<>(), MAX_PARALLELISM, parallelism, subtask)) {
                    h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(
                            all, MAX_PARALLELISM, 2, parallelism, subtask));
                    h.open();
                    assertEquals(List.of(), List.copyOf(h.getOutput()), parallelism + "/" + subtask);
                }
            }
        }
    }

    @Test
    void theEndOfTimeIsNotCarriedIntoTheNextRun() throws Exception {
        OperatorSubtaskState drained = AbstractStreamOperatorTestHarness.repackageState(runUpTo(0, Long.MAX_VALUE), runUpTo(1, 5_000));
        try (OneInputStreamOperatorTestHarness<String, String> h = harness(2, 0)) {
            h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(drained, MAX_PARALLELISM, 2, 2, 0));
            h.open();
            assertEquals(List.of(), List.copyOf(h.getOutput()));
        }
    }

    @Test
    void aFreshStartEmitsNothingOfItsOwn() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, String> h = harness(2, 0)) {
            h.open();
            assertEquals(List.of(), List.copyOf(h.getOutput()));
        }
    }

    @Test
    void floorRules() {
        assertEquals(Long.MIN_VALUE, RestoredWatermark.floor(List.of(), 0, 2));
        assertEquals(7L, RestoredWatermark.floor(List.of(Tuple3.of(0, 2, 7L)), 0, 2));
        assertEquals(Long.MIN_VALUE, RestoredWatermark.floor(List.of(Tuple3.of(0, 2, 7L)), 1, 2));
        assertEquals(Long.MIN_VALUE, RestoredWatermark.floor(List.of(Tuple3.of(0, 2, 7L)), 0, 1));
        assertEquals(Long.MIN_VALUE, RestoredWatermark.floor(List.of(Tuple3.of(0, 2, 7L), Tuple3.of(1, 2, 3L)), 0, 1));
    }
}
