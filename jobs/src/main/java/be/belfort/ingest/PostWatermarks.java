package be.belfort.ingest;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Event time for ingested posts: the timestamp is the post's created_at; rejected records keep
 * whatever timestamp they already carry (the Kafka timestamp, or none) and never move the
 * watermark.
 *
 * <p>Idleness is built in rather than added with {@code WatermarkStrategy.withIdleness}: Flink's
 * wrapper counts every record as activity, so a partition that only delivers garbage would never
 * turn idle and would hold back event time for the whole job. Here only accepted posts count.
 */
public final class PostWatermarks {
    private PostWatermarks() {}

    /**
     * Bounded-out-of-orderness watermarks over accepted posts.
     *
     * @param outOfOrderness how late a post may arrive behind the newest one and still be on time
     * @param idleness how long without accepted posts before an input is marked idle
     */
    public static WatermarkStrategy<Ingested> strategy(Duration outOfOrderness,
            Duration idleness) {
        if (outOfOrderness.isNegative()) {
            throw new IllegalArgumentException("outOfOrderness must not be negative");
        }
        if (idleness.isNegative() || idleness.isZero()) {
            throw new IllegalArgumentException("idleness must be positive");
        }
        long delayMillis = outOfOrderness.toMillis();
        long idleMillis = idleness.toMillis();
        return WatermarkStrategy.<Ingested>forGenerator(context -> new AcceptedPostWatermarks(
                        delayMillis, idleMillis, context.getInputActivityClock()))
                .withTimestampAssigner((record, existing) -> record.isRejected()
                        ? existing : record.post.getCreatedAt().toEpochMilli());
    }

    /**
     * Emits {@code max created_at - outOfOrderness - 1} periodically, or marks the input idle
     * when no accepted post arrived for the idle timeout (measured on Flink's input-activity
     * clock, which does not run while the source is blocked by backpressure).
     */
    static final class AcceptedPostWatermarks implements WatermarkGenerator<Ingested> {
        private final long delayMillis;
        private final long idleMillis;
        private final RelativeClock clock;
        private long maxTimestamp;
        private boolean acceptedSinceLastEmit;
        private long quietSince;
        private boolean idle;

        AcceptedPostWatermarks(long delayMillis, long idleMillis, RelativeClock clock) {
            this.delayMillis = delayMillis;
            this.idleMillis = idleMillis;
            this.clock = clock;
            // So that the first watermark is Long.MIN_VALUE without overflowing.
            this.maxTimestamp = Long.MIN_VALUE + delayMillis + 1;
            this.quietSince = clock.relativeTimeMillis();
        }

        @Override
        public void onEvent(Ingested event, long eventTimestamp, WatermarkOutput output) {
            if (!event.isRejected() && eventTimestamp != TimestampAssigner.NO_TIMESTAMP) {
                maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
                acceptedSinceLastEmit = true;
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            long now = clock.relativeTimeMillis();
            if (acceptedSinceLastEmit) {
                acceptedSinceLastEmit = false;
                quietSince = now;
            } else if (now - quietSince >= idleMillis) {
                if (!idle) {
                    idle = true;
                    output.markIdle();
                }
                return;
            }
            if (idle) {
                idle = false;
                output.markActive();
            }
            output.emitWatermark(new Watermark(maxTimestamp - delayMillis - 1));
        }
    }
}
