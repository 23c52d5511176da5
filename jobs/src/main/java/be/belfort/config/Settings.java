package be.belfort.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Flat key/value settings read exactly once into typed values. Every read marks its key as known, so
 * that after the typed configuration is built, {@link #finish()} can reject keys nobody asked for
 * (a misspelt key silently falling back to a default is how control rooms miss alerts).
 */
public final class Settings {
    private final Map<String, String> values;
    private final Set<String> known = new TreeSet<>();
    private final List<String> problems = new ArrayList<>();

    public Settings(Map<String, String> values) {
        this.values = new LinkedHashMap<>(values);
    }

    /** Reads a Java properties file; later {@code overrides} win. */
    public static Settings fromFile(Path file, Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException(List.of("cannot read configuration file " + file + ": " + e.getMessage()));
            }
            p.stringPropertyNames().forEach(k -> all.put(k, p.getProperty(k).trim()));
        }
        all.putAll(overrides);
        return new Settings(all);
    }

    public String string(String key, String fallback) {
        known.add(key);
        String v = values.get(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    public int integer(String key, int fallback, int min, int max) {
        return parse(key, fallback, s -> {
            int v = Integer.parseInt(s);
            if (v < min || v > max) throw new IllegalArgumentException("must be between " + min + " and " + max);
            return v;
        });
    }

    public Duration duration(String key, Duration fallback, Duration min) {
        return parse(key, fallback, s -> {
            Duration d = Durations.parse(s);
            if (d.compareTo(min) < 0) throw new IllegalArgumentException("must be at least " + Durations.format(min));
            return d;
        });
    }

    /** A duration where "none" (or "0") means no limit, returned as null. */
    public Duration optionalDuration(String key, Duration fallback) {
        return parse(key, fallback, s -> s.equalsIgnoreCase("none") || s.equals("0") ? null : Durations.parse(s));
    }

    public <E extends Enum<E>> E choice(String key, E fallback) {
        Class<E> type = fallback.getDeclaringClass();
        return parse(key, fallback, s -> {
            try {
                return Enum.valueOf(type, s.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                List<String> names = new ArrayList<>();
                for (E c : type.getEnumConstants()) names.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
                throw new IllegalArgumentException("must be one of " + String.join(", ", names));
            }
        });
    }

    private <T> T parse(String key, T fallback, Function<String, T> parser) {
        known.add(key);
        String v = values.get(key);
        if (v == null || v.isBlank()) return fallback;
        try {
            return parser.apply(v.trim());
        } catch (RuntimeException e) {
            problems.add(key + " = '" + v + "': " + e.getMessage());
            return fallback;
        }
    }

    /** Records a problem found while combining values (e.g. one setting contradicting another). */
    public void problem(String message) {
        problems.add(message);
    }

    /** Fails with every problem found: bad values and keys that no part of the configuration reads. */
    public void finish() {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                problems.add("unknown setting '" + key + "'" + suggestion(key));
            }
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
    }

    private String suggestion(String key) {
        String best = null;
        int bestDistance = 4;
        for (String k : known) {
            int d = distance(key, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best == null ? " (known: " + String.join(", ", known) + ")" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
