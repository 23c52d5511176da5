package be.belfort.cluster;

import be.belfort.ingest.AvroCodec;
import be.belfort.ingest.InvalidInputException;
import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an alerts topic against the alerts its input must produce, as the control room would notice:
 * an alert record that never arrived is <em>lost</em>, one that arrived more than once is
 * <em>duplicated</em>, one nobody expected is <em>unexpected</em>. After any fault the list of
 * {@link Report#violations() violations} must be empty.
 *
 * <p>A record is identified by (alert id, status, window end): one surge keeps its id from {@code open}
 * through its {@code update}s to {@code resolved}, one record per window.
 */
public final class AlertChecker {
    private AlertChecker() {}

    /** The identity of one alert record. */
    public record AlertKey(String id, AlertStatus status, Instant windowEnd) {
        public static AlertKey of(Alert a) {
            return new AlertKey(a.getId(), a.getStatus(), a.getWindowEnd());
        }

        @Override
        public String toString() {
            return id + " " + status + " @" + windowEnd;
        }
    }

    /**
     * What arrived compared with what was expected.
     *
     * @param received   records read
     * @param lost       expected, never arrived
     * @param duplicated arrived more than once, with the number of copies
     * @param unexpected arrived, not expected
     * @param unreadable records that are no Alert at all ({@code topic/partition/offset: reason})
     */
    public record Report(int received, List<AlertKey> lost, Map<AlertKey, Integer> duplicated, List<AlertKey> unexpected,
            List<String> unreadable) {
        public Report {
            lost = List.copyOf(lost);
            duplicated = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(duplicated));
            unexpected = List.copyOf(unexpected);
            unreadable = List.copyOf(unreadable);
        }

        /** One line per violation; empty when exactly the expected alerts arrived, each once. */
        public List<String> violations() {
            List<String> v = new ArrayList<>();
            lost.forEach(k -> v.add("lost: " + k));
            duplicated.forEach((k, n) -> v.add("duplicated (" + n + "x): " + k));
            unexpected.forEach(k -> v.add("unexpected: " + k));
            unreadable.forEach(r -> v.add("unreadable: " + r));
            return v;
        }

        @Override
        public String toString() {
            return received + " alert records: " + lost.size() + " lost, " + duplicated.size() + " duplicated, "
                    + unexpected.size() + " unexpected, " + unreadable.size() + " unreadable";
        }
    }

    /** Compares the records read with the expected ones (order does not matter, copies do). */
    public static Report compare(Collection<AlertKey> expected, Collection<Alert> received) {
        return compare(expected, received, List.of());
    }

    private static Report compare(Collection<AlertKey> expected, Collection<Alert> received, List<String> unreadable) {
        Map<AlertKey, Integer> copies = new LinkedHashMap<>();
        for (Alert a : received) copies.merge(AlertKey.of(a), 1, Integer::sum);
        Set<AlertKey> wanted = new LinkedHashSet<>(expected);
        Comparator<AlertKey> order = Comparator.comparing(AlertKey::windowEnd).thenComparing(AlertKey::id)
                .thenComparing(AlertKey::status);
        List<AlertKey> lost = wanted.stream().filter(k -> !copies.containsKey(k)).sorted(order).toList();
        List<AlertKey> unexpected = copies.keySet().stream().filter(k -> !wanted.contains(k)).sorted(order).toList();
        Map<AlertKey, Integer> duplicated = new LinkedHashMap<>();
        copies.entrySet().stream().filter(e -> e.getValue() > 1).sorted(Map.Entry.comparingByKey(order))
                .forEach(e -> duplicated.put(e.getKey(), e.getValue()));
        return new Report(received.size(), lost, duplicated, unexpected, unreadable);
    }

    /**
     * Reads {@code topic} with {@code read_committed} until at least as many records as expected have
     * arrived (or {@code timeout} passes), then {@code settle} longer, and compares.
     */
    public static Report check(String bootstrapServers, String topic, Collection<AlertKey> expected,
            Duration timeout, Duration settle) {
        List<Alert> received = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        CommittedRecords.read(bootstrapServers, topic, timeout, settle,
                () -> received.size() + unreadable.size() >= expected.size(), r -> {
                    try {
                        received.add(AvroCodec.decode(r.value(), Alert.class));
                    } catch (InvalidInputException e) {
                        unreadable.add(r.topic() + "/" + r.partition() + "/" + r.offset() + ": " + e.getMessage());
                    }
                });
        return compare(expected, received, unreadable);
    }
}
