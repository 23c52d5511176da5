package be.belfort.local;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that determines a simulated firehose: the same scenario always yields the same
 * records, byte for byte.
 *
 * <p>Time: the scenario covers {@code [start, start + duration)} of event time. When produced to
 * Kafka it is compressed by {@code timeScale} (simulated seconds per wall-clock second), so a
 * 2-hour scenario at 60x takes 2 minutes; {@link Double#POSITIVE_INFINITY} sends as fast as possible.
 * Pick the start to suit the consumer: {@link Builder#endingAt endingAt(now)} keeps all event times
 * in the past; {@link Builder#start start(now)} lets event time run ahead of the wall clock by
 * {@code (timeScale - 1) x elapsed}, which ingest's future-skew check rejects after a while;
 * {@code endingAt(now + duration / timeScale)} makes event time catch up with the wall clock exactly
 * when the last post is sent.
 *
 * @param name human-readable label
 * @param start event time of simulated offset 0
 * @param duration simulated length
 * @param backgroundPerMinute average background posts per simulated minute (Poisson)
 * @param backgroundMix relative weights of the content kinds of background posts
 * @param timeScale simulated seconds per wall-clock second when paced
 * @param bursts injected surges on top of the background
 * @param duplicateFraction probability that a post is sent a second time a few seconds later
 * @param malformedFraction probability that a record is replaced by a malformed one
 * @param seed seed of all random choices
 */
public record Scenario(String name, Instant start, Duration duration, double backgroundPerMinute,
                       Map<ContentKind, Double> backgroundMix, double timeScale, List<Burst> bursts,
                       double duplicateFraction, double malformedFraction, long seed) {

    /** Default event-time start: 21:00 in Ghent on a Gentse Feesten Monday. */
    public static final Instant DEFAULT_START = Instant.parse("2026-07-20T19:00:00Z");

    public Scenario {
        Objects.requireNonNull(name, "name");
        // Avro keeps milliseconds; truncating here keeps a decoded post equal to the generated one.
        start = start.truncatedTo(ChronoUnit.MILLIS);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("duration must be positive: " + duration);
        }
        if (!(backgroundPerMinute >= 0) || Double.isInfinite(backgroundPerMinute)) {
            throw new IllegalArgumentException("background rate must be >= 0: " + backgroundPerMinute);
        }
        backgroundMix = Collections.unmodifiableMap(new EnumMap<>(backgroundMix.isEmpty()
                ? Map.of(ContentKind.NEUTRAL, 1.0) : backgroundMix));
        for (var e : backgroundMix.entrySet()) {
            if (!(e.getValue() >= 0) || Double.isInfinite(e.getValue())) {
                throw new IllegalArgumentException("weight of " + e.getKey() + " must be >= 0: " + e.getValue());
            }
        }
        if (backgroundMix.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException("background mix weights are all zero");
        }
        if (!(timeScale > 0)) {
            throw new IllegalArgumentException("time scale must be positive: " + timeScale);
        }
        bursts = List.copyOf(bursts);
        checkFraction("duplicate", duplicateFraction);
        checkFraction("malformed", malformedFraction);
    }

    private static void checkFraction(String what, double value) {
        if (!(value >= 0 && value <= 0.5)) {
            throw new IllegalArgumentException(what + " fraction must be within [0, 0.5]: " + value);
        }
    }

    /** Event time at which the scenario ends (exclusive). */
    public Instant end() {
        return start.plus(duration);
    }

    /** Wall-clock time a paced run takes; zero when unpaced. */
    public Duration wallDuration() {
        return Double.isInfinite(timeScale) ? Duration.ZERO
                : Duration.ofNanos((long) (duration.toNanos() / timeScale));
    }

    /** A builder initialised with this scenario's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.start = start;
        b.duration = duration;
        b.backgroundPerMinute = backgroundPerMinute;
        b.backgroundMix = new EnumMap<>(backgroundMix);
        b.timeScale = timeScale;
        b.bursts = new ArrayList<>(bursts);
        b.duplicateFraction = duplicateFraction;
        b.malformedFraction = malformedFraction;
        b.seed = seed;
        return b;
    }

    /**
     * "Gentse Feesten evening": two hours from 21:00 at 20 background posts per simulated minute
     * (81% neutral chatter, 6% look-alike negatives, 13% spread over the nine phenomena, none
     * strong enough to surge), 1% duplicates, 0.5% malformed, 60x time scale (2 wall minutes), and a
     * fight on the Korenmarkt from minute 60 to 85 at 30 posts per minute.
     */
    public static Builder gentseFeesten() {
        Map<ContentKind, Double> mix = new EnumMap<>(ContentKind.class);
        mix.put(ContentKind.NEUTRAL, 0.81);
        mix.put(ContentKind.NEGATIVE, 0.06);
        mix.put(ContentKind.DRUKTE, 0.025);
        mix.put(ContentKind.GELUID, 0.02);
        mix.put(ContentKind.VERKEER, 0.02);
        mix.put(ContentKind.DIEFSTAL, 0.015);
        mix.put(ContentKind.SLUIKSTORT, 0.012);
        mix.put(ContentKind.GEWELD, 0.012);
        mix.put(ContentKind.BRAND, 0.01);
        mix.put(ContentKind.VERMIST, 0.008);
        mix.put(ContentKind.BETOGING, 0.008);
        return new Builder()
                .name("Gentse Feesten evening")
                .start(DEFAULT_START)
                .duration(Duration.ofHours(2))
                .backgroundPerMinute(20)
                .backgroundMix(mix)
                .timeScale(60)
                .burst(new Burst(ContentKind.GEWELD, "Korenmarkt", Duration.ofMinutes(60), Duration.ofMinutes(25), 30))
                .duplicateFraction(0.01)
                .malformedFraction(0.005)
                .seed(20260720L);
    }

    /**
     * A plain builder: one hour of neutral chatter at 20 posts per minute from {@link #DEFAULT_START},
     * 60x, no bursts, no duplicates, no malformed records, seed 1.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private String name = "custom";
        private Instant start = DEFAULT_START;
        private Instant end;
        private Duration duration = Duration.ofHours(1);
        private double backgroundPerMinute = 20;
        private Map<ContentKind, Double> backgroundMix = new EnumMap<>(Map.of(ContentKind.NEUTRAL, 1.0));
        private double timeScale = 60;
        private List<Burst> bursts = new ArrayList<>();
        private double duplicateFraction;
        private double malformedFraction;
        private long seed = 1;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Event time of offset 0; replaces an earlier {@link #endingAt}. */
        public Builder start(Instant start) {
            this.start = start;
            this.end = null;
            return this;
        }

        /** Places the scenario so that it ends at {@code end} (start = end - duration, fixed at build). */
        public Builder endingAt(Instant end) {
            this.end = end;
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        public Builder backgroundPerMinute(double postsPerMinute) {
            this.backgroundPerMinute = postsPerMinute;
            return this;
        }

        public Builder backgroundMix(Map<ContentKind, Double> weights) {
            this.backgroundMix = new EnumMap<>(weights);
            return this;
        }

        /** Simulated seconds per wall-clock second; {@link Double#POSITIVE_INFINITY} for unpaced. */
        public Builder timeScale(double timeScale) {
            this.timeScale = timeScale;
            return this;
        }

        public Builder burst(Burst burst) {
            this.bursts.add(burst);
            return this;
        }

        /** Replaces all bursts. */
        public Builder bursts(List<Burst> bursts) {
            this.bursts = new ArrayList<>(bursts);
            return this;
        }

        public Builder duplicateFraction(double fraction) {
            this.duplicateFraction = fraction;
            return this;
        }

        public Builder malformedFraction(double fraction) {
            this.malformedFraction = fraction;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Scenario build() {
            Instant effectiveStart = end != null ? end.minus(duration) : start;
            return new Scenario(name, effectiveStart, duration, backgroundPerMinute, backgroundMix,
                    timeScale, bursts, duplicateFraction, malformedFraction, seed);
        }
    }
}
