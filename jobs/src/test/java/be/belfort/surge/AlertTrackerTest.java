package be.belfort.surge;

import static be.belfort.surge.SurgeFixtures.at;
import static be.belfort.surge.SurgeFixtures.minuteConfig;
import static be.belfort.surge.SurgeFixtures.scored;
import static be.belfort.surge.SurgeFixtures.surgeMatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.Alert;
import be.belfort.schema.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Input 1 gets scored buckets, input 2 CEP matches. 1 minute buckets, minimum 3, k = 2; resolve below
 * score 2 after 1 calm bucket unless a test says otherwise.
 */
class AlertTrackerTest {

    private SurgeConfig config = minuteConfig();
    private KeyedTwoInputStreamOperatorTestHarness<String, ScoredBucket, PatternMatch, Alert> harness;

    private void open(SurgeConfig c) throws Exception {
        config = c;
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new AlertTracker(c, Map.of("brand", Severity.high)), ScoredBucket::surgeKey, PatternMatch::alertKey,
                Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private long closesAt(ScoredBucket b) {
        return config.closesAt(b.bucket.bucketEnd);
    }

    private void counted(ScoredBucket b) throws Exception {
        harness.processElement1(b, closesAt(b));
    }

    private void matched(PatternMatch m) throws Exception {
        harness.processElement2(m, closesAt(m.newest));
    }

    private void watermarkAfter(ScoredBucket b) throws Exception {
        harness.processBothWatermarks(new Watermark(closesAt(b)));
    }

    private List<String> lifecycle() {
        return harness.extractOutputValues().stream().map(a -> a.getStatus() + ":" + a.getCount()).toList();
    }

    /** Buckets 0..6 with counts 1, 6, 7, 8, 4, 1, 0: matches end at 2 and 3; bucket 4 is only elevated. */
    private void surgeThenCalm() throws Exception {
        List<ScoredBucket> buckets = List.of(scored(0, 1), scored(1, 6), scored(2, 7), scored(3, 8), scored(4, 4),
                scored(5, 1), scored(6, 0));
        for (ScoredBucket b : buckets) {
            counted(b);
            int minute = (int) ((b.bucket.bucketStart - SurgeFixtures.BASE) / SurgeFixtures.MINUTE);
            if (minute == 2 || minute == 3) {
                matched(surgeMatch(minute - 1, b));
            }
            watermarkAfter(b);
        }
    }

    @Test
    void opensUpdatesKeepsOpenWhileElevatedAndResolvesWithOneStableIdThenForgetsTheKey() throws Exception {
        open(minuteConfig());
        surgeThenCalm();

        // Bucket 4 (count 4, score 3) no longer matches but is elevated: hysteresis keeps the alert open.
        assertEquals(List.of("open:7", "update:8", "update:4", "resolved:1"), lifecycle());
        List<Alert> alerts = harness.extractOutputValues();
        String id = SurgeAlerts.alertId("surge", "brand", "binnenstad", at(1, 0));
        for (Alert alert : alerts) {
            assertEquals(id, alert.getId());
            assertEquals(Instant.ofEpochMilli(at(1, 0)), alert.getWindowStart());
            assertEquals("surge: test", alert.getPattern());
            assertEquals(1.0, alert.getBaseline());
        }
        assertEquals(List.of(at(3, 0), at(4, 0), at(5, 0), at(6, 0)),
                alerts.stream().map(a -> a.getCreatedAt().toEpochMilli()).toList());
        // Cooling down: state stays until the cooldown (2h) has passed, then nothing is left.
        assertTrue(harness.numKeyedStateEntries() > 0);
        harness.processBothWatermarks(new Watermark(at(6, 0) + Duration.ofHours(3).toMillis()));
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aMatchWithinTheCooldownReopensTheSameAlertAfterItANewOne() throws Exception {
        open(minuteConfig());
        surgeThenCalm();
        ScoredBucket again = scored(30, 9);
        counted(again);
        matched(surgeMatch(29, again));
        watermarkAfter(again);
        ScoredBucket later = scored(300, 9);
        harness.processBothWatermarks(new Watermark(closesAt(scored(299, 0))));
        counted(later);
        matched(surgeMatch(299, later));
        watermarkAfter(later);

        List<Alert> alerts = harness.extractOutputValues();
        assertEquals(List.of("open:7", "update:8", "update:4", "resolved:1", "open:9", "resolved:0", "open:9"),
                lifecycle());
        assertEquals(alerts.get(0).getId(), alerts.get(4).getId(), "reopened within the cooldown");
        assertTrue(alerts.get(4).getPattern().contains("reopened"), alerts.get(4).getPattern());
        assertEquals(SurgeAlerts.alertId("surge", "brand", "binnenstad", at(299, 0)), alerts.get(6).getId());
    }

    @Test
    void sameLifecycleWhenTheMatchInputLagsBehindTheBucketInput() throws Exception {
        open(minuteConfig());
        List<ScoredBucket> buckets = List.of(scored(0, 1), scored(1, 6), scored(2, 7), scored(3, 1));
        for (ScoredBucket b : buckets) {
            counted(b);
            harness.processWatermark1(new Watermark(closesAt(b)));
        }
        assertEquals(List.of(), lifecycle());
        matched(surgeMatch(1, buckets.get(2)));
        harness.processWatermark2(new Watermark(closesAt(buckets.get(3))));

        assertEquals(List.of("open:7", "resolved:1"), lifecycle());
    }

    @Test
    void quietKeysKeepNoStateOnceTheWatermarkHasCaughtUp() throws Exception {
        open(minuteConfig());
        for (int minute = 0; minute < 3; minute++) {
            watermarkAfter(scored(minute - 1, 0));
            counted(scored(minute, 1));
            assertEquals(0, harness.numKeyedStateEntries(), "bucket " + minute);
            assertEquals(0, harness.numEventTimeTimers(), "bucket " + minute);
        }
        assertEquals(List.of(), lifecycle());
    }

    @Test
    void resolvesWithAnEmptyBucketWhenNoBucketArrivesAndNeedsEveryCalmBucket() throws Exception {
        SurgeRules twoCalm = new SurgeRules(3, 3, 0.05, SurgeRules.Season.NONE, java.time.ZoneOffset.UTC,
                Duration.ZERO, 3, Duration.ofDays(1), 4, 2, Duration.ofMinutes(1), 5, 8, true, Duration.ofDays(1), 1.5, 2, 2,
                Duration.ZERO,
                List.of(), List.of());
        open(minuteConfig().withRules(twoCalm));
        ScoredBucket surge = scored(2, 7);
        matched(surgeMatch(1, surge));
        watermarkAfter(surge);
        watermarkAfter(scored(3, 0));
        assertEquals(List.of("open:7"), lifecycle());
        watermarkAfter(scored(4, 0));

        assertEquals(List.of("open:7", "resolved:0"), lifecycle());
        assertEquals(Instant.ofEpochMilli(at(5, 0)), harness.extractOutputValues().get(1).getWindowEnd());
        harness.processBothWatermarks(new Watermark(at(10, 0)));
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numEventTimeTimers());
    }
}
