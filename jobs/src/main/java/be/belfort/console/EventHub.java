package be.belfort.console;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Fans server-sent events out to every open live feed. Each subscriber has a bounded queue; one
 * that falls that far behind (a frozen browser tab) is dropped and reconnects, rather than holding
 * memory or slowing the others.
 */
final class EventHub {
    static final int QUEUE_CAPACITY = 1000;

    /** One open feed. */
    final class Subscription implements AutoCloseable {
        private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        private volatile boolean overflowed;

        /** The next event in wire format, or null after {@code timeoutMillis}. */
        String next(long timeoutMillis) throws InterruptedException {
            return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        }

        boolean overflowed() {
            return overflowed;
        }

        @Override
        public void close() {
            subscribers.remove(this);
        }
    }

    private final Set<Subscription> subscribers = ConcurrentHashMap.newKeySet();

    Subscription subscribe() {
        Subscription s = new Subscription();
        subscribers.add(s);
        return s;
    }

    /** Sends {@code json} as event {@code name} to every subscriber. */
    void publish(String name, String json) {
        // JSON from Jackson has no raw line breaks, so one data line carries it.
        String wire = "event: " + name + "\ndata: " + json + "\n\n";
        for (Subscription s : subscribers) {
            if (!s.queue.offer(wire)) {
                s.overflowed = true;
                s.close();
            }
        }
    }

    int size() {
        return subscribers.size();
    }
}
