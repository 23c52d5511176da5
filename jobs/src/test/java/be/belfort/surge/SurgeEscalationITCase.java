package be.belfort.surge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped escalations ({@link SurgeRules#defaults()}, the same as rules/surge.yaml) end to end through
 * the whole surge stage on a MiniCluster: hits → counter → baseline → the CEP escalation operators → the
 * alert lifecycle. 5 minute buckets, minimum 3 posts from 3 authors.
 */
class SurgeEscalationITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final long BASE = Instant.parse("2026-07-20T20:00:00Z").toEpochMilli();
    private static final long BUCKET = Duration.ofMinutes(5).toMillis();
    private static final SurgeConfig CONFIG = new SurgeConfig(Duration.ofMinutes(5), 3, 2, Duration.ofMinutes(30), Duration.ZERO)
            .withRules(SurgeRules.defaults().withMinCount(3));

    /** {@code n} hits from different people in bucket {@code bucket} of topic|area. */
    private static void hits(List<TopicHit> into, String topic, String area, int bucket, int n) {
        for (int i = 0; i < n; i++) {
            into.add(new TopicHit(topic, area, BASE + bucket * BUCKET + (i + 1) * 10_000L,
                    topic + "-" + area + "-" + bucket + "-" + i, "u_" + topic + bucket + "_" + i, List.of(topic), "r1"));
        }
    }

    private static List<String> escalations(List<TopicHit> script, EventExpectations events) throws Exception {
        script.sort(Comparator.comparingLong(h -> h.eventTime));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        SurgeStage.SurgeResult result = SurgeStage.apply(
                env.fromData(script, TypeInformation.of(TopicHit.class)).setParallelism(1)
                        .assignTimestampsAndWatermarks(WatermarkStrategy.<TopicHit>forMonotonousTimestamps()
                                .withTimestampAssigner((h, previous) -> h.eventTime)).setParallelism(1),
                CONFIG, events, Map.of());
        List<Alert> alerts = new ArrayList<>();
        try (CloseableIterator<Alert> it = result.alerts().executeAndCollect("surge-escalations")) {
            it.forEachRemaining(alerts::add);
        }
        return alerts.stream()
                .filter(a -> a.getKind().equals(PatternMatch.ESCALATION) && a.getStatus() == AlertStatus.open)
                .sorted(Comparator.comparing(Alert::getCreatedAt))
                .map(a -> a.getTopic() + "|" + a.getArea() + " @" + (a.getWindowEnd().toEpochMilli() - BASE) / BUCKET)
                .toList();
    }

    @Test
    void noiseThenViolenceInTheSameWijkWithinHalfAnHourEscalates() throws Exception {
        List<TopicHit> script = new ArrayList<>();
        hits(script, "geluid", "sluizeken", 1, 5);
        hits(script, "geweld", "sluizeken", 4, 6);      // 15 minutes later, same wijk: escalation
        hits(script, "geluid", "ledeberg", 1, 5);
        hits(script, "geweld", "brugse-poort", 3, 6);   // another wijk: none
        hits(script, "geluid", "muide", 1, 5);
        hits(script, "geweld", "muide", 9, 6);          // 40 minutes later: too late
        List<String> escalated = escalations(script, EventExpectations.NONE);

        assertEquals(List.of("geluid-dan-geweld|sluizeken @5"), escalated);
    }

    @Test
    void crowdingRisingBucketAfterBucketDuringAnEventEscalates() throws Exception {
        List<TopicHit> script = new ArrayList<>();
        int[] drukte = {2, 4, 6, 9, 9, 3};
        for (int b = 0; b < drukte.length; b++) {
            hits(script, "drukte", "binnenstad", b, drukte[b]);
            hits(script, "drukte", "gentbrugge", b, drukte[b]);  // the same rise, no event there
        }
        EventExpectations feesten = (topic, area, start) ->
                topic.equals("drukte") && area.equals("binnenstad") ? OptionalDouble.of(8) : OptionalDouble.empty();
        List<String> escalated = escalations(script, feesten);

        // 4, 6, 9: three buckets rising at or above the minimum, the third ending at bucket 4.
        assertEquals(List.of("drukte-stijgt-tijdens-event|binnenstad @4"), escalated);
        assertTrue(escalations(script, EventExpectations.NONE).isEmpty(), "no event, no escalation");
    }
}
