package be.belfort.surge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

class BaselineTest {

    private static final long HOUR = 3_600_000;
    private static final long BUCKET = 300_000;
    private static final long T0 = Instant.parse("2026-07-06T00:00:00Z").toEpochMilli(); // a Monday

    /**
     * Hour-of-day season in UTC, 6 hours of warm-up, minimum 5 posts from 3 authors, threshold 4, spike 8;
     * the surge span is one bucket, so "sustained" is the bucket itself (capped).
     */
    private static final SurgeRules RULES = new SurgeRules(5, 3, 0.1, SurgeRules.Season.HOUR_OF_DAY, ZoneOffset.UTC,
            Duration.ofHours(6), 3, Duration.ofDays(7), 4, 2, Duration.ofMinutes(5), 5, 8, true, Duration.ofDays(1),
            1.5, 2, 1, Duration.ofHours(1), List.of(), List.of());
    /** The same with a surge span of one hour, alpha 0.01 (slow seasonal slots) and spike 12: the shipped shape. */
    private static final SurgeRules SPAN_RULES = new SurgeRules(5, 3, 0.01, SurgeRules.Season.HOUR_OF_DAY,
            ZoneOffset.UTC, Duration.ofHours(6), 3, Duration.ofDays(7), 4, 2, Duration.ofHours(1), 5, 12, true,
            Duration.ofDays(7), 2, 2, 1, Duration.ofHours(1), List.of(), List.of());

    private SurgeConfig config = config(RULES);
    private Baseline baseline = Baseline.create(RULES.season());
    private long t = T0;

    private static SurgeConfig config(SurgeRules rules) {
        return new SurgeConfig(Duration.ofMillis(BUCKET), Duration.ofHours(1), Duration.ZERO, rules);
    }

    private Baseline.Score next(long count) {
        return next(count, 20, OptionalDouble.empty());
    }

    private Baseline.Score next(long count, long authors, OptionalDouble event) {
        Baseline.Score s = baseline.observe(t, count, authors, event, config);
        t += BUCKET;
        return s;
    }

    /** Days of a daily rhythm: 40 posts per bucket from 18:00 to 24:00, 4 otherwise. */
    private void learnDays(int days) {
        for (long end = t + days * 24 * HOUR; t < end; ) {
            long hour = (t - T0) / HOUR % 24;
            next(hour >= 18 ? 40 : 4);
        }
    }

    @Test
    void duringWarmUpOnlyTheAbsoluteMinimumCounts() {
        Baseline.Score first = next(6);
        assertFalse(first.warm());
        assertTrue(first.above(), "no history: the minimum alone is a new hotspot");
        assertFalse(first.spike(), "far above needs history");
        assertFalse(next(4).above());
        assertFalse(next(6, 2, OptionalDouble.empty()).above(), "one or two accounts are not a hotspot");
    }

    @Test
    void seasonalBaselineExpectsTheEveningPeakAndFlagsTheSameVolumeAtNoon() {
        learnDays(3);
        t = T0 + 3 * 24 * HOUR + 19 * HOUR; // 19:00
        Baseline.Score evening = next(40);
        assertTrue(evening.warm());
        assertEquals(40, evening.expected(), 2);
        assertFalse(evening.above());

        t = T0 + 4 * 24 * HOUR + 12 * HOUR; // noon the next day (the gap is learned as empty buckets)
        Baseline.Score noon = next(40);
        assertTrue(noon.score() > 8, "score " + noon.score());
        assertTrue(noon.above() && noon.spike());
    }

    @Test
    void aSurgeIsNotLearnedAsTheNewNormalWhileItHappens() {
        // Three days, so the first evenings' ramps (bursts while those slots were new) are forgotten.
        learnDays(3);
        double before = next(4).expected();
        for (int i = 0; i < 6; i++) {
            assertTrue(next(60).above(), "bucket " + i);
        }
        double after = next(4).expected();
        assertTrue(after < before + 10, "learned " + before + " → " + after);
    }

    @Test
    void aKeyThatBurstsOftenNeedsABurstBeyondItsRecentPeak() {
        learnDays(3);
        Baseline.Score firstBurst = next(60);
        assertTrue(firstBurst.spike());
        for (int i = 0; i < 6; i++) {
            next(4);
        }
        Baseline.Score sameAgain = next(60);
        assertTrue(sameAgain.score() >= RULES.spikeThreshold());
        assertFalse(sameAgain.spike(), "no larger than the burst an hour ago");
        for (int i = 0; i < 6; i++) {
            next(4);
        }
        assertTrue(next(200).spike(), "far larger than anything recent");
    }

