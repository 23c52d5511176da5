package be.belfort.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.EnrichedPost;
import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

// The harness's close() declares InterruptedException; irrelevant in these tests.
@SuppressWarnings("try")
class AnalyzeOperatorTest {
    private static final Path RULES = Path.of(System.getProperty("belfort.rules.dir", "../rules"));
    private static final MonitorConfig.Secret KEY = new MonitorConfig.Secret("k".repeat(32).getBytes());
    private static final List<Post> POSTS = ClassifyBenchmark.posts(10, 5L);

    private static TwoInputStreamOperatorTestHarness<Post, be.belfort.classify.RulesBundle, EnrichedPost> harness(int batch)
            throws Exception {
        var h = new TwoInputStreamOperatorTestHarness<>(
                new AnalyzeOperator(AnalysisSpec.load(RULES), KEY, batch, Duration.ofMillis(100)));
        h.setProcessingTime(0);
        h.open();
        return h;
    }

    private static List<Object> outputs(TwoInputStreamOperatorTestHarness<?, ?, EnrichedPost> h) {
        List<Object> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            out.add(o instanceof StreamRecord<?> r ? ((EnrichedPost) r.getValue()).getId() + "@" + r.getTimestamp() : o);
        }
        return out;
    }

    @Test
    void aPartBatchWaitsAtMostMaxWaitAndKeepsEachPostsTimestamp() throws Exception {
        try (var h = harness(64)) {
            h.processElement1(POSTS.get(0), 10);
            h.processElement1(POSTS.get(1), 20);
            assertTrue(h.getOutput().isEmpty(), "held for the batch");
            h.setProcessingTime(99);
            assertTrue(h.getOutput().isEmpty());
            h.setProcessingTime(100);
            assertEquals(List.of(POSTS.get(0).getId() + "@10", POSTS.get(1).getId() + "@20"), outputs(h));
            h.processElement1(POSTS.get(2), 30);
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
            for (int i = 0; i < 3; i++) h.processElement1(POSTS.get(i), i);
            List<EnrichedPost> out = h.extractOutputValues();
            assertEquals(3, out.size());
            for (int i = 0; i < 3; i++) assertEquals(single.analyze(POSTS.get(i)), out.get(i));
        }
    }

    @Test
    void bufferedPostsLeaveBeforeAWatermarkAndBeforeACheckpointBarrier() throws Exception {
        try (var h = harness(64)) {
            h.processElement1(POSTS.get(0), 10);
            h.processWatermark1(new Watermark(50));
            h.processWatermark2(new Watermark(Long.MAX_VALUE));
            assertEquals(List.of(POSTS.get(0).getId() + "@10", new Watermark(50)), outputs(h));

            h.processElement1(POSTS.get(1), 60);
            h.prepareSnapshotPreBarrier(1);
            assertEquals(3, h.getOutput().size(), "flushed before the barrier: nothing buffered outside state");
        }
    }

    @Test
    void thePostTheAnalysisChokesOnIsRejectedAndTheRestOfItsBatchPasses() throws Exception {
        try (var h = harness(3)) {
            Post bad = Post.newBuilder(POSTS.get(1)).build();
            bad.setText(null);
            h.processElement1(POSTS.get(0), 1);
            h.processElement1(bad, 2);
            h.processElement1(POSTS.get(2), 3);
            assertEquals(List.of(POSTS.get(0).getId() + "@1", POSTS.get(2).getId() + "@3"), outputs(h));
            var rejected = new ArrayList<>(h.getSideOutput(MonitorTopology.REJECTED));
            assertEquals(1, rejected.size());
            RejectedRecord r = assertInstanceOf(RejectedRecord.class, rejected.get(0).getValue());
            assertEquals("post " + bad.getId(), r.getSource());
            assertTrue(r.getReason().startsWith("analysis failed: "), r.getReason());
        }
    }

    @Test
    void postsBufferedBeforeNewRulesLeaveFirstAndTheRulesAreKeptInBroadcastState() throws Exception {
        try (var h = harness(64)) {
            h.processElement1(POSTS.get(0), 10);
            h.processElement2(be.belfort.classify.RulesBundle.read(RULES, Long.MAX_VALUE), 0);
            assertEquals(List.of(POSTS.get(0).getId() + "@10"), outputs(h), "judged by the rules it arrived under");
            h.processElement1(POSTS.get(1), 20);
            h.prepareSnapshotPreBarrier(1);
            var snapshot = h.snapshot(1, 1);
            assertEquals(2, h.getOutput().size(), "nothing stays buffered across a checkpoint");
            try (var restored = new TwoInputStreamOperatorTestHarness<>(
                    new AnalyzeOperator(AnalysisSpec.load(RULES), KEY, 64, Duration.ofMillis(100)))) {
                restored.initializeState(snapshot);
                restored.open();
                assertEquals(Long.MAX_VALUE, restored.getOperator().getOperatorStateBackend()
                        .getBroadcastState(AnalyzeOperator.RULES).get("current").publishedAt);
            }
        }
    }
}
