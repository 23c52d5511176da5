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
 * @param bucket          length of one counting bucket (default 5 minutes)
 * @param minCount        hits per bucket at or above which a bucket counts as a surge bucket (default 10)
 * @param consecutive     how many surge buckets in a row open an alert, "k" (default 2)
 * @param quietAfter      a key's state is dropped after this long without hits (default 1 hour); must be
 *                        longer than one bucket, so that at least one zero bucket follows the last hit and
 *                        breaks any run of surge buckets before the key goes silent
 * @param allowedLateness how long after a bucket's end hits for it are still counted (default 0); the
 *                        bucket is emitted that much later
 */
public record SurgeConfig(Duration bucket, int minCount, int consecutive, Duration quietAfter,
                          Duration allowedLateness) implements Serializable {

    public SurgeConfig {
        require(bucket != null, "bucket is required");
        require(quietAfter != null, "quietAfter is required");
        require(allowedLateness != null, "allowedLateness is required");
        require(!bucket.isNegative() && !bucket.isZero(), "bucket must be positive, got " + bucket);
        require(bucket.toNanos() % 1_000_000 == 0, "bucket must be whole milliseconds, got " + bucket);
        require(minCount >= 1, "minCount must be at least 1, got " + minCount);
        require(consecutive >= 1, "consecutive must be at least 1, got " + consecutive);
        require(quietAfter.compareTo(bucket) > 0,
                "quietAfter (" + quietAfter + ") must be longer than bucket (" + bucket + ")");
        require(!allowedLateness.isNegative(), "allowedLateness must not be negative, got " + allowedLateness);
    }

    /** 5 minute buckets, threshold 10, 2 in a row, quiet after 1 hour, no lateness. */
    public static SurgeConfig defaults() {
        return new SurgeConfig(Duration.ofMinutes(5), 10, 2, Duration.ofHours(1), Duration.ZERO);
    }

    public SurgeConfig withBucket(Duration value) {
        return new SurgeConfig(value, minCount, consecutive, quietAfter, allowedLateness);
    }

    public SurgeConfig withMinCount(int value) {
        return new SurgeConfig(bucket, value, consecutive, quietAfter, allowedLateness);
    }

    public SurgeConfig withConsecutive(int value) {
        return new SurgeConfig(bucket, minCount, value, quietAfter, allowedLateness);
    }

    public SurgeConfig withQuietAfter(Duration value) {
        return new SurgeConfig(bucket, minCount, consecutive, value, allowedLateness);
    }

    public SurgeConfig withAllowedLateness(Duration value) {
        return new SurgeConfig(bucket, minCount, consecutive, quietAfter, value);
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
