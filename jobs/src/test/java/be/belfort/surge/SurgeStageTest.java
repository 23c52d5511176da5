package be.belfort.surge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** How the surge stage is laid out in tasks: its operators on one key share one, without a network hop. */
class SurgeStageTest {

    @Test
    void theCounterScorerAndThePatternsOnItsKeyRunInOneTask() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        SurgeStage.apply(env.fromData(List.of(new TopicHit("brand", "gent", 0, "p", "u", List.of(), "r1")),
                                TypeInformation.of(TopicHit.class))
                        .assignTimestampsAndWatermarks(WatermarkStrategy.<TopicHit>forMonotonousTimestamps()
                                .withTimestampAssigner((hit, previous) -> hit.eventTime)),
                new SurgeConfig(Duration.ofMinutes(5), 3, 2, Duration.ofMinutes(30), Duration.ZERO),
                EventExpectations.NONE, Map.of("brand", Severity.high))
                .alerts().print();

        List<String> tasks = env.getStreamGraph().getJobGraph().getVerticesSortedTopologicallyFromSources().stream()
                .map(JobVertex::getName).toList();
        String counter = tasks.stream().filter(t -> t.startsWith("Surge: count hits per bucket")).findFirst().orElseThrow();
        for (String chained : List.of("Surge: score against the baseline", "Surge: surge pattern", "Surge: spike pattern")) {
            assertTrue(counter.contains(chained), chained + " runs in its own task: " + tasks);
        }
        // Tasks of their own: an escalation keyed by area (the default rules have one), and the lifecycle,
        // which joins two streams.
        assertEquals(List.of("Surge: escalation geluid-dan-geweld", "Surge: alert lifecycle"),
                tasks.stream().filter(t -> t.startsWith("Surge:") && !t.equals(counter))
                        .map(t -> t.split(" -> ")[0]).toList());
    }
}