    @Test
    void anActiveEventReplacesTheBaselineAndIsNotLearned() {
        learnDays(1);
        double learned = next(4).expected();
        Baseline.Score busyNight = next(120, 80, OptionalDouble.of(110));
        assertTrue(busyNight.eventActive());
        assertEquals(110, busyNight.expected());
        assertFalse(busyNight.above(), "the expected crowd is no alarm");
        assertTrue(next(400, 200, OptionalDouble.of(110)).above(), "a surge within the event still is");
        assertEquals(learned, next(4).expected(), 1.0);
    }

    /** Switches to {@link #SPAN_RULES}, a fresh key. */
    private void withSpan() {
        config = config(SPAN_RULES);
        baseline = Baseline.create(SPAN_RULES.season());
    }

    /** Days of a flat busy key: about {@code level} per bucket, alternating +-5%, every day {@code dayFactor[d % n]} times that. */
    private void learnBusyDays(int days, long level, double... dayFactor) {
        for (int d = 0; d < days; d++) {
            double f = dayFactor.length == 0 ? 1 : dayFactor[d % dayFactor.length];
            for (int i = 0; i < 24 * 12; i++) {
                next(Math.round(level * f * (i % 2 == 0 ? 0.95 : 1.05)));
            }
        }
    }

    @Test
    void aSustainedRiseOfHalfAgainIsASurgeThoughNoBucketIsASpike() {
        withSpan();
        learnBusyDays(3, 200);
        boolean surged = false;
        for (int i = 0; i < 12; i++) {
            Baseline.Score s = next(300);
            assertFalse(s.spike(), "bucket " + i + " scores " + s.score());
            surged |= s.above();
        }
        assertTrue(surged, "an hour at 1.5 times the usual level");
    }

    @Test
    void oneBurstIsASpikeNotASustainedRise() {
        withSpan();
        learnBusyDays(3, 200);
        Baseline.Score burst = next(2000);
        assertTrue(burst.spike());
        for (int i = 0; i < 12; i++) {
            Baseline.Score after = next(200);
            assertFalse(after.above(), "bucket " + i + " after the burst: sustained " + after.sustained());
        }
    }

    @Test
    void aKeyWhoseDaysVaryNeedsMoreThanItsUsualVariation() {
        withSpan();
        // Alternate days at 200 and 260 per bucket: the key's days differ by about a quarter.
        learnBusyDays(8, 200, 1.0, 1.3);
        for (int i = 0; i < 24; i++) {
            assertFalse(next(260).above(), "a usual busy day, bucket " + i);
        }
        boolean surged = false;
        for (int i = 0; i < 24; i++) {
            surged |= next(450).above();
        }
        assertTrue(surged, "more than twice the usual level for two hours");
    }

    @Test
    void aSustainedRiseStaysElevatedThroughABucketUnderTheMinimumCount() {
        withSpan();
        for (int i = 0; i < 3 * 24 * 12; i++) {
            next(i % 4 == 0 ? 2 : i % 4 == 2 ? 1 : 0);
        }
        for (int i = 0; i < 6; i++) {
            next(12);
        }
        // The minimum count gates opening an alert; an open one is kept by its sustained score while posts
        // come (a lull of one quiet bucket in an ongoing rise is no resolution, else it reopens as a new alarm).
        Baseline.Score lull = next(3);
        assertFalse(lull.above(), "3 posts cannot open an alert");
        assertTrue(lull.elevated(), "but the last half hour is still far above usual: sustained " + lull.sustained());
        Baseline.Score silent = next(0);
        assertTrue(silent.sustained() >= 2, "sustained " + silent.sustained());
        assertFalse(silent.elevated(), "a bucket without posts ends it");
    }

    @Test
    void smallCountsAreJudgedAgainstCountingNoise() {
        withSpan();
        for (int i = 0; i < 3 * 24 * 12; i++) {
            next(i % 4 == 0 ? 2 : i % 4 == 2 ? 1 : 0); // about one post in five minutes
        }
        boolean surged = false;
        for (int i = 0; i < 6; i++) {
            Baseline.Score s = next(12);
            assertFalse(s.spike(), "12 is no spike on its own: score " + s.score());
            surged |= s.above();
        }
        assertTrue(surged, "half an hour of 12 posts a bucket where one was usual");
    }

    @Test
    void aKeyAlreadyCountingWhenTheStreamStartedIsNoNewHotspot() {
        config = config(RULES).withStreamStart(T0);
        Baseline.Score first = next(60);
        assertFalse(first.warm());
        assertFalse(first.above(), "busy before anyone watched: unknown history, not a new hotspot");

        Baseline later = Baseline.create(RULES.season());
        Baseline.Score appearing = later.observe(T0 + BUCKET, 60, 20, OptionalDouble.empty(), config);
        assertTrue(appearing.above(), "a key that appears after the start is new");
    }
}
