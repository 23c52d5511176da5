package be.belfort.surge;

import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Flink CEP patterns over scored buckets, each its own CEP operator, all reduced to
 * {@link PatternMatch}es:
 * <ul>
 *   <li><b>surge</b>: k consecutive buckets whose recent span is above the surge threshold (key past warm-up);</li>
 *   <li><b>spike</b>: one bucket above the spike threshold and beyond the key's recent peak;</li>
 *   <li><b>hotspot</b>: k consecutive buckets at the absolute minimum on a key without history;</li>
 *   <li><b>escalation</b>: per {@link SurgeRules.Sequence}, topic A then topic B above threshold in the same
 *       area within a time (keyed by area); per {@link SurgeRules.Rising}, a topic rising bucket after
 *       bucket while an event is active.</li>
 * </ul>
 * Buckets of a key are contiguous in time (the counter emits zero buckets), so strict contiguity in
 * the stream is contiguity in time. Skip-to-next makes a continuing run match once per new bucket,
 * which the lifecycle turns into updates of one alert.
 */
final class SurgePatterns {

    static final String RUN = "run";
    static final String FIRST = "first";
    static final String THEN = "then";

    private SurgePatterns() {}

    /** All configured patterns over the scored buckets, keyed by surge key, as one stream of matches. */
    static DataStream<PatternMatch> matches(KeyedStream<ScoredBucket, String> byKey, SurgeConfig config) {
        SurgeRules rules = config.rules();
        List<DataStream<PatternMatch>> all = new ArrayList<>();
        all.add(run(byKey, surge(rules), PatternMatch.SURGE, String.format(Locale.ROOT,
                "surge: the last %d minutes at a sustained score >= %.1f for %d buckets in a row, >= %d posts, >= %d authors",
                rules.span().toMinutes(), rules.surgeThreshold(), rules.consecutive(), rules.minCount(), rules.minAuthors())));
        all.add(run(byKey, spike(), PatternMatch.SPIKE, String.format(Locale.ROOT,
                "spike: one bucket with score >= %.1f beyond %.1f x the recent peak, >= %d posts, >= %d authors",
                rules.spikeThreshold(), rules.peakMargin(), rules.minCount(), rules.minAuthors())));
        if (rules.hotspot()) {
            all.add(run(byKey, hotspot(rules), PatternMatch.HOTSPOT, String.format(Locale.ROOT,
                    "new hotspot: no history for this topic here, %d buckets in a row with >= %d posts from >= %d authors",
                    rules.consecutive(), rules.minCount(), rules.minAuthors())));
        }
        for (SurgeRules.Rising rising : rules.risings()) {
            all.add(CEP.pattern(byKey, rising(rising, rules.minCount())).inEventTime()
                    .process(new ToMatch(PatternMatch.ESCALATION, rising.id(), String.format(Locale.ROOT,
                            "escalation %s: %s rising for %d buckets during an active event",
                            rising.id(), rising.topic(), rising.buckets())), TypeInformation.of(PatternMatch.class))
                    .uid("surge-cep-rising-" + rising.id())
                    .name("Surge: escalation " + rising.id()));
        }
        if (!rules.sequences().isEmpty()) {
            KeyedStream<ScoredBucket, String> byArea = byKey.keyBy(b -> b.bucket.area, Types.STRING);
            for (SurgeRules.Sequence sequence : rules.sequences()) {
                all.add(CEP.pattern(byArea, sequence(sequence)).inEventTime()
                        .process(new ToMatch(PatternMatch.ESCALATION, sequence.id(), String.format(Locale.ROOT,
                                "escalation %s: %s above threshold, then %s within %d minutes in the same area",
                                sequence.id(), sequence.first(), sequence.then(), sequence.within().toMinutes())),
                                TypeInformation.of(PatternMatch.class))
                        .uid("surge-cep-sequence-" + sequence.id())
                        .name("Surge: escalation " + sequence.id()));
            }
        }
        DataStream<PatternMatch> union = all.get(0);
        for (DataStream<PatternMatch> more : all.subList(1, all.size())) {
            union = union.union(more);
        }
        return union;
    }

