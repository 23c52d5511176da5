package be.belfort.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@code maxFailures} failed logins within {@code window} for one key
 * (an account name or a client address), further attempts for that key are refused until the oldest
 * failure leaves the window. Refused attempts do not check the password at all.
 */
public final class LoginThrottle {
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** True when {@code key} has not used up its failures. */
    public boolean allowed(String key) {
        Deque<Instant> d = failures.get(key);
        if (d == null) return true;
        synchronized (d) {
            prune(d, clock.instant());
            return d.size() < maxFailures;
        }
    }

    public void failed(String key) {
        Instant now = clock.instant();
        Deque<Instant> d = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (d) {
            prune(d, now);
            d.addLast(now);
        }
        // Keys whose failures all aged out are dropped, so memory follows recent failures only.
        if (failures.size() > 10_000) {
            failures.values().removeIf(q -> {
                synchronized (q) {
                    prune(q, now);
                    return q.isEmpty();
                }
            });
        }
    }

    public void succeeded(String key) {
        failures.remove(key);
    }

    private void prune(Deque<Instant> d, Instant now) {
        Instant cutoff = now.minus(window);
        while (!d.isEmpty() && !d.peekFirst().isAfter(cutoff)) d.removeFirst();
    }
}
