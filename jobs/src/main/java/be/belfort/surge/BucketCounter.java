package be.belfort.surge;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Counts {@link TopicHit}s per key (topic|area) in epoch-aligned event-time buckets and emits one
 * {@link BucketCount} per closed bucket.
 *
 * <p>While a key is active (its latest hit is less than {@code quietAfter} before the next bucket's
 * start) every bucket is emitted, empty ones included, so that "consecutive BucketCounts" downstream
 * means "consecutive in time". Once a key has been quiet that long, all its state is cleared and no
 * timer is left behind; a later hit simply starts the key afresh.
 *
 * <p>Each bucket is emitted from an event-time timer at {@link SurgeConfig#closesAt(long)}, which also
 * becomes the record timestamp of the BucketCount. Hits whose bucket has already closed go, unchanged,
 * to the side output given to the constructor; they are never dropped silently. Hits behind the
 * watermark whose bucket is still open are counted normally.
 */
public class BucketCounter extends KeyedProcessFunction<String, TopicHit, BucketCount> {

    private final SurgeConfig config;
    private final OutputTag<TopicHit> lateTag;

    /** Open buckets of this key by bucket start; several can be open when hits arrive out of order. */
    private transient MapState<Long, BucketAggregate> openBuckets;
    private transient ValueState<KeyActivity> activity;

    /** Per-key bookkeeping that outlives single buckets (Flink POJO). */
    public static class KeyActivity {
        public String topic;
        public String area;
        /** Latest event time seen for this key. */
        public long lastHit;
        /** Rules version of the most recently processed hit, carried by zero buckets. */
        public String rulesVersion;
    }

    public BucketCounter(SurgeConfig config, OutputTag<TopicHit> lateTag) {
        this.config = config;
        this.lateTag = lateTag;
    }

    @Override
    public void open(OpenContext openContext) {
        openBuckets = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "surge-open-buckets", Types.LONG, TypeInformation.of(BucketAggregate.class)));
        activity = getRuntimeContext().getState(new ValueStateDescriptor<>(
                "surge-key-activity", TypeInformation.of(KeyActivity.class)));
    }

    @Override
    public void processElement(TopicHit hit, Context ctx, Collector<BucketCount> out) throws Exception {
        long eventTime = ctx.timestamp() != null ? ctx.timestamp() : hit.eventTime;
        long start = config.bucketStart(eventTime);
        long closesAt = config.closesAt(start + config.bucketMillis());
        if (closesAt <= ctx.timerService().currentWatermark()) {
            // The bucket's timer has fired (or would have): counting it now would change a bucket
            // that CEP has already seen.
            ctx.output(lateTag, hit);
            return;
        }

        BucketAggregate aggregate = openBuckets.get(start);
        if (aggregate == null) {
            aggregate = new BucketAggregate();
        }
        aggregate.add(eventTime, hit);
        openBuckets.put(start, aggregate);
        ctx.timerService().registerEventTimeTimer(closesAt);

        KeyActivity current = activity.value();
        if (current == null) {
            current = new KeyActivity();
            current.topic = hit.topic;
            current.area = hit.area;
            current.lastHit = eventTime;
        }
        current.lastHit = Math.max(current.lastHit, eventTime);
        if (hit.rulesVersion != null) {
            current.rulesVersion = hit.rulesVersion;
        }
        activity.update(current);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<BucketCount> out) throws Exception {
        KeyActivity current = activity.value();
        if (current == null) {
            // Cannot happen with this function's own timers (state and timers are dropped together);
            // tolerated rather than failing the job on an NPE.
            return;
        }
        long end = config.bucketEndClosingAt(timestamp);
        long start = end - config.bucketMillis();

        BucketAggregate aggregate = openBuckets.get(start);
        if (aggregate == null) {
            out.collect(BucketCount.zero(current.topic, current.area, start, end, current.rulesVersion));
        } else {
            openBuckets.remove(start);
            BucketCount closed = aggregate.toBucketCount(current.topic, current.area, start, end);
            if (closed.rulesVersion == null) {
                closed.rulesVersion = current.rulesVersion;
            }
            out.collect(closed);
        }

        if (end < current.lastHit + config.quietAfter().toMillis()) {
            // Still active: make sure the next bucket is emitted even if it stays empty.
            ctx.timerService().registerEventTimeTimer(config.closesAt(end + config.bucketMillis()));
        } else {
            // Quiet for quietAfter. Every hit so far is older than `end` (lastHit < end), so every
            // bucket holding one has been emitted by now and no other timer of this key is pending.
            openBuckets.clear();
            activity.clear();
        }
    }
}
