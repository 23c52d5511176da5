package be.belfort.surge;

import be.belfort.schema.Alert;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.List;
import java.util.Map;

/**
 * The surge detector: hits per topic|area → event-time bucket counts → CEP "count ≥ minCount for k
 * consecutive buckets" → alert lifecycle.
 *
 * <p>Expects event-time timestamps and watermarks on the input stream (assigned upstream). Operator
 * uids are part of the savepoint contract: do not rename them.
 */
public final class SurgeStage {

    /** Hits whose bucket had already been emitted when they arrived. */
    public static final OutputTag<TopicHit> LATE = new OutputTag<>("surge-late-hits", TypeInformation.of(TopicHit.class));

    static final String PATTERN_NAME = "above";

    private SurgeStage() {}

    /** Output of {@link #apply}: the alerts and the late hits (side output of the bucket counter). */
    public record SurgeResult(DataStream<Alert> alerts, DataStream<TopicHit> late) {}

    public static SurgeResult apply(DataStream<TopicHit> hits, SurgeConfig config) {
        SingleOutputStreamOperator<BucketCount> buckets = hits
                .keyBy(TopicHit::surgeKey, Types.STRING)
                .process(new BucketCounter(config, LATE), TypeInformation.of(BucketCount.class))
                .uid("surge-bucket-counter")
                .name("Surge: count hits per bucket");

        KeyedStream<BucketCount, String> bucketsByKey = buckets.keyBy(BucketCount::surgeKey, Types.STRING);

        SingleOutputStreamOperator<BucketCount> matchedBuckets = CEP.pattern(bucketsByKey, surgePattern(config))
                // Event time is the default in Flink 2.x; stated because the design depends on it.
                .inEventTime()
                .process(new NewestBucketOfMatch(), TypeInformation.of(BucketCount.class))
                .uid("surge-cep")
                .name("Surge: k consecutive buckets above threshold");

        SingleOutputStreamOperator<Alert> alerts = bucketsByKey
                .connect(matchedBuckets.keyBy(BucketCount::surgeKey, Types.STRING))
                .process(new AlertTracker(config), new AvroTypeInfo<>(Alert.class))
                .uid("surge-alert-tracker")
                .name("Surge: alert lifecycle");

        return new SurgeResult(alerts, buckets.getSideOutput(LATE));
    }

    /**
     * k buckets in a row (strict contiguity: {@code consecutive()}) each with count ≥ minCount. Since the
     * counter emits zero buckets, contiguous in the stream means contiguous in time.
     *
     * <p>Skip strategy skip-to-next: after a match on buckets [b1..bk] the next one may start at b2, so
     * a continuing surge gives one match per new surge bucket ([b2..bk+1], [b3..bk+2], …) and the alert
     * is updated every bucket. skip-past-last-event would only match again after k fresh surge buckets:
     * the {@link AlertTracker}, which resolves on the first bucket after a match that does not itself end
     * a match, would then resolve an ongoing surge and reopen it under a new id. (For a strictly
     * contiguous begin-only pattern, no-skip yields the same matches; skip-to-next states the intent and
     * prunes partial matches sharing a start.)
     */
    static Pattern<BucketCount, BucketCount> surgePattern(SurgeConfig config) {
        int minCount = config.minCount();
        return Pattern.<BucketCount>begin(PATTERN_NAME, AfterMatchSkipStrategy.skipToNext())
                .where(SimpleCondition.of(bucket -> bucket.count >= minCount))
                .times(config.consecutive())
                .consecutive();
    }

    /** Reduces a match to its newest bucket: the one the alert reports on. */
    static final class NewestBucketOfMatch extends PatternProcessFunction<BucketCount, BucketCount> {
        @Override
        public void processMatch(Map<String, List<BucketCount>> match, Context ctx, Collector<BucketCount> out) {
            List<BucketCount> run = match.get(PATTERN_NAME);
            out.collect(run.get(run.size() - 1));
        }
    }
}
