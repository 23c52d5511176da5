package be.belfort.surge;

import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns CEP matches into the alert lifecycle open → update* → resolved, one open alert per key.
 *
 * <p>Input 1 is every {@link BucketCount} of the key (from {@link BucketCounter}); input 2 is, per CEP
 * match of "k consecutive buckets with count ≥ minCount", the newest bucket of that match. With the
 * skip-to-next strategy a continuing surge yields one match per further surge bucket, so:
 * <ul>
 *   <li>the first match opens an alert; its id hashes kind|topic|area|first bucket start, where the
 *       first bucket start is the matched bucket's start minus k-1 buckets;</li>
 *   <li>a match ending in the bucket right after the previous one is an {@code update} (same id);</li>
 *   <li>the first bucket after the last matched one that is not matched resolves the alert (its count,
 *       normally below the threshold, is reported), and all state of the key is cleared.</li>
 * </ul>
 *
 * <p>The two inputs travel different paths (CEP holds buckets back until the watermark passes), so their
 * arrival order says nothing. Decisions are therefore taken in event-time timers only: each relevant
 * bucket is parked until the watermark of both inputs has passed its timestamp
 * ({@link SurgeConfig#closesAt(long)} of its end), at which point everything up to it has arrived from
 * both sides. While an alert is open a timer always waits at the next bucket's close, so the alert is
 * resolved even if that bucket never shows up. Below-threshold buckets of keys without an open alert
 * are not parked once the watermark proves no match can still precede them, so quiet keys cost no
 * state here.
 */
public class AlertTracker extends KeyedCoProcessFunction<String, BucketCount, BucketCount, Alert> {

    private final SurgeConfig config;

    private transient ValueState<OpenSurge> surge;
    /** Buckets waiting for the watermark, by bucket start: matched (count ≥ minCount) or candidate resolvers. */
    private transient MapState<Long, BucketCount> parked;

    /** The open alert of one key (Flink POJO). */
    public static class OpenSurge {
        public String topic;
        public String area;
        /** Start of the surge's first bucket: window_start and part of the id. */
        public long surgeStart;
        /** End of the newest bucket covered by a match. */
        public long lastMatchedEnd;
        /** Carried to the resolution in case the resolving bucket never arrives. */
        public String rulesVersion;
    }

    public AlertTracker(SurgeConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        surge = getRuntimeContext().getState(new ValueStateDescriptor<>(
                "surge-open-alert", TypeInformation.of(OpenSurge.class)));
        parked = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "surge-parked-buckets", Types.LONG, TypeInformation.of(BucketCount.class)));
    }

    /** Every closed bucket of the key; only below-threshold ones can resolve an alert. */
    @Override
    public void processElement1(BucketCount bucket, Context ctx, Collector<Alert> out) throws Exception {
        if (bucket.count >= config.minCount()) {
            // A surge bucket: if it matters, CEP reports it on input 2.
            return;
        }
        boolean matchesUpToPreviousBucketSeen =
                ctx.timerService().currentWatermark() >= config.closesAt(bucket.bucketStart);
        if (surge.value() == null && matchesUpToPreviousBucketSeen) {
            // No alert open and none can open just before this bucket: it cannot resolve anything.
            return;
        }
        park(bucket, ctx);
    }

    /** The newest bucket of a CEP match. */
    @Override
    public void processElement2(BucketCount matchedBucket, Context ctx, Collector<Alert> out) throws Exception {
        park(matchedBucket, ctx);
    }

    private void park(BucketCount bucket, Context ctx) throws Exception {
        parked.put(bucket.bucketStart, bucket);
        ctx.timerService().registerEventTimeTimer(config.closesAt(bucket.bucketEnd));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        long end = config.bucketEndClosingAt(timestamp);
        long start = end - config.bucketMillis();
        BucketCount bucket = parked.get(start);
        if (bucket != null) {
            parked.remove(start);
        }
        OpenSurge open = surge.value();

        if (bucket != null && bucket.count >= config.minCount()) {
            // Timers fire in time order and an open alert always has a timer at the bucket after its
            // last match, so a match reaching here with an alert open is the contiguous next one.
            AlertStatus status = open == null ? AlertStatus.open : AlertStatus.update;
            if (open == null) {
                open = new OpenSurge();
                open.topic = bucket.topic;
                open.area = bucket.area;
                open.surgeStart = start - (config.consecutive() - 1) * config.bucketMillis();
            }
            open.lastMatchedEnd = end;
            open.rulesVersion = bucket.rulesVersion;
            surge.update(open);
            out.collect(SurgeAlerts.alert(status, open.surgeStart, bucket, config.minCount()));
            ctx.timerService().registerEventTimeTimer(config.closesAt(end + config.bucketMillis()));
        } else if (open != null && start == open.lastMatchedEnd) {
            // The bucket after the last match did not match. It is absent only if the counter never
            // emitted it, i.e. it held no hits.
            BucketCount resolving = bucket != null
                    ? bucket
                    : BucketCount.zero(open.topic, open.area, start, end, open.rulesVersion);
            out.collect(SurgeAlerts.alert(AlertStatus.resolved, open.surgeStart, resolving, config.minCount()));
            surge.clear();
        }
    }
}
