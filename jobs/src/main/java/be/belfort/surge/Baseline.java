package be.belfort.surge;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.OptionalDouble;

/**
 * The learned expectation of one key: level and spread (EWMA of the count and of its absolute
 * deviation) per seasonal slot, plus a whole-key level used until a slot has seen enough buckets; the
 * recent level (the last {@link SurgeRules#span()} of counts against what was expected of them and the
 * key's usual relative deviation there); and the key's remembered peak score (its burstiness). Plain
 * domain class, also a Flink POJO kept in keyed state by {@link BaselineScorer}.
 *
 * <p>Two scores per bucket:
 * <ul>
 *   <li><b>score</b>, of the bucket alone: {@code (count - expected) / spread}, the spread floored at the
 *       counting noise {@code sqrt(expected)} (counts are roughly Poisson), so a quiet key that happened
 *       to be constant does not turn every extra post into a huge score. Spikes are judged on it.</li>
 *   <li><b>sustained</b>, of the recent span: {@code (recent - recentExpected) / sd}, both EWMAs with time
 *       constant {@code span}. {@code sd^2 = noise^2 + (dispersion * recentExpected)^2}: the first term is
 *       the bucket spread averaged over the span (Poisson-like for small counts), the second the key's
 *       usual relative deviation at that time scale (a busy day of a big account is 20% up, not a
 *       surge). So small counts get a counting-noise test and large counts a relative one. Each bucket
 *       adds at most {@code expected + cap * spread} to the recent level: one burst is a spike, not a
 *       sustained rise. Surges are judged on it.</li>
 * </ul>
 *
 * <p>Why these choices:
 * <ul>
 *   <li>Mean absolute deviation rather than variance: one viral bucket moves it far less.</li>
 *   <li>From its second bucket on (warm-up included) a bucket teaches at most {@code expected + clip * spread}: a surge
 *       is not learned as the new normal while it happens, yet a lasting level shift is still
 *       absorbed, since the spread (and so the cap) grows with every capped bucket.</li>
 *   <li>The remembered peak (of the bucket score) decays with a half-life: a key that bursts often (a
 *       company on Twitter) needs a burst larger than its recent ones to spike, a key that never bursts
 *       does not.</li>
 *   <li>The dispersion learns as slowly as one seasonal slot ({@code alpha / slots} per bucket): it is
 *       the key's character, not today's mood.</li>
 *   <li>Missing buckets between two observations are empty buckets (the counter stops emitting zero
 *       buckets of a quiet key); up to one season of them is learned as zeros.</li>
 * </ul>
 */
public class Baseline {

    /** A slot is trusted once it has seen this many buckets; before that the whole-key level applies. */
    static final int MIN_SLOT_OBSERVATIONS = 3;
    /** Floor of the dispersion when it caps one deviation, so a key that was flat can still learn. */
    private static final double MIN_DISPERSION = 0.01;

