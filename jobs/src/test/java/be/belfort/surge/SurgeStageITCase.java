package be.belfort.surge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import be.belfort.schema.Alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole surge stage (counter → CEP → tracker) on a MiniCluster, fed a scripted hit sequence. */
class SurgeStageITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    private static final long BASE = Instant.parse("2026-07-20T21:00:00Z").toEpochMilli();
    private static final long BUCKET = Duration.ofMinutes(5).toMillis();
    /** 5 minute buckets, threshold 3, 2 in a row, quiet after 30 minutes. */
    private static final SurgeConfig CONFIG =
            new SurgeConfig(Duration.ofMinutes(5), 3, 2, Duration.ofMinutes(30), Duration.ZERO);

    private static StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        // Every record and state type must have a real serializer: fail instead of falling back to Kryo.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        return env;
    }

    /** {@code n} hits spread over bucket {@code bucket} (relative to BASE) of topic|area. */
    private static void hits(List<TopicHit> into, String topic, String area, int bucket, int n) {
        for (int i = 0; i < n; i++) {
            long time = BASE + bucket * BUCKET + (i + 1) * 10_000L;
            into.add(new TopicHit(topic, area, time, topic + "-" + bucket + "-" + i, "u_" + i,
                    List.of("rook"), "r1"));
        }
    }

    private static DataStream<TopicHit> source(StreamExecutionEnvironment env, List<TopicHit> hits,
                                               WatermarkStrategy<TopicHit> watermarks) {
        return env.fromData(hits, TypeInformation.of(TopicHit.class))
                .assignTimestampsAndWatermarks(watermarks.withTimestampAssigner((hit, previous) -> hit.eventTime));
    }

    private static <T> List<T> collect(DataStream<T> stream) throws Exception {
        List<T> out = new ArrayList<>();
        try (CloseableIterator<T> it = stream.executeAndCollect("surge-itcase")) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void surgeOfThreeBucketsOpensUpdatesAndResolvesOneAlert_aOneBucketSpikeDoesNothing() throws Exception {
        List<TopicHit> script = new ArrayList<>();
        // brand|binnenstad: quiet background, three surge buckets, quiet again.
        int[] brandPerBucket = {1, 2, 4, 5, 6, 1};
        for (int b = 0; b < brandPerBucket.length; b++) {
            hits(script, "brand", "binnenstad", b, brandPerBucket[b]);
        }
        // geluid|ledeberg: a single spike bucket, shorter than k.
        hits(script, "geluid", "ledeberg", 1, 1);
        hits(script, "geluid", "ledeberg", 3, 10);
        script.sort((a, b) -> Long.compare(a.eventTime, b.eventTime));

        StreamExecutionEnvironment env = environment();
        SurgeStage.SurgeResult result = SurgeStage.apply(
                source(env, script, WatermarkStrategy.forMonotonousTimestamps()), CONFIG,
                EventExpectations.NONE, java.util.Map.of());
        List<Alert> alerts = collect(result.alerts());

        assertEquals(List.of("brand|binnenstad open 5", "brand|binnenstad update 6", "brand|binnenstad resolved 1"),
                alerts.stream().map(a -> a.getTopic() + "|" + a.getArea() + " " + a.getStatus() + " " + a.getCount())
                        .toList());
        // brand|binnenstad has no history (warm-up): the new-hotspot rule is what fires.
        String id = SurgeAlerts.alertId("hotspot", "brand", "binnenstad", BASE + 2 * BUCKET);
        assertEquals(List.of(id, id, id), alerts.stream().map(Alert::getId).toList());
        assertEquals(List.of(4L, 5L, 6L).stream().map(b -> Instant.ofEpochMilli(BASE + b * BUCKET)).toList(),
                alerts.stream().map(Alert::getWindowEnd).toList());
        assertEquals(List.of("brand-3-0", "brand-3-1", "brand-3-2", "brand-3-3", "brand-3-4"),
                alerts.get(0).getEvidencePostIds());
    }

    @Test
    void hitsForAnAlreadyEmittedBucketComeOutOfTheLateStream() throws Exception {
        TopicHit onTime = new TopicHit("brand", "gent", BASE + 10_000, "p1", "u_a", List.of(), "r1");
        TopicHit next = new TopicHit("brand", "gent", BASE + BUCKET + 10_000, "p2", "u_b", List.of(), "r1");
        TopicHit late = new TopicHit("brand", "gent", BASE + 20_000, "p3", "u_c", List.of(), "r1");

        StreamExecutionEnvironment env = environment();
        // Monotonous watermarks emitted with every hit rather than periodically, so that exactly the
        // third hit is behind a closed bucket regardless of scheduling.
        WatermarkStrategy<TopicHit> perHit = WatermarkStrategy.forGenerator(ctx -> new PerHitWatermarks());
        SurgeStage.SurgeResult result = SurgeStage.apply(source(env, List.of(onTime, next, late), perHit), CONFIG,
                EventExpectations.NONE, java.util.Map.of());

        assertEquals(List.of(late), collect(result.late()));
    }

    /** Monotonous watermarks emitted with every hit (not periodically), for deterministic lateness. */
    private static final class PerHitWatermarks implements WatermarkGenerator<TopicHit> {
        private long maxTimestamp = Long.MIN_VALUE;

        @Override
        public void onEvent(TopicHit hit, long timestamp, WatermarkOutput output) {
            maxTimestamp = Math.max(maxTimestamp, timestamp);
            output.emitWatermark(new Watermark(maxTimestamp - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }
}
