package be.belfort.surge;

import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Counts-only series ({@code timestamp,value} CSV, one row per bucket, e.g. NAB's tweet volumes)
 * through the same scoring, patterns and lifecycle as the monitor job
 * ({@link SurgeStage#fromBuckets}), on Flink. Each series is one key (topic = its file name, area
 * "series"); authors are unknown, so the distinct-author rule does not apply.
 *
 * <p>Deterministic: buckets go in time order from one source subtask with a watermark after every
 * bucket, and every decision downstream is taken in event-time timers.
 */
public final class SeriesReplay {

    public static final String AREA = "series";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private SeriesReplay() {}

    /** One series: its name and its buckets in time order. */
    public record Series(String name, List<BucketCount> buckets) {}

    /** One alert of a series, from its first {@code open} to its resolution (null while still open at the end). */
    public record SeriesAlert(String series, String id, String kind, Instant openedAt, List<Instant> reopenedAt,
                              Instant resolvedAt, long peakCount, double peakScore, String pattern) {}

    /**
     * Reads a series; timestamps ({@code yyyy-MM-dd HH:mm:ss}) are taken as UTC.
     *
     * @throws IllegalArgumentException naming {@code file:line} for the first bad row
     */
    public static Series read(Path csv, long bucketMillis) throws IOException {
        String name = csv.getFileName().toString().replaceFirst("\\.csv$", "");
        List<BucketCount> buckets = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (i == 0 && line.startsWith("timestamp"))) {
                continue;
            }
            String where = csv + ":" + (i + 1) + ": ";
            String[] parts = line.split(",");
            if (parts.length != 2) {
                throw new IllegalArgumentException(where + "expected 'timestamp,value'");
            }
            long start;
            long count;
            try {
                start = LocalDateTime.parse(parts[0].strip(), TIMESTAMP).toInstant(ZoneOffset.UTC).toEpochMilli();
                count = Math.round(Double.parseDouble(parts[1].strip()));
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new IllegalArgumentException(where + "expected 'yyyy-MM-dd HH:mm:ss,count'");
            }
            if (count < 0) {
                throw new IllegalArgumentException(where + "negative count " + count);
            }
            if (start <= previous) {
                throw new IllegalArgumentException(where + "timestamps must increase");
            }
            previous = start;
            BucketCount b = new BucketCount(name, AREA, start, start + bucketMillis, count, -1, List.of(), List.of(), null);
            buckets.add(b);
        }
        return new Series(name, buckets);
    }

    /** Runs the series through the surge stage on {@code env} and returns every alert record, in order. */
    public static List<Alert> run(StreamExecutionEnvironment env, List<Series> series, SurgeConfig config)
            throws Exception {
        List<BucketCount> all = new ArrayList<>();
        series.forEach(s -> all.addAll(s.buckets()));
        all.sort(Comparator.comparingLong((BucketCount b) -> b.bucketEnd).thenComparing(b -> b.topic));
        // A recorded series starts in the middle of its key's life: what came before is unknown, not
        // empty, so its first buckets are no new hotspot.
        SurgeConfig replay = all.isEmpty() ? config : config.withStreamStart(all.get(0).bucketStart);
        WatermarkStrategy<BucketCount> perBucket = WatermarkStrategy
                .<BucketCount>forGenerator(ctx -> new EveryRecord())
                .withTimestampAssigner((b, previous) -> replay.closesAt(b.bucketEnd));
        DataStream<BucketCount> buckets = env.fromData(all, TypeInformation.of(BucketCount.class))
                .setParallelism(1)
                .uid("series-source")
                .name("series rows")
                .assignTimestampsAndWatermarks(perBucket)
                .setParallelism(1)
                .uid("series-watermarks")
                .name("series watermarks per bucket");
        DataStream<Alert> alerts = SurgeStage.fromBuckets(buckets, replay, EventExpectations.NONE, Map.of());
        List<Alert> out = new ArrayList<>();
        try (CloseableIterator<Alert> it = alerts.executeAndCollect("belfort-surge-series")) {
            it.forEachRemaining(out::add);
        }
        out.sort(Comparator.comparing(Alert::getCreatedAt).thenComparing(Alert::getTopic));
        return out;
    }

    /** Folds alert records into one {@link SeriesAlert} per alert id, in order of opening. */
    public static List<SeriesAlert> episodes(List<Alert> records) {
        Map<String, List<Alert>> byId = new LinkedHashMap<>();
        for (Alert a : records) {
            byId.computeIfAbsent(a.getId(), id -> new ArrayList<>()).add(a);
        }
        List<SeriesAlert> out = new ArrayList<>();
        for (List<Alert> lifecycle : byId.values()) {
            Alert first = lifecycle.get(0);
            List<Instant> reopened = new ArrayList<>();
            Instant resolved = null;
            long peakCount = 0;
            double peakScore = Double.NEGATIVE_INFINITY;
            for (Alert a : lifecycle) {
                if (a.getStatus() == AlertStatus.open && a != first) {
                    reopened.add(a.getCreatedAt());
                }
                resolved = a.getStatus() == AlertStatus.resolved ? a.getCreatedAt() : null;
                if (a.getStatus() != AlertStatus.resolved) {
                    peakCount = Math.max(peakCount, a.getCount());
                    peakScore = Math.max(peakScore, a.getScore());
                }
            }
            out.add(new SeriesAlert(first.getTopic(), first.getId(), first.getKind(), first.getCreatedAt(), reopened,
                    resolved, peakCount, peakScore, first.getPattern()));
        }
        out.sort(Comparator.comparing(SeriesAlert::openedAt).thenComparing(SeriesAlert::series));
        return out;
    }

    /** A watermark right behind every bucket: input is in time order, so nothing is ever late. */
    private static final class EveryRecord implements WatermarkGenerator<BucketCount> {
        @Override
        public void onEvent(BucketCount bucket, long timestamp, WatermarkOutput output) {
            output.emitWatermark(new Watermark(timestamp - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }
}
