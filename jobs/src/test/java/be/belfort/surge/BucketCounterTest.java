package be.belfort.surge;

import static be.belfort.surge.SurgeFixtures.MINUTE;
import static be.belfort.surge.SurgeFixtures.at;
import static be.belfort.surge.SurgeFixtures.brandHit;
import static be.belfort.surge.SurgeFixtures.minuteConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BucketCounterTest {

    private KeyedOneInputStreamOperatorTestHarness<String, TopicHit, BucketCount> harness;

    private void open(SurgeConfig config) throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new BucketCounter(config, SurgeStage.LATE), TopicHit::surgeKey, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(TopicHit hit) throws Exception {
        harness.processElement(hit, hit.eventTime);
    }

    /** Emitted buckets as "minute:count" with the minute relative to BASE. */
    private List<String> emitted() {
        return harness.extractOutputValues().stream()
                .map(b -> (b.bucketStart - SurgeFixtures.BASE) / MINUTE + ":" + b.count)
                .toList();
    }

    @Test
    void countsPerBucketAndEmitsZeroBucketsInBetween() throws Exception {
        open(minuteConfig());
        send(brandHit(at(0, 10), "p1", "u_a", "rook"));
        send(brandHit(at(0, 20), "p2", "u_a", "rook", "brand"));
        send(brandHit(at(2, 5), "p3", "u_b", "brand"));

        harness.processWatermark(new Watermark(at(3, 0) - 1));

        assertEquals(List.of("0:2", "1:0", "2:1"), emitted());
        BucketCount first = harness.extractOutputValues().get(0);
        assertEquals(1, first.distinctAuthors);
        assertEquals(List.of("p1", "p2"), first.evidencePostIds);
        assertEquals(List.of("rook", "brand"), first.topTerms);
        assertEquals(at(1, 0), first.bucketEnd);
        assertEquals(SurgeFixtures.RULES, harness.extractOutputValues().get(1).rulesVersion);
        // Buckets carry the event time of their last millisecond: CEP orders them by it.
        assertEquals(List.of(at(1, 0) - 1, at(2, 0) - 1, at(3, 0) - 1),
                harness.extractOutputStreamRecords().stream().map(StreamRecord::getTimestamp).toList());
    }

    @Test
    void outOfOrderHitsWithinTheWatermarkBoundAreCounted() throws Exception {
        open(minuteConfig());
        send(brandHit(at(1, 30), "p3", "u_a"));
        send(brandHit(at(0, 40), "p2", "u_b"));
        harness.processWatermark(new Watermark(at(0, 45)));
        // Behind the watermark, but its bucket is still open.
        send(brandHit(at(0, 10), "p1", "u_c"));

        harness.processWatermark(new Watermark(at(2, 0) - 1));

        assertEquals(List.of("0:2", "1:1"), emitted());
        assertEquals(List.of("p1", "p2"), harness.extractOutputValues().get(0).evidencePostIds);
        assertTrue(harness.getSideOutput(SurgeStage.LATE) == null
                || harness.getSideOutput(SurgeStage.LATE).isEmpty());
    }

    @Test
    void hitForAnAlreadyEmittedBucketGoesToTheLateSideOutput() throws Exception {
        open(minuteConfig());
        send(brandHit(at(0, 10), "p1", "u_a"));
        harness.processWatermark(new Watermark(at(1, 0) - 1));
        TopicHit late = brandHit(at(0, 30), "p2", "u_b");
        send(late);
        send(brandHit(at(1, 10), "p3", "u_c"));
        harness.processWatermark(new Watermark(at(2, 0) - 1));

        assertEquals(List.of("0:1", "1:1"), emitted());
        assertEquals(List.of(late),
                harness.getSideOutput(SurgeStage.LATE).stream().map(StreamRecord::getValue).toList());
    }

    @Test
    void allowedLatenessDelaysTheBucketAndStillCountsStragglers() throws Exception {
        open(minuteConfig().withAllowedLateness(Duration.ofSeconds(30)));
        send(brandHit(at(0, 50), "p1", "u_a"));
        harness.processWatermark(new Watermark(at(1, 20)));
        assertEquals(List.of(), emitted());
        send(brandHit(at(0, 55), "p2", "u_b"));
        harness.processWatermark(new Watermark(at(1, 30) - 1));
        send(brandHit(at(0, 58), "p3", "u_c"));

        assertEquals(List.of("0:2"), emitted());
        assertEquals(at(1, 30) - 1, harness.extractOutputStreamRecords().get(0).getTimestamp());
        assertEquals(1, harness.getSideOutput(SurgeStage.LATE).size());
    }

    @Test
    void afterQuietAfterAllStateAndTimersAreGoneAndAHitStartsAfresh() throws Exception {
        open(minuteConfig()); // quiet after 3 minutes
        send(brandHit(at(0, 10), "p1", "u_a"));

        harness.processWatermark(new Watermark(at(3, 0) - 1));
        assertEquals(List.of("0:1", "1:0", "2:0"), emitted());
        assertTrue(harness.numKeyedStateEntries() > 0);

        // The bucket ending at 4:00 starts at 3:00, not before 0:10 + 3 minutes: the last one.
        harness.processWatermark(new Watermark(at(10, 0)));
        assertEquals(List.of("0:1", "1:0", "2:0", "3:0"), emitted());
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());

        send(brandHit(at(12, 0), "p2", "u_b"));
        harness.processWatermark(new Watermark(at(13, 0) - 1));
        assertEquals(List.of("0:1", "1:0", "2:0", "3:0", "12:1"), emitted());
    }

    @Test
    void keysAreCountedSeparately() throws Exception {
        open(minuteConfig());
        send(brandHit(at(0, 10), "p1", "u_a"));
        send(SurgeFixtures.hit("brand", "ledeberg", at(0, 20), "p2", "u_b"));
        send(SurgeFixtures.hit("geluid", "binnenstad", at(0, 30), "p3", "u_c"));
        harness.processWatermark(new Watermark(at(1, 0) - 1));

        assertEquals(List.of("brand|binnenstad:1", "brand|ledeberg:1", "geluid|binnenstad:1"),
                harness.extractOutputValues().stream().map(b -> b.surgeKey() + ":" + b.count).sorted().toList());
    }
}
