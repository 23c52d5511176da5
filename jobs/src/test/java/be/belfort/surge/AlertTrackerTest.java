package be.belfort.surge;

import static be.belfort.surge.SurgeFixtures.at;
import static be.belfort.surge.SurgeFixtures.bucket;
import static be.belfort.surge.SurgeFixtures.minuteConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;

import be.belfort.schema.Alert;

import java.time.Instant;
import java.util.List;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Input 1 gets what the BucketCounter emits, input 2 what CEP emits (the newest bucket of each match).
 * Config: 1 minute buckets, threshold 3, k = 2.
 */
class AlertTrackerTest {

    private final SurgeConfig config = minuteConfig();
    private KeyedTwoInputStreamOperatorTestHarness<String, BucketCount, BucketCount, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new AlertTracker(config), BucketCount::surgeKey, BucketCount::surgeKey, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private long closesAt(BucketCount b) {
        return config.closesAt(b.bucketEnd);
    }

    private void counted(BucketCount b) throws Exception {
        harness.processElement1(b, closesAt(b));
    }

    private void matched(BucketCount b) throws Exception {
        harness.processElement2(b, closesAt(b));
    }

    private void watermarkAfter(BucketCount b) throws Exception {
        harness.processBothWatermarks(new Watermark(closesAt(b)));
    }

    private List<String> lifecycle() {
        return harness.extractOutputValues().stream()
                .map(a -> a.getStatus() + ":" + a.getCount())
                .toList();
    }

    /** Buckets 0..5 with counts 1, 4, 5, 6, 1, 0: CEP (k = 2) matches [1,2] and [2,3]. */
    private static final List<BucketCount> SURGE = List.of(
            bucket(0, 1), bucket(1, 4), bucket(2, 5), bucket(3, 6), bucket(4, 1), bucket(5, 0));
    private static final List<Integer> MATCH_ENDS = List.of(2, 3);

    @Test
    void opensUpdatesAndResolvesWithOneStableIdThenForgetsTheKey() throws Exception {
        for (int i = 0; i < SURGE.size(); i++) {
            BucketCount b = SURGE.get(i);
            counted(b);
            if (MATCH_ENDS.contains(i)) {
                matched(b);
            }
            watermarkAfter(b);
        }

        assertEquals(List.of("open:5", "update:6", "resolved:1"), lifecycle());
        List<Alert> alerts = harness.extractOutputValues();
        String id = SurgeAlerts.alertId("surge", "brand", "binnenstad", at(1, 0));
        for (Alert alert : alerts) {
            assertEquals(id, alert.getId());
            // The surge started with bucket 1, the first of the first k-run.
            assertEquals(Instant.ofEpochMilli(at(1, 0)), alert.getWindowStart());
        }
        assertEquals(List.of(at(3, 0), at(4, 0), at(5, 0)),
                alerts.stream().map(a -> a.getWindowEnd().toEpochMilli()).toList());
        assertEquals(List.of(at(3, 0), at(4, 0), at(5, 0)),
                alerts.stream().map(a -> a.getCreatedAt().toEpochMilli()).toList());
        assertEquals(List.of("p4"), alerts.get(2).getEvidencePostIds());

        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void sameLifecycleWhenTheCepInputLagsBehindTheBucketInput() throws Exception {
        // All buckets (and their watermarks) arrive before any match: only event time may decide.
        for (BucketCount b : SURGE) {
            counted(b);
            harness.processWatermark1(new Watermark(closesAt(b)));
        }
        assertEquals(List.of(), lifecycle());
        for (int end : MATCH_ENDS) {
            matched(SURGE.get(end));
        }
        harness.processWatermark2(new Watermark(closesAt(SURGE.get(SURGE.size() - 1))));

        assertEquals(List.of("open:5", "update:6", "resolved:1"), lifecycle());
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void quietKeysKeepNoStateOnceTheWatermarkHasCaughtUp() throws Exception {
        for (int minute = 0; minute < 3; minute++) {
            // Both inputs are past the previous bucket: no match can still end there.
            watermarkAfter(bucket(minute - 1, 0));
            counted(bucket(minute, minute));
            assertEquals(0, harness.numKeyedStateEntries(), "bucket " + minute);
            assertEquals(0, harness.numEventTimeTimers(), "bucket " + minute);
        }
        assertEquals(List.of(), lifecycle());
    }

    @Test
    void resolvesWithAnEmptyBucketWhenTheNextBucketNeverArrives() throws Exception {
        BucketCount surge = bucket(2, 7);
        matched(surge);
        watermarkAfter(surge);
        watermarkAfter(bucket(3, 0));

        assertEquals(List.of("open:7", "resolved:0"), lifecycle());
        assertEquals(Instant.ofEpochMilli(at(4, 0)), harness.extractOutputValues().get(1).getWindowEnd());
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aLaterSurgeOfTheSameKeyGetsANewId() throws Exception {
        for (BucketCount b : List.of(bucket(2, 5), bucket(3, 0), bucket(8, 9), bucket(9, 0))) {
            counted(b);
            if (b.count >= config.minCount()) {
                matched(b);
            }
            watermarkAfter(b);
        }

        assertEquals(List.of("open:5", "resolved:0", "open:9", "resolved:0"), lifecycle());
        List<Alert> alerts = harness.extractOutputValues();
        assertEquals(alerts.get(0).getId(), alerts.get(1).getId());
        assertEquals(alerts.get(2).getId(), alerts.get(3).getId());
        assertEquals(SurgeAlerts.alertId("surge", "brand", "binnenstad", at(7, 0)), alerts.get(2).getId());
    }
}
