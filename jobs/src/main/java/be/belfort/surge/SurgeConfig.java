package be.belfort.surge;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of the surge stage, validated on construction.
 *
 * <p>Buckets are aligned to the epoch ({@code [n * bucket, (n + 1) * bucket)}), so every key and every
 * replay cuts time the same way. A bucket is final, and emitted, once the watermark reaches
 * {@link #closesAt(long)}: its last millisecond plus the allowed lateness.
 *
 * <p>Detection thresholds and patterns ({@link SurgeRules}) come from {@code rules/surge.yaml}; the
 * absolute minimum count and k can be overridden by settings ({@code surge.min-count},
 * {@code surge.consecutive}).
 *
 * @param bucket          length of one counting bucket (default 5 minutes)
 * @param quietAfter      a key's state is dropped after this long without hits (default 1 hour); must be
 *                        longer than one bucket, so that at least one zero bucket follows the last hit and
 *                        breaks any run of surge buckets before the key goes silent
 * @param allowedLateness how long after a bucket's end hits for it are still counted (default 0); the
 *                        bucket is emitted that much later
 * @param rules           thresholds and patterns of the detector
 * @param streamStart     start of the stream's first bucket when the caller knows it (a replay of recorded
 *                        series does), else {@link Long#MIN_VALUE}: a key already counting in that bucket was
 *                        active before anyone watched, so its history is unknown rather than empty and it
 *                        is not a new hotspot (it only warms up)
 */
public record SurgeConfig(Duration bucket, Duration quietAfter, Duration allowedLateness, SurgeRules rules,
                          long streamStart) implements Serializable {

    public SurgeConfig {
        require(bucket != null, "bucket is required");
        require(quietAfter != null, "quietAfter is required");
        require(allowedLateness != null, "allowedLateness is required");
        require(rules != null, "rules are required");
        require(!bucket.isNegative() && !bucket.isZero(), "bucket must be positive, got " + bucket);
        require(bucket.toNanos() % 1_000_000 == 0, "bucket must be whole milliseconds, got " + bucket);
        require(rules.minCount() >= 1, "minCount must be at least 1, got " + rules.minCount());
        require(rules.consecutive() >= 1, "consecutive must be at least 1, got " + rules.consecutive());
        require(quietAfter.compareTo(bucket) > 0,
                "quietAfter (" + quietAfter + ") must be longer than bucket (" + bucket + ")");
        require(!allowedLateness.isNegative(), "allowedLateness must not be negative, got " + allowedLateness);
    }

    /** Stream start unknown: every key without history may be a new hotspot. */
    public SurgeConfig(Duration bucket, Duration quietAfter, Duration allowedLateness, SurgeRules rules) {
        this(bucket, quietAfter, allowedLateness, rules, Long.MIN_VALUE);
    }

    /** The built-in {@link SurgeRules#defaults()} with the given minimum count and k. */
    public SurgeConfig(Duration bucket, int minCount, int consecutive, Duration quietAfter, Duration allowedLateness) {
        this(bucket, quietAfter, allowedLateness,
                SurgeRules.defaults().withMinCount(minCount).withConsecutive(consecutive));
    }

    /** 5 minute buckets, quiet after 1 hour, no lateness, built-in rules (threshold 10, 2 in a row). */
    public static SurgeConfig defaults() {
        return new SurgeConfig(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ZERO, SurgeRules.defaults());
    }

    public SurgeConfig withBucket(Duration value) {
        return new SurgeConfig(value, quietAfter, allowedLateness, rules, streamStart);
    }

    public SurgeConfig withMinCount(int value) {
        return new SurgeConfig(bucket, quietAfter, allowedLateness, rules.withMinCount(value), streamStart);
    }

    public SurgeConfig withConsecutive(int value) {
        return new SurgeConfig(bucket, quietAfter, allowedLateness, rules.withConsecutive(value), streamStart);
    }

    public SurgeConfig withQuietAfter(Duration value) {
        return new SurgeConfig(bucket, value, allowedLateness, rules, streamStart);
    }

    public SurgeConfig withAllowedLateness(Duration value) {
        return new SurgeConfig(bucket, quietAfter, value, rules, streamStart);
    }

    public SurgeConfig withRules(SurgeRules value) {
        return new SurgeConfig(bucket, quietAfter, allowedLateness, value, streamStart);
    }

    public SurgeConfig withStreamStart(long value) {
        return new SurgeConfig(bucket, quietAfter, allowedLateness, rules, value);
    }

    /** Absolute minimum hits per bucket, see {@link SurgeRules#minCount()}. */
    public int minCount() {
        return rules.minCount();
    }

    /** k, see {@link SurgeRules#consecutive()}. */
    public int consecutive() {
        return rules.consecutive();
    }

    /** Length of the surge span in buckets (at least one). */
    public long spanBuckets() {
        return Math.max(1, rules.span().toMillis() / bucketMillis());
    }

    /** Length of the warm-up in buckets (at least one). */
    public long warmupBuckets() {
        return Math.max(1, rules.warmup().toMillis() / bucketMillis());
    }

    public long bucketMillis() {
        return bucket.toMillis();
    }

    /** Start of the bucket holding {@code eventTime} (floor, so negative times align too). */
    public long bucketStart(long eventTime) {
        return Math.floorDiv(eventTime, bucketMillis()) * bucketMillis();
    }

    /**
     * Event time at which the bucket ending at {@code bucketEnd} is final: the bucket's last millisecond
     * plus the allowed lateness. Buckets are emitted with this timestamp, and a hit is late exactly when
     * the watermark has reached this time for its bucket.
     */
    public long closesAt(long bucketEnd) {
        return bucketEnd - 1 + allowedLateness.toMillis();
    }

    /** Inverse of {@link #closesAt(long)}: the end of the bucket that closes at {@code timestamp}. */
    public long bucketEndClosingAt(long timestamp) {
        return timestamp + 1 - allowedLateness.toMillis();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
