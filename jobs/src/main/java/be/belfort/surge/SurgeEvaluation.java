package be.belfort.surge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores alert times against labelled anomaly windows the way NAB-style comparisons count them: a
 * window is detected when any alert falls in it (delay = first such alert minus window start); alerts
 * outside every window are false alarms, those within {@link #EPISODE_GAP} of each other one episode.
 * Also holds the reference detector the results are printed next to. Plain code, no Flink.
 */
public final class SurgeEvaluation {

    /** Alerts closer than this are one episode. */
    public static final Duration EPISODE_GAP = Duration.ofMinutes(60);
    private static final DateTimeFormatter WINDOW_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private SurgeEvaluation() {}

    /** A labelled anomaly window, inclusive at both ends. */
    public record Window(Instant start, Instant end) {
        boolean contains(Instant t) {
            return !t.isBefore(start) && !t.isAfter(end);
        }
    }

    /** What one detector achieved on one series. */
    public record Result(int windows, int detected, List<Duration> delays, int falseAlarmEpisodes) {

        public static Result sum(List<Result> results) {
            List<Duration> delays = new ArrayList<>();
            int windows = 0;
            int detected = 0;
            int falseAlarms = 0;
            for (Result r : results) {
                windows += r.windows;
                detected += r.detected;
                falseAlarms += r.falseAlarmEpisodes;
                delays.addAll(r.delays);
            }
            return new Result(windows, detected, delays, falseAlarms);
        }

        /** Median delay, or empty when nothing was detected. */
        public Optional<Duration> medianDelay() {
            if (delays.isEmpty()) {
                return Optional.empty();
            }
            List<Duration> sorted = delays.stream().sorted().toList();
            return Optional.of(sorted.get((sorted.size() - 1) / 2));
        }
    }

    /**
     * Reads NAB's windows file ({@code {"realTweets/Twitter_volume_AAPL.csv": [["start", "end"], ...]}}),
     * keyed by the file name without folder and {@code .csv} (as {@link SeriesReplay} names series).
     */
    public static Map<String, List<Window>> readWindows(Path json) throws IOException {
        JsonNode root = JsonMapper.builder().build().readTree(json.toFile());
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(json + ": expected a JSON object of series to windows");
        }
        Map<String, List<Window>> out = new java.util.TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = Path.of(e.getKey()).getFileName().toString().replaceFirst("\\.csv$", "");
            List<Window> windows = new ArrayList<>();
            for (JsonNode pair : e.getValue()) {
                if (!pair.isArray() || pair.size() != 2) {
                    throw new IllegalArgumentException(json + ": window of " + e.getKey() + " is not [start, end]");
                }
                windows.add(new Window(time(pair.get(0).asText()), time(pair.get(1).asText())));
            }
            out.put(name, windows);
        }
        return out;
    }

    private static Instant time(String text) {
        return LocalDateTime.parse(text.strip(), WINDOW_TIME).toInstant(ZoneOffset.UTC);
    }

    /** Scores alert times (any order) against the windows of one series. */
    public static Result score(List<Instant> alerts, List<Window> windows) {
        List<Instant> sorted = alerts.stream().sorted().toList();
        List<Duration> delays = new ArrayList<>();
        for (Window w : windows) {
            sorted.stream().filter(w::contains).findFirst()
                    .ifPresent(first -> delays.add(Duration.between(w.start(), first)));
        }
        int episodes = 0;
        Instant last = null;
        for (Instant t : sorted) {
            if (windows.stream().anyMatch(w -> w.contains(t))) {
                continue;
            }
            if (last == null || Duration.between(last, t).compareTo(EPISODE_GAP) > 0) {
                episodes++;
            }
            last = t;
        }
        return new Result(windows.size(), delays.size(), delays, episodes);
    }

    /**
     * The reference: TwitInfo's peak detector (Marcus et al., CHI 2011) as the issue specifies it: EWMA
     * of the mean and of the mean deviation with alpha 0.125, a bucket is a peak when
     * {@code (x - mean) / meandev > 2}. Every peak bucket is an alert, at the bucket's end like ours.
     */
    public static List<Instant> twitInfoPeaks(List<BucketCount> buckets) {
        final double alpha = 0.125;
        final double tau = 2;
        List<Instant> peaks = new ArrayList<>();
        double mean = Double.NaN;
        double meanDev = 0;
        for (BucketCount b : buckets) {
            double x = b.count;
            if (Double.isNaN(mean)) {
                mean = x;
                continue;
            }
            if (meanDev > 0 && (x - mean) / meanDev > tau) {
                peaks.add(Instant.ofEpochMilli(b.bucketEnd));
            }
            meanDev = alpha * Math.abs(x - mean) + (1 - alpha) * meanDev;
            mean = alpha * x + (1 - alpha) * mean;
        }
        return peaks;
    }
}
