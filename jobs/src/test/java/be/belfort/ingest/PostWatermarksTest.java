package be.belfort.ingest;

import static be.belfort.ingest.TestPosts.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

class PostWatermarksTest {
    private static final Instant T0 = Instant.parse("2026-07-20T21:00:00Z");
    private final ManualClock clock = new ManualClock(1_000_000);
    private final WatermarkStrategy<Ingested> strategy =
            PostWatermarks.strategy(Duration.ofSeconds(10), Duration.ofMinutes(1));
    private final WatermarkGenerator<Ingested> generator =
            strategy.createWatermarkGenerator(new WatermarkGeneratorSupplier.Context() {
                @Override
                public MetricGroup getMetricGroup() {
                    return new UnregisteredMetricsGroup();
                }

                @Override
                public RelativeClock getInputActivityClock() {
                    return clock;
                }
            });
    private final TimestampAssigner<Ingested> assigner =
            strategy.createTimestampAssigner(new TimestampAssignerSupplier.Context() {
                @Override
                public MetricGroup getMetricGroup() {
                    return new UnregisteredMetricsGroup();
                }
            });
    private final Output output = new Output();

    /** Records what the generator emits: watermarks as their timestamp, idleness as events. */
    private static final class Output implements WatermarkOutput {
        final List<String> events = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            events.add(Long.toString(watermark.getTimestamp()));
        }

        @Override
        public void markIdle() {
            events.add("idle");
        }

        @Override
        public void markActive() {
            events.add("active");
        }

        String last() {
            return events.get(events.size() - 1);
        }
    }

    private static Ingested accepted(Instant createdAt) {
        Post p = post("1");
        p.setCreatedAt(createdAt);
        return Ingested.accepted(p);
    }

    private static Ingested rejected() {
        return Ingested.rejected(new RejectedRecord("s", ByteBuffer.allocate(0), "bad", T0));
    }

    private void onEvent(Ingested record, long existingTimestamp) {
        generator.onEvent(record, assigner.extractTimestamp(record, existingTimestamp), output);
    }

    private static String wm(Instant maxSeen) {
        return Long.toString(maxSeen.toEpochMilli() - 10_000 - 1);
    }

    @Test
    void timestampsComeFromCreatedAtOrStayAsTheyWere() {
        assertEquals(T0.toEpochMilli(), assigner.extractTimestamp(accepted(T0), 42));
        assertEquals(42, assigner.extractTimestamp(rejected(), 42));
        assertEquals(Long.MIN_VALUE,
                assigner.extractTimestamp(rejected(), TimestampAssigner.NO_TIMESTAMP));
    }

    @Test
    void watermarkTrailsTheNewestAcceptedPost() {
        generator.onPeriodicEmit(output);
        assertEquals(Long.toString(Long.MIN_VALUE), output.last());

        onEvent(accepted(T0.plusSeconds(60)), 0);
        onEvent(accepted(T0), 0);
        generator.onPeriodicEmit(output);
        assertEquals(wm(T0.plusSeconds(60)), output.last());
    }

    @Test
    void rejectedRecordsNeverAdvanceTheWatermark() {
        onEvent(accepted(T0), 0);
        onEvent(rejected(), T0.plusSeconds(3600).toEpochMilli());
        generator.onPeriodicEmit(output);
        assertEquals(wm(T0), output.last());
    }

    @Test
    void inputWithOnlyRejectsTurnsIdleAndRecovers() {
        onEvent(accepted(T0), 0);
        generator.onPeriodicEmit(output);
        clock.advanceTime(Duration.ofSeconds(30));
        onEvent(rejected(), 0);
        generator.onPeriodicEmit(output);
        assertEquals(wm(T0), output.last());

        clock.advanceTime(Duration.ofSeconds(31));
        onEvent(rejected(), 0);
        generator.onPeriodicEmit(output);
        generator.onPeriodicEmit(output);
        assertEquals(List.of(wm(T0), wm(T0), "idle"), output.events);

        onEvent(accepted(T0.plusSeconds(5)), 0);
        generator.onPeriodicEmit(output);
        assertEquals(List.of(wm(T0), wm(T0), "idle", "active", wm(T0.plusSeconds(5))),
                output.events);
    }

    @Test
    void validatesDurations() {
        assertThrows(IllegalArgumentException.class,
                () -> PostWatermarks.strategy(Duration.ofSeconds(-1), Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class,
                () -> PostWatermarks.strategy(Duration.ofSeconds(1), Duration.ZERO));
    }
}
