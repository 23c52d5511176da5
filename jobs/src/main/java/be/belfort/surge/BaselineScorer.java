package be.belfort.surge;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Scores every closed bucket of a key against the key's {@link Baseline} (or an active event's
 * expectation) and learns from it. Buckets of one key arrive in time order (they are emitted by
 * event-time timers), which the EWMA relies on.
 *
 * <p>The baseline outlives the counter's short-lived per-bucket state by design (it is the key's
 * history), but not forever: {@link SurgeRules#forgetAfter()} after the key's latest bucket an
 * event-time timer drops it, so keys that went quiet cost nothing.
 */
public class BaselineScorer extends KeyedProcessFunction<String, BucketCount, ScoredBucket> {

    private final SurgeConfig config;
    private final EventExpectations events;

    private transient ValueState<Baseline> baseline;

    public BaselineScorer(SurgeConfig config, EventExpectations events) {
        this.config = config;
        this.events = events;
    }

    @Override
    public void open(OpenContext openContext) {
        baseline = getRuntimeContext().getState(new ValueStateDescriptor<>(
                "surge-baseline", TypeInformation.of(Baseline.class)));
    }

    @Override
    public void processElement(BucketCount bucket, Context ctx, Collector<ScoredBucket> out) throws Exception {
        Baseline current = baseline.value();
        if (current == null) {
            current = Baseline.create(config.rules().season());
        }
        Baseline.Score score = current.observe(bucket.bucketStart, bucket.count, bucket.distinctAuthors,
                events.expected(bucket.topic, bucket.area, bucket.bucketStart), config);
        baseline.update(current);
        // One pending timer per key at most: an older deadline re-arms itself in onTimer.
        if (current.observations == 1) {
            ctx.timerService().registerEventTimeTimer(forgetAt(current));
        }
        out.collect(new ScoredBucket(bucket, score));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScoredBucket> out) throws Exception {
        Baseline current = baseline.value();
        if (current == null) {
            return;
        }
        long deadline = forgetAt(current);
        if (timestamp >= deadline) {
            baseline.clear();
        } else {
            ctx.timerService().registerEventTimeTimer(deadline);
        }
    }

    private long forgetAt(Baseline b) {
        return config.closesAt(b.lastBucketStart + config.bucketMillis()) + config.rules().forgetAfter().toMillis();
    }
}
