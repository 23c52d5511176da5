package be.belfort.surge;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.OptionalDouble;

/**
 * The learned expectation of one key: level and spread (EWMA of the count and of its absolute
 * deviation) per seasonal slot, plus a whole-key level used until a slot has seen enough buckets, and
 * the key's remembered peak score (its burstiness). Plain domain class, also a Flink POJO kept in
 * keyed state by {@link BaselineScorer}.
 *
 * <p>Why these choices:
 * <ul>
 *   <li>Mean absolute deviation rather than variance: one viral bucket moves it far less.</li>
 *   <li>The spread used for scoring is floored at the counting noise {@code sqrt(expected)} (counts
 *       are roughly Poisson), so a quiet key that happened to be constant does not turn every extra
 *       post into a huge score.</li>
 *   <li>From its second bucket on (warm-up included) a bucket teaches at most {@code expected + clip * spread}: a surge
 *       is not learned as the new normal while it happens, yet a lasting level shift is still
 *       absorbed, since the spread (and so the cap) grows with every capped bucket.</li>
 *   <li>The remembered peak decays with a half-life: a key that bursts often (a company on Twitter)
 *       needs a burst larger than its recent ones to alarm, a key that never bursts does not.</li>
 *   <li>Missing buckets between two observations are empty buckets (the counter stops emitting zero
 *       buckets of a quiet key); up to one season of them is learned as zeros.</li>
 * </ul>
 */
public class Baseline {

    /** A slot is trusted once it has seen this many buckets; before that the whole-key level applies. */
    static final int MIN_SLOT_OBSERVATIONS = 3;

    public double[] level;
    public double[] spread;
    public int[] seen;
    public double keyLevel;
    public double keySpread;
    /** Buckets observed (empty ones included) since the key was first seen. */
    public long observations;
    /** Start of the latest bucket observed, or Long.MIN_VALUE before the first. */
    public long lastBucketStart = Long.MIN_VALUE;
    /** Decayed maximum score, as of {@link #lastBucketStart}. */
    public double peak;
    /** Peak remembered when the current run of above buckets began; negative outside a run. */
    public double runPeak = -1;

    public Baseline() {}

    /** A new baseline with the slots of {@code season}. */
    public static Baseline create(SurgeRules.Season season) {
        Baseline b = new Baseline();
        b.level = new double[season.slots];
        b.spread = new double[season.slots];
        b.seen = new int[season.slots];
        return b;
    }

    /**
     * Scores one closed bucket against what was expected and then learns from it.
     *
     * @param eventExpected the active event's expected count, if any: it replaces the learned level,
     *                      and the bucket is not learned (an event night is not the normal night)
     */
    public Score observe(long bucketStart, long bucketMillis, long count, long distinctAuthors,
                         OptionalDouble eventExpected, SurgeRules rules, long warmupBuckets) {
        learnGap(bucketStart, bucketMillis, rules);
        decayPeak(bucketStart, rules);
        int slot = slot(bucketStart, rules);
        boolean slotTrusted = seen[slot] >= MIN_SLOT_OBSERVATIONS;
        double learnedLevel = slotTrusted ? level[slot] : keyLevel;
        double learnedSpread = slotTrusted ? spread[slot] : keySpread;
        boolean eventActive = eventExpected.isPresent();
        double expected = eventActive ? eventExpected.getAsDouble() : learnedLevel;
        double effectiveSpread = Math.max(learnedSpread, Math.sqrt(Math.max(expected, 1.0)));
        double score = (count - expected) / effectiveSpread;
        // Statistics need history, or an event's explicit expectation.
        boolean warm = observations >= warmupBuckets || eventActive;

        boolean authorsOk = distinctAuthors < 0 || distinctAuthors >= rules.minAuthors();
        boolean enough = count >= rules.minCount() && authorsOk;
        double peakRef = runPeak >= 0 ? runPeak : peak;
        boolean beyondPeak = score > rules.peakMargin() * peakRef;
        boolean above = enough && (warm ? score >= rules.surgeThreshold() && beyondPeak : true);
        boolean spike = warm && enough && score >= rules.spikeThreshold() && beyondPeak;
        boolean elevated = enough && (!warm || score >= rules.resolveBelow());
        Score result = new Score(expected, effectiveSpread, score, warm, eventActive, above, spike, elevated, peakRef);

        runPeak = above ? (runPeak >= 0 ? runPeak : peak) : -1;
        if (warm) {
            peak = Math.max(peak, score);
        }
        if (!eventActive) {
            // Clipped from the second bucket on, warm-up included: a fight in a key's first hours must
            // not become its normal (the floor sqrt(expected) still lets a young key find its level).
            double taught = observations > 0 ? Math.min(count, expected + rules.clip() * effectiveSpread) : count;
            learn(slot, taught, rules.alpha());
        }
        observations++;
        lastBucketStart = bucketStart;
        return result;
    }

    /** What one bucket was scored as; see {@link ScoredBucket} for the meaning of each value. */
    public record Score(double expected, double spread, double score, boolean warm, boolean eventActive,
                        boolean above, boolean spike, boolean elevated, double peak) {}

    private void learnGap(long bucketStart, long bucketMillis, SurgeRules rules) {
        if (lastBucketStart == Long.MIN_VALUE) {
            return;
        }
        long missing = (bucketStart - lastBucketStart) / bucketMillis - 1;
        long season = Math.max(1, Math.max(rules.season().slots, 1) * 3_600_000L / bucketMillis);
        long learned = Math.min(Math.max(missing, 0), season);
        for (long i = learned; i >= 1; i--) {
            learn(slot(bucketStart - i * bucketMillis, rules), 0, rules.alpha());
        }
        observations += Math.max(missing, 0);
    }

    private void decayPeak(long bucketStart, SurgeRules rules) {
        if (lastBucketStart != Long.MIN_VALUE && peak > 0) {
            double halfLives = (double) (bucketStart - lastBucketStart) / rules.peakHalfLife().toMillis();
            peak *= Math.pow(0.5, halfLives);
        }
    }

    private void learn(int slot, double x, double alpha) {
        // 1/n while young, so the first buckets set the level instead of dragging it up from zero.
        double a = Math.max(alpha, 1.0 / (seen[slot] + 1));
        spread[slot] += a * (Math.abs(x - level[slot]) - spread[slot]);
        level[slot] += a * (x - level[slot]);
        seen[slot]++;
        double k = Math.max(alpha, 1.0 / (observations + 1));
        keySpread += k * (Math.abs(x - keyLevel) - keySpread);
        keyLevel += k * (x - keyLevel);
    }

    static int slot(long bucketStart, SurgeRules rules) {
        if (rules.season() == SurgeRules.Season.NONE) {
            return 0;
        }
        ZonedDateTime t = Instant.ofEpochMilli(bucketStart).atZone(rules.zone());
        return rules.season() == SurgeRules.Season.HOUR_OF_DAY
                ? t.getHour()
                : (t.getDayOfWeek().getValue() - 1) * 24 + t.getHour();
    }
}