    private static DataStream<PatternMatch> run(KeyedStream<ScoredBucket, String> byKey,
                                                Pattern<ScoredBucket, ScoredBucket> pattern, String kind,
                                                String description) {
        return CEP.pattern(byKey, pattern)
                .inEventTime()
                .process(new ToMatch(kind, null, description), TypeInformation.of(PatternMatch.class))
                .uid("surge-cep-" + kind)
                .name("Surge: " + kind + " pattern");
    }

    static Pattern<ScoredBucket, ScoredBucket> surge(SurgeRules rules) {
        return Pattern.<ScoredBucket>begin(RUN, AfterMatchSkipStrategy.skipToNext())
                .where(SimpleCondition.of(b -> b.above && b.warm))
                .times(rules.consecutive())
                .consecutive();
    }

    static Pattern<ScoredBucket, ScoredBucket> spike() {
        return Pattern.<ScoredBucket>begin(RUN, AfterMatchSkipStrategy.skipToNext())
                .where(SimpleCondition.of(b -> b.spike));
    }

    static Pattern<ScoredBucket, ScoredBucket> hotspot(SurgeRules rules) {
        return Pattern.<ScoredBucket>begin(RUN, AfterMatchSkipStrategy.skipToNext())
                .where(SimpleCondition.of(b -> b.above && !b.warm))
                .times(rules.consecutive())
                .consecutive();
    }

    static Pattern<ScoredBucket, ScoredBucket> rising(SurgeRules.Rising rising, int minCount) {
        String topic = rising.topic();
        return Pattern.<ScoredBucket>begin(RUN, AfterMatchSkipStrategy.skipToNext())
                .where(new IterativeCondition<ScoredBucket>() {
                    @Override
                    public boolean filter(ScoredBucket b, Context<ScoredBucket> ctx) throws Exception {
                        if (!topic.equals(b.bucket.topic) || !b.eventActive || b.bucket.count < minCount) {
                            return false;
                        }
                        long previous = -1;
                        for (ScoredBucket earlier : ctx.getEventsForPattern(RUN)) {
                            previous = earlier.bucket.count;
                        }
                        return b.bucket.count > previous;
                    }
                })
                .times(rising.buckets())
                .consecutive();
    }

    static Pattern<ScoredBucket, ScoredBucket> sequence(SurgeRules.Sequence sequence) {
        String first = sequence.first();
        String then = sequence.then();
        return Pattern.<ScoredBucket>begin(FIRST, AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(b -> b.above && first.equals(b.bucket.topic)))
                .followedBy(THEN)
                .where(SimpleCondition.of(b -> b.above && then.equals(b.bucket.topic)))
                .within(sequence.within());
    }

    /** Reduces a match to its first bucket's start and its newest bucket. */
    static final class ToMatch extends PatternProcessFunction<ScoredBucket, PatternMatch> {
        private final String kind;
        /** Alert topic for escalations; null means the key's own topic. */
        private final String topic;
        private final String description;

        ToMatch(String kind, String topic, String description) {
            this.kind = kind;
            this.topic = topic;
            this.description = description;
        }

        @Override
        public void processMatch(Map<String, List<ScoredBucket>> match, Context ctx, Collector<PatternMatch> out) {
            List<ScoredBucket> ordered = new ArrayList<>();
            for (String part : List.of(FIRST, RUN, THEN)) {
                ordered.addAll(match.getOrDefault(part, List.of()));
            }
            ScoredBucket first = ordered.get(0);
            ScoredBucket newest = ordered.get(ordered.size() - 1);
            out.collect(new PatternMatch(kind, topic == null ? newest.bucket.topic : topic, newest.bucket.area,
                    first.bucket.bucketStart, newest, description));
        }
    }
}
