package be.belfort.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.EnrichedPost;
import be.belfort.ingest.Ingested;
import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

// The harness's close() declares InterruptedException; irrelevant in these tests.
@SuppressWarnings("try")
class AnalyzeOperatorTest {
    private static final Path RULES = Path.of(System.getProperty("belfort.rules.dir", "../rules"));
    private static final MonitorConfig.Secret KEY = new MonitorConfig.Secret("k".repeat(32).getBytes());
    private static final List<Post> POSTS = ClassifyBenchmark.posts(10, 5L);

    private static final Duration TTL = Duration.ofHours(6);
    private static final int MAX_PARALLELISM = 128;

    /** Subtask {@code index} of {@code parallelism}, keyed by post id as in the job, not yet opened. */
    private static KeyedTwoInputStreamOperatorTestHarness<String, Ingested, be.belfort.classify.RulesBundle, EnrichedPost> unopened(
            int batch, int parallelism, int index) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new AnalyzeOperator(AnalysisSpec.load(RULES), KEY, batch, Duration.ofMillis(100), TTL),
                (Ingested in) -> in.post.getId(), null, Types.STRING, MAX_PARALLELISM, parallelism, index);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, Ingested, be.belfort.classify.RulesBundle, EnrichedPost> harness(int batch)
            throws Exception {
        var h = unopened(batch, 1, 0);
        h.setProcessingTime(0);
        h.open();
        return h;
    }

    /** A post as the source hands it on (the harness passes objects, so no bytes are needed). */
    private static Ingested in(Post post) {
        return Ingested.accepted(post);
    }

    private static List<Object> outputs(AbstractStreamOperatorTestHarness<EnrichedPost> h) {
        List<Object> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            out.add(o instanceof StreamRecord<?> r ? ((EnrichedPost) r.getValue()).getId() + "@" + r.getTimestamp() : o);
        }
        return out;
    }

    @Test
    void aPartBatchWaitsAtMostMaxWaitAndKeepsEachPostsTimestamp() throws Exception {
        try (var h = harness(64)) {
            h.processElement1(in(POSTS.get(0)), 10);
            h.processElement1(in(POSTS.get(1)), 20);
            assertTrue(h.getOutput().isEmpty(), "held for the batch");
            h.setProcessingTime(99);
            assertTrue(h.getOutput().isEmpty());
            h.setProcessingTime(100);
            assertEquals(List.of(POSTS.get(0).getId() + "@10", POSTS.get(1).getId() + "@20"), outputs(h));
            h.processElement1(in(POSTS.get(2)), 30);
            h.setProcessingTime(199);
            assertEquals(2, h.getOutput().size(), "a new post gets its own full wait");
            h.setProcessingTime(200);
            assertEquals(3, h.getOutput().size());
        }
    }

    @Test
    void aFullBatchGoesAtOnceWithTheSameResultsAsOneByOne() throws Exception {
        try (var h = harness(3);
                PostAnalyzer single = AnalysisSpec.load(RULES).newAnalyzer(KEY.bytes())) {
            for (int i = 0; i < 3; i++) h.processElement1(in(POSTS.get(i)), i);
            List<EnrichedPost> out = h.extractOutputValues();
            assertEquals(3, out.size());
            for (int i = 0; i < 3; i++) assertEquals(single.analyze(POSTS.get(i)), out.get(i));
            assertTrue(((AnalyzeOperator) h.getOperator()).analysisCpuNanos() > 0, "the analysis' CPU time is counted");
        }
    }

    @Test
    void bufferedPostsLeaveBeforeAWatermarkAndBeforeACheckpointBarrier() throws Exception {
        try (var h = harness(64)) {
            h.processElement1(in(POSTS.get(0)), 10);
            h.processWatermark1(new Watermark(50));
            h.processWatermark2(new Watermark(Long.MAX_VALUE));
            assertEquals(List.of(POSTS.get(0).getId() + "@10", new Watermark(50)), outputs(h));

            h.processElement1(in(POSTS.get(1)), 60);
            h.prepareSnapshotPreBarrier(1);
            assertEquals(3, h.getOutput().size(), "flushed before the barrier: nothing buffered outside state");
        }
    }

    @Test
    void thePostTheAnalysisChokesOnIsRejectedAndTheRestOfItsBatchPasses() throws Exception {
        try (var h = harness(3)) {
            Post bad = Post.newBuilder(POSTS.get(1)).build();
            bad.setText(null);
            h.processElement1(in(POSTS.get(0)), 1);
            h.processElement1(in(bad), 2);
            h.processElement1(in(POSTS.get(2)), 3);
            assertEquals(List.of(POSTS.get(0).getId() + "@1", POSTS.get(2).getId() + "@3"), outputs(h));
            var rejected = new ArrayList<>(h.getSideOutput(MonitorTopology.REJECTED));
            assertEquals(1, rejected.size());
            RejectedRecord r = assertInstanceOf(RejectedRecord.class, rejected.get(0).getValue());
            assertEquals("post " + bad.getId(), r.getSource());
            assertTrue(r.getReason().startsWith("analysis failed: "), r.getReason());
            assertEquals(2, ((AnalyzeOperator) h.getOperator()).postsAnalysed(), "a rejected post is not counted as analysed");
        }
    }

    @Test
    void postsBufferedBeforeNewRulesLeaveFirstAndTheRulesAreKeptInBroadcastState() throws Exception {
        try (var h = harness(64)) {
            h.processElement1(in(POSTS.get(0)), 10);
            h.processElement2(be.belfort.classify.RulesBundle.read(RULES, Long.MAX_VALUE), 0);
            assertEquals(List.of(POSTS.get(0).getId() + "@10"), outputs(h), "judged by the rules it arrived under");
            h.processElement1(in(POSTS.get(1)), 20);
            h.prepareSnapshotPreBarrier(1);
            var snapshot = h.snapshot(1, 1);
            assertEquals(2, h.getOutput().size(), "nothing stays buffered across a checkpoint");
            try (var restored = unopened(64, 1, 0)) {
                restored.initializeState(snapshot);
                restored.open();
                assertEquals(Long.MAX_VALUE, restored.getOperator().getOperatorStateBackend()
                        .getBroadcastState(AnalyzeOperator.RULES).get("current").publishedAt);
            }
        }
    }

    @Test
    void aRepeatedPostIdIsDroppedUntilTheTtlHasPassedAndOnlyAFirstOccurrenceRestartsIt() throws Exception {
        try (var h = harness(1)) {
            Post post = POSTS.get(0);
            h.processElement1(in(post), 1);
            h.setProcessingTime(TTL.toMillis() - 1);
            h.processElement1(in(post), 2);
            assertEquals(List.of(post.getId() + "@1"), outputs(h), "a copy within the ttl");
            h.setProcessingTime(TTL.toMillis());
            h.processElement1(in(post), 3);
            h.setProcessingTime(TTL.toMillis() + 10);
            h.processElement1(in(post), 4);
            assertEquals(List.of(post.getId() + "@1", post.getId() + "@3"), outputs(h),
                    "passes again once the ttl is over, and is remembered from then on");
        }
    }

    @Test
    void aCopyWithinOneBatchIsDroppedAndCountedAndTheOthersKeepTheirTimestamps() throws Exception {
        try (var h = harness(4)) {
            h.processElement1(in(POSTS.get(0)), 1);
            h.processElement1(in(POSTS.get(1)), 2);
            h.processElement1(in(POSTS.get(0)), 3);
            assertTrue(h.getOutput().isEmpty(), "held for the batch");
            h.processElement1(in(POSTS.get(2)), 4);
            assertEquals(List.of(POSTS.get(0).getId() + "@1", POSTS.get(1).getId() + "@2", POSTS.get(2).getId() + "@4"),
                    outputs(h), "only the first copy passes");
            assertEquals(1, ((AnalyzeOperator) h.getOperator()).duplicatesDropped());
            assertEquals(3, ((AnalyzeOperator) h.getOperator()).postsAnalysed());
        }
    }

    @Test
    void aCopyInALaterBatchIsDroppedAndCounted() throws Exception {
        try (var h = harness(2)) {
            h.processElement1(in(POSTS.get(0)), 1);
            h.processElement1(in(POSTS.get(1)), 2);
            h.processElement1(in(POSTS.get(1)), 3);
            h.processElement1(in(POSTS.get(0)), 4);
            h.processElement1(in(POSTS.get(2)), 5);
            h.setProcessingTime(100);
            assertEquals(List.of(POSTS.get(0).getId() + "@1", POSTS.get(1).getId() + "@2", POSTS.get(2).getId() + "@5"),
                    outputs(h), "a batch of copies only leaves nothing");
            assertEquals(2, ((AnalyzeOperator) h.getOperator()).duplicatesDropped());
        }
    }

    @Test
    void rememberedIdsSurviveACheckpointAndExpiredOnesAreNotWritten() throws Exception {
        OperatorSubtaskState state;
        try (var h = harness(1)) {
            h.processElement1(in(POSTS.get(0)), 1);
            h.setProcessingTime(TTL.toMillis() / 2);
            h.processElement1(in(POSTS.get(1)), 2);
            h.setProcessingTime(TTL.toMillis() + 1);
            state = h.snapshot(1, 10);
        }
        try (var restored = unopened(1, 1, 0)) {
            restored.setProcessingTime(TTL.toMillis() + 2);
            restored.initializeState(state);
            restored.open();
            restored.processElement1(in(POSTS.get(0)), 3);
            restored.processElement1(in(POSTS.get(1)), 4);
            assertEquals(List.of(POSTS.get(0).getId() + "@3"), outputs(restored),
                    "the expired id passes, the one within the ttl is still a duplicate");
        }
    }

    /** Remembered ids follow their key groups from 2 subtasks to 1 and back to 2, as keyed state does. */
    @Test
    void rememberedIdsFollowTheirKeyGroupsThroughARescale() throws Exception {
        List<Post> posts = ClassifyBenchmark.posts(40, 9L);
        OperatorSubtaskState[] two = new OperatorSubtaskState[2];
        for (int i = 0; i < 2; i++) {
            int subtask = i;
            try (var h = opened(null, 0, 2, i)) {
                for (Post p : posts) if (owner(p, 2) == i) h.processElement1(in(p), 1);
                assertEquals(posts.stream().filter(p -> owner(p, 2) == subtask).count(), h.extractOutputValues().size());
                two[i] = h.snapshot(1, 1);
            }
        }
        assertTrue(posts.stream().map(p -> owner(p, 2)).distinct().count() == 2, "the posts cover both subtasks");
        OperatorSubtaskState one;
        try (var h = opened(AbstractStreamOperatorTestHarness.repackageState(two), 2, 1, 0)) {
            for (Post p : posts) h.processElement1(in(p), 2);
            assertEquals(List.of(), h.extractOutputValues(), "every post is a duplicate after scaling in");
            one = h.snapshot(2, 2);
        }
        for (int i = 0; i < 2; i++) {
            try (var h = opened(one, 1, 2, i)) {
                for (Post p : posts) if (owner(p, 2) == i) h.processElement1(in(p), 3);
                assertEquals(List.of(), h.extractOutputValues(), "and after scaling out again");
            }
        }
    }

    /** Subtask {@code index} of {@code parallelism}, restored from {@code from} (taken at {@code fromParallelism}) when given. */
    private static KeyedTwoInputStreamOperatorTestHarness<String, Ingested, be.belfort.classify.RulesBundle, EnrichedPost> opened(
            OperatorSubtaskState from, int fromParallelism, int parallelism, int index) throws Exception {
        var h = unopened(1, parallelism, index);
        if (from != null) {
            h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(
                    from, MAX_PARALLELISM, fromParallelism, parallelism, index));
        }
        h.open();
        return h;
    }

    private static int owner(Post p, int parallelism) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(p.getId(), MAX_PARALLELISM, parallelism);
    }
}
