package be.belfort.surge;

import static be.belfort.surge.SurgeFixtures.bucket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalDouble;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BaselineScorerTest {

    private final SurgeConfig config = SurgeFixtures.minuteConfig();
    private KeyedOneInputStreamOperatorTestHarness<String, BucketCount, ScoredBucket> harness;

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void open(EventExpectations events) throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new BaselineScorer(config, events), BucketCount::surgeKey, Types.STRING);
    }

    private void send(BucketCount b) throws Exception {
        harness.processElement(b, config.closesAt(b.bucketEnd));
    }

    @Test
    void aKeyThatGoesQuietIsForgottenAfterForgetAfter() throws Exception {
        open(EventExpectations.NONE);
        send(bucket(0, 4));
        send(bucket(1, 6));
        assertTrue(harness.numKeyedStateEntries() > 0);
        assertEquals(1, harness.numEventTimeTimers());

        long forgetAfter = config.rules().forgetAfter().toMillis();
        harness.processWatermark(new Watermark(config.closesAt(bucket(1, 0).bucketEnd) + forgetAfter - 1));
        assertTrue(harness.numKeyedStateEntries() > 0, "not yet");
        harness.processWatermark(new Watermark(config.closesAt(bucket(1, 0).bucketEnd) + forgetAfter));
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aBucketBeforeTheDeadlineKeepsTheKey() throws Exception {
        open(EventExpectations.NONE);
        send(bucket(0, 4));
        long later = Duration.ofDays(10).toMinutes();
        harness.processWatermark(new Watermark(config.closesAt(bucket((int) later, 0).bucketStart)));
        send(bucket((int) later, 4));
        harness.processWatermark(new Watermark(config.closesAt(bucket(0, 0).bucketEnd) + config.rules().forgetAfter().toMillis()));
        assertTrue(harness.numKeyedStateEntries() > 0);
        assertEquals(1, harness.numEventTimeTimers());
    }

    @Test
    void asksTheEventsForEveryBucket() throws Exception {
        open((topic, area, start) -> topic.equals("brand") ? OptionalDouble.of(50) : OptionalDouble.empty());
        send(bucket(0, 40));
        ScoredBucket scored = harness.extractOutputValues().get(0);
        assertTrue(scored.eventActive && scored.warm);
        assertEquals(50, scored.expected);
        assertFalse(scored.above);
    }
}
