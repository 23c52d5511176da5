package be.belfort.local;

import java.time.Duration;
import java.util.Objects;

/**
 * An injected surge: posts of one {@link ContentKind} about one place, at a steady average rate,
 * from many different authors, during {@code [startOffset, startOffset + duration)} of simulated time.
 *
 * @param kind what the posts are about
 * @param place canonical place name written in every post; when it is one of {@link Place#GHENT}
 *     geo-tagged posts are placed near it
 * @param startOffset simulated time after the scenario start at which the burst begins
 * @param duration how long the burst lasts, in simulated time
 * @param postsPerMinute average posts per simulated minute (Poisson arrivals)
 */
public record Burst(ContentKind kind, String place, Duration startOffset, Duration duration, double postsPerMinute) {

    public Burst {
        Objects.requireNonNull(kind, "kind");
        if (place == null || place.isBlank()) {
            throw new IllegalArgumentException("burst place must not be blank");
        }
        if (startOffset.isNegative()) {
            throw new IllegalArgumentException("burst start offset must not be negative: " + startOffset);
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("burst duration must be positive: " + duration);
        }
        if (!(postsPerMinute > 0) || Double.isInfinite(postsPerMinute)) {
            throw new IllegalArgumentException("burst rate must be a positive number: " + postsPerMinute);
        }
    }

    /** Simulated offset at which the burst ends (exclusive). */
    public Duration endOffset() {
        return startOffset.plus(duration);
    }
}
