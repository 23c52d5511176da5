package be.belfort.surge;

import be.belfort.schema.Alert;
import be.belfort.schema.Severity;

import java.util.Map;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * The surge detector: hits per topic|area → event-time bucket counts → baseline score (seasonal EWMA,
 * or an active event's expectation) → Flink CEP patterns (surge, spike, new hotspot, escalations) →
 * alert lifecycle with hysteresis and cooldown.
 *
 * <p>Expects event-time timestamps and watermarks on the input stream (assigned upstream). Operator
 * uids are part of the savepoint contract: do not rename them.
 */
public final class SurgeStage {

    /** Hits whose bucket had already been emitted when they arrived. */
    public static final OutputTag<TopicHit> LATE = new OutputTag<>("surge-late-hits", TypeInformation.of(TopicHit.class));

    private SurgeStage() {}

    /** Output of {@link #apply}: the alerts and the late hits (side output of the bucket counter). */
    public record SurgeResult(DataStream<Alert> alerts, DataStream<TopicHit> late) {}

    /**
     * The whole stage, from hits.
     *
     * @param events        expectations of active events (rules/events), or {@link EventExpectations#NONE}
     * @param topicSeverity severity of each topic (saved search), one input of the alert severity
     */
    public static SurgeResult apply(DataStream<TopicHit> hits, SurgeConfig config, EventExpectations events,
                                    Map<String, Severity> topicSeverity) {
        SingleOutputStreamOperator<BucketCount> buckets = hits
                .keyBy(TopicHit::surgeKey, Types.STRING)
                .process(new BucketCounter(config, LATE), TypeInformation.of(BucketCount.class))
                .uid("surge-bucket-counter")
                .name("Surge: count hits per bucket");
        // The counts come out keyed as the hits went in (a bucket's key is its hits' key), so the scorer and
        // the patterns on that key run in the counter's task: no hop, no idle tasks woken by every watermark.
        KeyedStream<BucketCount, String> counted =
                DataStreamUtils.reinterpretAsKeyedStream(buckets, BucketCount::surgeKey, Types.STRING);
        return new SurgeResult(scoreAndTrack(counted, config, events, topicSeverity), buckets.getSideOutput(LATE));
    }

    /**
     * The stage after counting: what {@link #apply} runs on its bucket counts, and what a counts-only
     * series (e.g. the NAB tweet volumes) is fed through. Bucket records must carry the timestamp
     * {@link SurgeConfig#closesAt(long)} of their end, and consecutive buckets of a key must be
     * consecutive in time (absent buckets are taken as empty).
     */
    public static DataStream<Alert> fromBuckets(DataStream<BucketCount> buckets, SurgeConfig config,
                                                EventExpectations events, Map<String, Severity> topicSeverity) {
        return scoreAndTrack(buckets.keyBy(BucketCount::surgeKey, Types.STRING), config, events, topicSeverity);
    }

    private static DataStream<Alert> scoreAndTrack(KeyedStream<BucketCount, String> buckets, SurgeConfig config,
                                                   EventExpectations events, Map<String, Severity> topicSeverity) {
        SingleOutputStreamOperator<ScoredBucket> scored = buckets
                .process(new BaselineScorer(config, events), TypeInformation.of(ScoredBucket.class))
                .uid("surge-baseline")
                .name("Surge: score against the baseline");

        // The scorer's output is still partitioned by its key: the patterns on that key run in its task.
        KeyedStream<ScoredBucket, String> byKey =
                DataStreamUtils.reinterpretAsKeyedStream(scored, ScoredBucket::surgeKey, Types.STRING);
        DataStream<PatternMatch> matches = SurgePatterns.matches(byKey, config);

        return byKey
                .connect(matches.keyBy(PatternMatch::alertKey, Types.STRING))
                .process(new AlertTracker(config, topicSeverity), new AvroTypeInfo<>(Alert.class))
                .uid("surge-alert-tracker")
                .name("Surge: alert lifecycle");
    }
}
