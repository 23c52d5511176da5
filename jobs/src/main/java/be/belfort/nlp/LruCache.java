package be.belfort.nlp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded least-recently-used memo for per-word analysis results, which repeat heavily in a
 * stream of posts. Not thread-safe, like the analysers that own one.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class LruCache<K, V> {
    private final Map<K, V> map;

    /** @param capacity entries kept; the least recently used one goes first */
    public LruCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.map = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached value for {@code key}, computing and remembering it when absent. */
    public V get(K key, Function<K, V> compute) {
        V value = map.get(key);
        if (value == null) {
            value = compute.apply(key);
            map.put(key, value);
        }
        return value;
    }
}
