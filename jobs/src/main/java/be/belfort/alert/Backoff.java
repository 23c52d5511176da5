package be.belfort.alert;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff between delivery attempts: {@code initial} before the second attempt, doubling
 * each time, never more than {@link #MAX_DOUBLINGS} doublings. Each actual pause is "equal jitter"
 * (between half and all of the nominal delay) so that subtasks retrying the same endpoint after an
 * outage do not hammer it in step.
 *
 * <pre>{@code
 * Backoff b = new Backoff(Duration.ofMillis(500));
 * b.delay(1); // 500ms before attempt 2
 * b.delay(3); // 2s before attempt 4
 * }</pre>
 */
public record Backoff(Duration initial) implements Serializable {
    /** 500ms doubles to at most 16s: long enough for a restarting endpoint, short enough for a checkpoint. */
    public static final int MAX_DOUBLINGS = 5;

    public Backoff {
        if (initial.isNegative()) throw new IllegalArgumentException("backoff must not be negative");
    }

    /** The nominal pause after failed attempt {@code attempt} (1-based), before jitter. */
    public Duration delay(int attempt) {
        if (attempt < 1) throw new IllegalArgumentException("attempts count from 1");
        return initial.multipliedBy(1L << Math.min(attempt - 1, MAX_DOUBLINGS));
    }

    /** The pause after failed attempt {@code attempt} for a random draw {@code r} in [0, 1). */
    public Duration jittered(int attempt, double r) {
        long ms = delay(attempt).toMillis();
        return Duration.ofMillis(ms / 2 + (long) (r * (ms - ms / 2)));
    }

    /** The longest the pauses between {@code attempts} attempts can add up to. */
    public Duration worstCase(int attempts) {
        Duration total = Duration.ZERO;
        for (int a = 1; a < attempts; a++) total = total.plus(delay(a));
        return total;
    }

    /** Sleeps the jittered pause after failed attempt {@code attempt}, at least {@code floor}. */
    public void pause(int attempt, Duration floor) throws InterruptedException {
        Duration d = jittered(attempt, ThreadLocalRandom.current().nextDouble());
        Thread.sleep(Math.max(d.toMillis(), floor.toMillis()));
    }
}