    public double[] level;
    public double[] spread;
    public int[] seen;
    public double keyLevel;
    public double keySpread;
    /** Buckets observed (empty ones included) since the key was first seen. */
    public long observations;
    /** Start of the latest bucket observed, or Long.MIN_VALUE before the first. */
    public long lastBucketStart = Long.MIN_VALUE;
    /** Decayed maximum bucket score, as of {@link #lastBucketStart}. */
    public double peak;
    /** EWMA over the span of the counts, each capped at expected + cap x spread. */
    public double recent;
    /** EWMA over the span of the expected counts. */
    public double recentExpected;
    /** EWMA over the span of the bucket spreads. */
    public double recentNoise;
    /** Usual deviation of the recent level from its expectation beyond the noise, relative to the expectation. */
    public double dispersion;
    /** Deviations the dispersion has learned from. */
    public long dispersionSeen;
    /** The key was already counting in the stream's first bucket: its history is unknown, not empty. */
    public boolean historyUnknown;

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
    public Score observe(long bucketStart, long count, long distinctAuthors, OptionalDouble eventExpected,
                         SurgeConfig config) {
        SurgeRules rules = config.rules();
        if (observations == 0 && lastBucketStart == Long.MIN_VALUE) {
            historyUnknown = bucketStart <= config.streamStart();
        }
        learnGap(bucketStart, config);
        decayPeak(bucketStart, rules);
        int slot = slot(bucketStart, rules);
        boolean slotTrusted = seen[slot] >= MIN_SLOT_OBSERVATIONS;
        boolean eventActive = eventExpected.isPresent();
        double expected = eventActive ? eventExpected.getAsDouble() : slotTrusted ? level[slot] : keyLevel;
        double effectiveSpread = effectiveSpread(slotTrusted ? spread[slot] : keySpread, expected);
        double score = (count - expected) / effectiveSpread;
        double capped = observations > 0 ? Math.min(count, expected + rules.cap() * effectiveSpread) : count;
        double sustained = trackRecent(capped, expected, effectiveSpread, config);
        // Statistics need history, or an event's explicit expectation.
        boolean warm = observations >= config.warmupBuckets() || eventActive;

        boolean authorsOk = distinctAuthors < 0 || distinctAuthors >= rules.minAuthors();
        boolean enough = count >= rules.minCount() && authorsOk;
        boolean above = enough && (warm ? sustained >= rules.surgeThreshold() : !historyUnknown);
        boolean spike = warm && enough && score >= rules.spikeThreshold() && score > rules.peakMargin() * peak;
        // Hysteresis: the minimum count gates opening; an open alert stays while the sustained score holds
        // and posts still come. A quiet bucket inside a long rise (KO on NAB: 10-20 a bucket) then does not
        // resolve it, which would reopen the rise as a new alarm each time; an empty bucket does, so a
        // short burst of a small key (a fight on the Korenmarkt) resolves as soon as it falls silent.
        boolean elevated = warm ? sustained >= rules.resolveBelow() && (enough || count > 0) : enough;
        Score result = new Score(expected, effectiveSpread, score, sustained, warm, eventActive, above, spike,
                elevated, peak);

        if (warm) {
            peak = Math.max(peak, score);
        }
        if (!eventActive) {
            learnDispersion(config);
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
    public record Score(double expected, double spread, double score, double sustained, boolean warm,
                        boolean eventActive, boolean above, boolean spike, boolean elevated, double peak) {}

    private static double effectiveSpread(double learnedSpread, double expected) {
        return Math.max(learnedSpread, Math.sqrt(Math.max(expected, 1.0)));
    }

    /** Moves the recent level one bucket on and returns the sustained score. */
    private double trackRecent(double capped, double expected, double bucketSpread, SurgeConfig config) {
        double a = 1.0 / config.spanBuckets();
        if (observations == 0) {
            recent = capped;
            recentExpected = expected;
            recentNoise = bucketSpread;
        } else {
            recent += a * (capped - recent);
            recentExpected += a * (expected - recentExpected);
            recentNoise += a * (bucketSpread - recentNoise);
        }
        double noise = recentNoise(config);
        double relative = dispersion * recentExpected;
        return (recent - recentExpected) / Math.sqrt(noise * noise + relative * relative);
    }

    /** Spread of the recent level that counting noise alone explains: EWMA of n buckets averages it down. */
    private double recentNoise(SurgeConfig config) {
        double a = 1.0 / config.spanBuckets();
        double independentBuckets = (2 - a) / a;
        return recentNoise / Math.sqrt(independentBuckets);
    }

    private void learnDispersion(SurgeConfig config) {
        long span = config.spanBuckets();
        if (observations < span) {
            return;
        }
        double noise = recentNoise(config);
        double deviation = Math.max(0, Math.abs(recent - recentExpected) - noise) / Math.max(recentExpected, 1e-9);
        if (dispersionSeen > span) {
            deviation = Math.min(deviation, config.rules().clip() * Math.max(dispersion, MIN_DISPERSION));
        }
        double a = Math.max(config.rules().alpha() / config.rules().season().slots, 1.0 / (dispersionSeen + 1));
        dispersion += a * (deviation - dispersion);
        dispersionSeen++;
    }

    private void learnGap(long bucketStart, SurgeConfig config) {
        if (lastBucketStart == Long.MIN_VALUE) {
            return;
        }
        SurgeRules rules = config.rules();
        long bucketMillis = config.bucketMillis();
        long missing = (bucketStart - lastBucketStart) / bucketMillis - 1;
        long season = Math.max(1, Math.max(rules.season().slots, 1) * 3_600_000L / bucketMillis);
        long learned = Math.min(Math.max(missing, 0), season);
        for (long i = learned; i >= 1; i--) {
            int slot = slot(bucketStart - i * bucketMillis, rules);
            boolean slotTrusted = seen[slot] >= MIN_SLOT_OBSERVATIONS;
            double expected = slotTrusted ? level[slot] : keyLevel;
            trackRecent(0, expected, effectiveSpread(slotTrusted ? spread[slot] : keySpread, expected), config);
            learn(slot, 0, rules.alpha());
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
