package be.belfort.surge;

import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.Severity;

import java.util.Map;

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
 * The alert lifecycle open → update* → resolved, one alert per key (topic|area, or escalation|area).
 *
 * <p>Input 1 is every scored bucket of the key, input 2 every {@link PatternMatch} for it. Per bucket,
 * in event time:
 * <ul>
 *   <li>no alert: a match opens one; its id hashes kind|topic|area|first bucket of the match;</li>
 *   <li>alert open: a match, or a bucket still {@link ScoredBucket#elevated elevated} (hysteresis: a
 *       lower bar than opening), is an {@code update}; {@link SurgeRules#calmBuckets()} calm buckets in a
 *       row (an absent bucket is calm) resolve it;</li>
 *   <li>alert resolved less than {@link SurgeRules#cooldown()} ago: a match reopens the same alert (same
 *       id, status open) instead of raising a new one; after the cooldown all state of the key is gone.</li>
 * </ul>
 *
 * <p>The two inputs travel different paths (CEP holds buckets back until the watermark passes), so their
 * arrival order says nothing. Decisions are taken in event-time timers only: each relevant bucket or
 * match is parked until the watermark of both inputs has passed the bucket's close
 * ({@link SurgeConfig#closesAt(long)}), when everything about it has arrived from both sides. While an
 * alert is open a timer always waits at the next bucket's close, so it resolves even if no bucket comes.
 */
public class AlertTracker extends KeyedCoProcessFunction<String, ScoredBucket, PatternMatch, Alert> {

    private final SurgeConfig config;
    private final Map<String, Severity> topicSeverity;

    private transient ValueState<OpenAlert> alert;
    private transient MapState<Long, ScoredBucket> parkedBuckets;
    private transient MapState<Long, PatternMatch> parkedMatches;

    /** The alert of one key, open or cooling down (Flink POJO). */
    public static class OpenAlert {
        public String id;
        public String kind;
        public String topic;
        public String area;
        /** Start of the alert's first bucket: window_start. */
        public long surgeStart;
        public boolean open;
        /** Calm buckets in a row while open. */
        public int calm;
        /** End of the latest bucket decided on. */
        public long decidedEnd;
        /** End of the bucket that resolved the alert (cooldown runs from here). */
        public long resolvedEnd;
        public String pattern;
        /** Latest expectation, for a resolution without a bucket. */
        public double expected;
        public double spread;
        public String rulesVersion;
    }

    public AlertTracker(SurgeConfig config, Map<String, Severity> topicSeverity) {
        this.config = config;
        this.topicSeverity = Map.copyOf(topicSeverity);
    }

    @Override
    public void open(OpenContext openContext) {
        alert = getRuntimeContext().getState(new ValueStateDescriptor<>(
                "surge-alert", TypeInformation.of(OpenAlert.class)));
        parkedBuckets = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "surge-parked-buckets", Types.LONG, TypeInformation.of(ScoredBucket.class)));
        parkedMatches = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "surge-parked-matches", Types.LONG, TypeInformation.of(PatternMatch.class)));
    }

    @Override
    public void processElement1(ScoredBucket scored, Context ctx, Collector<Alert> out) throws Exception {
        boolean matchesUpToPreviousBucketSeen =
                ctx.timerService().currentWatermark() >= config.closesAt(scored.bucket.bucketStart);
        if (alert.value() == null && matchesUpToPreviousBucketSeen && !scored.above && !scored.spike) {
            // No alert, none can open just before this bucket, and this bucket cannot end a match of
            // its own key: it decides nothing, so quiet keys cost no state here.
            return;
        }
        parkedBuckets.put(scored.bucket.bucketStart, scored);
        ctx.timerService().registerEventTimeTimer(config.closesAt(scored.bucket.bucketEnd));
    }

    @Override
    public void processElement2(PatternMatch match, Context ctx, Collector<Alert> out) throws Exception {
        long start = match.newest.bucket.bucketStart;
        PatternMatch earlier = parkedMatches.get(start);
        if (earlier == null || match.priority() > earlier.priority()) {
            parkedMatches.put(start, match);
        }
        ctx.timerService().registerEventTimeTimer(config.closesAt(match.newest.bucket.bucketEnd));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        long end = config.bucketEndClosingAt(timestamp);
        long start = end - config.bucketMillis();
        ScoredBucket bucket = parkedBuckets.get(start);
        PatternMatch match = parkedMatches.get(start);
        parkedBuckets.remove(start);
        parkedMatches.remove(start);
        OpenAlert current = alert.value();

        if (current != null && current.open) {
            if (end <= current.decidedEnd) {
                return;
            }
            current.decidedEnd = end;
            ScoredBucket latest = match != null ? match.newest : bucket;
            if (match != null || (bucket != null && bucket.elevated)) {
                current.calm = 0;
                if (match != null) {
                    current.pattern = match.description;
                }
                emit(AlertStatus.update, current, latest, out);
                ctx.timerService().registerEventTimeTimer(config.closesAt(end + config.bucketMillis()));
            } else if (++current.calm >= config.rules().calmBuckets()) {
                current.open = false;
                current.resolvedEnd = end;
                emit(AlertStatus.resolved, current, latest != null ? latest : zero(current, start, end), out);
                ctx.timerService().registerEventTimeTimer(cooledDownAt(current));
            } else {
                alert.update(current);
                ctx.timerService().registerEventTimeTimer(config.closesAt(end + config.bucketMillis()));
            }
            return;
        }
        if (match != null) {
            boolean reopen = current != null && start < current.resolvedEnd + config.rules().cooldown().toMillis();
            if (!reopen) {
                current = new OpenAlert();
                current.kind = match.kind;
                current.topic = match.topic;
                current.area = match.area;
                current.surgeStart = match.firstBucketStart;
                current.id = SurgeAlerts.alertId(match.kind, match.topic, match.area, match.firstBucketStart);
            }
            current.open = true;
            current.calm = 0;
            current.decidedEnd = end;
            current.pattern = reopen ? match.description + " (reopened within the cooldown)" : match.description;
            emit(AlertStatus.open, current, match.newest, out);
            ctx.timerService().registerEventTimeTimer(config.closesAt(end + config.bucketMillis()));
        } else if (current != null && timestamp >= cooledDownAt(current)) {
            alert.clear();
        }
    }

    private void emit(AlertStatus status, OpenAlert current, ScoredBucket latest, Collector<Alert> out)
            throws Exception {
        current.expected = latest.expected;
        current.spread = latest.spread;
        if (latest.bucket.rulesVersion != null) {
            current.rulesVersion = latest.bucket.rulesVersion;
        }
        alert.update(current);
        Severity topic = topicSeverity.getOrDefault(latest.bucket.topic, topicSeverity.get(current.topic));
        out.collect(SurgeAlerts.alert(status, current, latest, config.rules(), topic));
    }

    private long cooledDownAt(OpenAlert current) {
        return config.closesAt(current.resolvedEnd) + config.rules().cooldown().toMillis();
    }

    private static ScoredBucket zero(OpenAlert current, long start, long end) {
        // No bucket arrived: the counter emits none for a key without hits, so it held none.
        ScoredBucket none = new ScoredBucket();
        none.bucket = BucketCount.zero(current.topic, current.area, start, end, current.rulesVersion);
        none.expected = current.expected;
        none.spread = current.spread;
        none.score = current.spread > 0 ? -current.expected / current.spread : 0;
        return none;
    }
}
