package be.belfort.surge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.Alert;
import be.belfort.schema.Severity;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A scripted Ghent evening through the whole surge stage on a MiniCluster, 1 minute buckets:
 * <ul>
 *   <li>minutes 0-59: quiet background, drukte|binnenstad 3 posts a minute (warm-up is 30 minutes);</li>
 *   <li>from minute 40 the Gentse Feesten are on (expected 20 drukte a minute) and drukte jumps to 20;</li>
 *   <li>minutes 50-52: a fight, geweld|binnenstad 8 posts a minute from different people;</li>
 *   <li>a late burst: 4 drukte posts for minute 45 arrive after minute 58 was already closed.</li>
 * </ul>
 * Expected: exactly one alert, the fight (new hotspot: geweld has no history there), open → update →
 * resolved; the busy event is no alert; the late burst comes out of the late stream, not lost. Without
 * the event expectation the crowd itself would have been an alert.
 */
class SurgeEveningITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final long BASE = Instant.parse("2026-07-20T20:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final SurgeRules RULES = new SurgeRules(5, 3, 0.1, SurgeRules.Season.NONE, ZoneOffset.UTC,
            Duration.ofMinutes(30), 3, Duration.ofDays(1), 4, 2, Duration.ofMinutes(10), 5, 8, true, Duration.ofHours(1), 1.5, 2, 1,
            Duration.ofMinutes(30), List.of(), List.of());
    private static final SurgeConfig CONFIG =
            new SurgeConfig(Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ZERO, RULES);
    private static final EventExpectations FEESTEN = (topic, area, start) ->
            topic.equals("drukte") && start >= BASE + 40 * MINUTE ? OptionalDouble.of(20) : OptionalDouble.empty();

    private static List<TopicHit> evening() {
        List<TopicHit> hits = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            int n = m < 40 ? 3 : 20;
            for (int i = 0; i < n; i++) {
                hits.add(hit("drukte", m, i, "druk-" + m + "-" + i, "u_" + (i % 7), "Druk aan de Korenmarkt"));
            }
        }
        for (int m = 50; m < 53; m++) {
            for (int i = 0; i < 8; i++) {
                hits.add(hit("geweld", m, i, "fight-" + m + "-" + i, "u_w" + m + i,
                        "Vechtpartij op de Korenmarkt, @jan_gent83 filmt"));
            }
        }
        hits.sort(Comparator.comparingLong(h -> h.eventTime));
        for (int i = 0; i < 4; i++) {
            hits.add(hit("drukte", 45, i, "late-" + i, "u_l" + i, "nog steeds druk"));
        }
        return hits;
    }

    private static TopicHit hit(String topic, int minute, int i, String id, String author, String text) {
        long t = BASE + minute * MINUTE + 1_000L + i * 2_000L;
        return new TopicHit(topic, "binnenstad", t, id, author, List.of(topic.equals("geweld") ? "vechtpartij" : "druk"), "r1")
                .withText(text);
    }

    private record Run(List<Alert> alerts, List<TopicHit> late) {}

    private static Run run(EventExpectations events) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<TopicHit> hits = env.fromData(evening(), TypeInformation.of(TopicHit.class)).setParallelism(1)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<TopicHit>forGenerator(ctx -> new PerHit())
                        .withTimestampAssigner((h, p) -> h.eventTime)).setParallelism(1);
        SurgeStage.SurgeResult result = SurgeStage.apply(hits, CONFIG, events, Map.of("geweld", Severity.high));
        List<Alert> alerts = new ArrayList<>();
        List<TopicHit> late = new ArrayList<>();
        DataStream.Collector<Alert> alertSink = new DataStream.Collector<>();
        DataStream.Collector<TopicHit> lateSink = new DataStream.Collector<>();
        result.alerts().collectAsync(alertSink);
        result.late().collectAsync(lateSink);
        env.execute("surge-evening");
        try (CloseableIterator<Alert> a = alertSink.getOutput(); CloseableIterator<TopicHit> l = lateSink.getOutput()) {
            a.forEachRemaining(alerts::add);
            l.forEachRemaining(late::add);
        }
        alerts.sort(Comparator.comparing(Alert::getCreatedAt));
        return new Run(alerts, late);
    }

    @Test
    void theFightIsTheOnlyAlertAndTheLateBurstIsNotLost() throws Exception {
        Run run = run(FEESTEN);

        assertEquals(List.of("hotspot geweld open 8 @51", "hotspot geweld update 8 @52", "hotspot geweld resolved 0 @53"),
                run.alerts().stream().map(a -> a.getKind() + " " + a.getTopic() + " " + a.getStatus() + " "
                        + a.getCount() + " @" + (a.getWindowEnd().toEpochMilli() - BASE - MINUTE) / MINUTE).toList());
        Alert open = run.alerts().get(0);
        assertEquals(1, run.alerts().stream().map(Alert::getId).distinct().count());
        assertEquals(Instant.ofEpochMilli(BASE + 50 * MINUTE), open.getWindowStart());
        assertEquals(8, open.getDistinctAuthors());
        assertEquals(8, open.getEvidence().size());
        assertEquals("fight-51-0", open.getEvidence().get(0).getPostId());
        assertEquals("Vechtpartij op de Korenmarkt, @user filmt", open.getEvidence().get(0).getText());
        assertEquals(List.of("vechtpartij"), open.getTopTerms());
        assertTrue(open.getPattern().startsWith("new hotspot"), open.getPattern());
        assertEquals(RULES.version(), open.getDetectorVersion());
        assertEquals("r1", open.getRulesVersion());

        assertEquals(List.of("late-0", "late-1", "late-2", "late-3"), run.late().stream().map(h -> h.postId).sorted().toList());
    }

    @Test
    void withoutTheEventTheCrowdItselfWouldHaveBeenAnAlert() throws Exception {
        List<String> alerts = run(EventExpectations.NONE).alerts().stream()
                .filter(a -> a.getStatus() == be.belfort.schema.AlertStatus.open)
                .map(a -> a.getKind() + " " + a.getTopic()).toList();
        assertTrue(alerts.contains("surge drukte") || alerts.contains("spike drukte"), alerts.toString());
    }

    /** Watermark after every hit, so the late burst is deterministically late. */
    private static final class PerHit implements WatermarkGenerator<TopicHit> {
        private long max = Long.MIN_VALUE;

        @Override
        public void onEvent(TopicHit hit, long timestamp, WatermarkOutput output) {
            max = Math.max(max, timestamp);
            output.emitWatermark(new Watermark(max - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }
}
