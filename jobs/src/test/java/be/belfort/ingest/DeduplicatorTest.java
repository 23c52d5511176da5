package be.belfort.ingest;

import static be.belfort.ingest.TestPosts.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import be.belfort.schema.Post;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

// The harness's close() declares InterruptedException; irrelevant in these tests.
@SuppressWarnings("try")
class DeduplicatorTest {
    private static final Duration TTL = Duration.ofHours(6);

    private static KeyedOneInputStreamOperatorTestHarness<String, Post, Post> harness()
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new Deduplicator(TTL), Post::getId, Types.STRING);
    }

    private static List<String> ids(KeyedOneInputStreamOperatorTestHarness<String, Post, Post> h) {
        return h.extractOutputValues().stream().map(Post::getId).toList();
    }

    @Test
    void passesTheFirstCopyAndDropsLaterOnes() throws Exception {
        try (var h = harness()) {
            h.processElement(post("a"), 1);
            h.processElement(post("b"), 2);
            h.processElement(post("a"), 3);
            h.processElement(post("a"), 4);
            assertEquals(List.of("a", "b"), ids(h));
            assertEquals(2, h.numKeyedStateEntries());
        }
    }

    @Test
    void forgetsIdsAfterTheTtl() throws Exception {
        try (var h = harness()) {
            h.setStateTtlProcessingTime(0);
            h.processElement(post("a"), 1);
            h.setStateTtlProcessingTime(TTL.toMillis() - 1);
            h.processElement(post("a"), 2);
            h.setStateTtlProcessingTime(TTL.toMillis() + 1);
            h.processElement(post("a"), 3);
            assertEquals(List.of("a", "a"), ids(h));
        }
    }

    @Test
    void stateSurvivesASnapshotAndRestore() throws Exception {
        OperatorSubtaskState state;
        try (var h = harness()) {
            h.processElement(post("a"), 1);
            state = h.snapshot(1, 10);
        }
        // Built by hand: the ProcessFunctionTestHarnesses factory opens before state can be set.
        try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new Deduplicator(TTL)), Post::getId, Types.STRING)) {
            restored.initializeState(state);
            restored.open();
            restored.processElement(post("a"), 2);
            restored.processElement(post("b"), 3);
            assertEquals(List.of("b"), ids(restored));
        }
    }

    /**
     * The job keys dedupe by {@link PostIdKeys#TYPE}: its state must restore from savepoints taken with
     * {@code Types.STRING} keys (before that key type) and back again.
     */
    @Test
    void savepointsMoveBetweenStringKeysAndPostIdKeysBothWays() throws Exception {
        List<TypeInformation<String>> keyTypes = List.of(Types.STRING, PostIdKeys.TYPE);
        for (TypeInformation<String> before : keyTypes) {
            for (TypeInformation<String> after : keyTypes) {
                OperatorSubtaskState state;
                try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new Deduplicator(TTL)), Post::getId, before)) {
                    h.open();
                    h.processElement(post("tw-été-1"), 1);
                    h.processElement(post("a"), 2);
                    state = h.snapshot(1, 10);
                }
                try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new Deduplicator(TTL)), Post::getId, after)) {
                    restored.initializeState(state);
                    restored.open();
                    restored.processElement(post("a"), 3);
                    restored.processElement(post("tw-été-1"), 4);
                    restored.processElement(post("b"), 5);
                    assertEquals(List.of("b"), ids(restored), before + " -> " + after);
                    assertEquals(3, restored.numKeyedStateEntries());
                }
            }
        }
    }

    @Test
    void requiresAPositiveTtl() {
        assertThrows(IllegalArgumentException.class, () -> new Deduplicator(Duration.ZERO));
    }
}
