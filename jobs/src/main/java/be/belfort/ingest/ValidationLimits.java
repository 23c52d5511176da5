package be.belfort.ingest;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Bounds a post must respect to be accepted; see {@link PostValidator}.
 *
 * @param maxTextChars longest text, in characters (code points)
 * @param maxIdChars longest post id
 * @param maxAuthorChars longest author handle
 * @param earliest oldest plausible created_at (social media before 2006 is not our business)
 * @param maxFutureSkew how far created_at may lie ahead of the clock (producer clock skew)
 * @param maxAge how far created_at may lie behind the clock, or null for no limit (replays)
 */
public record ValidationLimits(int maxTextChars, int maxIdChars, int maxAuthorChars,
        Instant earliest, Duration maxFutureSkew, Duration maxAge) implements Serializable {

    public ValidationLimits {
        if (maxTextChars < 1 || maxIdChars < 1 || maxAuthorChars < 1) {
            throw new IllegalArgumentException("length limits must be positive");
        }
        Objects.requireNonNull(earliest, "earliest");
        if (maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew must be zero or positive");
        }
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("maxAge must be positive or null (unlimited)");
        }
    }

    /**
     * Limits of the live job: text 20 000, id and author 256, created_at from 2006-01-01, at
     * most 1 h in the future and 30 days old. Replays lift the age limit with
     * {@code defaults().withMaxAge(null)}.
     */
    public static ValidationLimits defaults() {
        return new ValidationLimits(20_000, 256, 256, Instant.parse("2006-01-01T00:00:00Z"),
                Duration.ofHours(1), Duration.ofDays(30));
    }

    /** Same limits with another age bound; null means unlimited. */
    public ValidationLimits withMaxAge(Duration newMaxAge) {
        return new ValidationLimits(maxTextChars, maxIdChars, maxAuthorChars, earliest,
                maxFutureSkew, newMaxAge);
    }
}
