package be.belfort.monitor;

import be.belfort.ingest.Deduplicator;
import be.belfort.ingest.Ingested;
import be.belfort.classify.RulesBundle;
import be.belfort.ingest.PostWatermarks;
import be.belfort.schema.Alert;
import be.belfort.schema.EnrichedPost;
import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import be.belfort.surge.SurgeStage.SurgeResult;
import be.belfort.surge.SurgeStage;
import be.belfort.surge.TopicHit;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The monitor pipeline, from decoded posts to alerts, built against whatever source and sinks the
 * caller hands in: Kafka in {@link MonitorJob}, files in replay, collections in tests.
 *
 * <pre>
 * posts ─▶ split ─▶ dedupe(id) ─▶ analyse (pseudonymise, language, tokens, places, saved searches) ◀── rules (broadcast)
 *            │                        ├─▶ enriched sink
 *            ▼                        ├─▶ rejected sink (analysis failures)
 *        rejected sink                └─▶ topic hits (search × area) ─▶ surge (buckets ▶ CEP ▶ lifecycle) ─▶ alerts sink
 *                                                                          │                          ├─▶ alert store (optional)
 *                                                                          │                          └─▶ webhook (optional)
 *                                                                          └─▶ late hits (metric lateHits) ─▶ late sink
 * </pre>
 */
public final class MonitorTopology {
    static final OutputTag<RejectedRecord> REJECTED = new OutputTag<>("rejected") {};

    private MonitorTopology() {}

    /**
     * Where the pipeline's outputs go. {@code late} receives the hits that arrived after their surge
     * bucket closed ({@link LateHits}); {@code alertStore} and {@code webhook} receive the alerts too.
     * Each of these three is optional (null when not configured); late hits are counted either way.
     */
    public record Sinks(
            Sink<Alert> alerts,
            Sink<EnrichedPost> enriched,
            Sink<RejectedRecord> rejected,
            Sink<RejectedRecord> late,
            Sink<Alert> alertStore,
            Sink<Alert> webhook) {
        /** The three outputs every run has, without late hits, the alert store and the webhook. */
        public Sinks(Sink<Alert> alerts, Sink<EnrichedPost> enriched, Sink<RejectedRecord> rejected) {
            this(alerts, enriched, rejected, null, null, null);
        }
    }

    /**
     * The streams the pipeline produced, for callers that attach more (console, progress, tests).
     * {@code late} describes each hit that came too late to be counted in its surge bucket.
     */
    public record Streams(
            DataStream<EnrichedPost> enriched,
            DataStream<RejectedRecord> rejected,
            DataStream<Alert> alerts,
            DataStream<RejectedRecord> late) {}

    /**
     * Adds the pipeline to {@code env}. Sinks may be null when a caller only wants the streams.
     *
     * @param rules    newer rules as they are published (hot reload), or null when the rules are fixed
     * @param analysis rules and gazetteer, loaded once on the client and shipped to every subtask
     */
    public static Streams build(
            StreamExecutionEnvironment env,
            Source<Ingested, ?, ?> posts,
            Source<RulesBundle, ?, ?> rules,
            MonitorConfig cfg,
            AnalysisSpec analysis,
            Sinks sinks) {
        DataStream<Ingested> ingested = env
                .fromSource(posts, PostWatermarks.strategy(cfg.outOfOrderness(), cfg.idleness()), "posts")
                .uid("source-posts");

        SingleOutputStreamOperator<Post> accepted = ingested
                .process(new SplitRejected())
                .uid("split-rejected")
                .name("split rejected input");

        SingleOutputStreamOperator<Post> unique = accepted
                .keyBy(p -> p.getId())
                .process(new Deduplicator(cfg.dedupeTtl()))
                .uid("dedupe")
                .name("dedupe by post id");

        BroadcastStream<RulesBundle> ruleUpdates = rulesStream(env, rules).broadcast(AnalyzeFunction.RULES);
        SingleOutputStreamOperator<EnrichedPost> enriched = unique
                .connect(ruleUpdates)
                .process(new AnalyzeFunction(analysis, cfg.pseudonymKey()))
                .uid("analyze")
                .name("pseudonymise, enrich, classify");

        DataStream<RejectedRecord> rejected = accepted.getSideOutput(REJECTED)
                .union(enriched.getSideOutput(REJECTED));

        DataStream<TopicHit> hits = enriched
                .flatMap(new ToTopicHits())
                .uid("topic-hits")
                .name("hits per search and area");

        SurgeResult surge = SurgeStage.apply(hits, cfg.surge());
        DataStream<RejectedRecord> late = surge.late()
                .process(new LateHits(cfg.surge()))
                .uid("late-hits")
                .name("late hits: count and describe");

        if (sinks != null) {
            enriched.sinkTo(sinks.enriched()).uid("sink-enriched").name("enriched posts sink");
            rejected.sinkTo(sinks.rejected()).uid("sink-rejected").name("rejected records sink");
            surge.alerts().sinkTo(sinks.alerts()).uid("sink-alerts").name("alerts sink");
            if (sinks.late() != null) {
                late.sinkTo(sinks.late()).uid("sink-late").name("late hits sink");
            }
            if (sinks.alertStore() != null) {
                surge.alerts().sinkTo(sinks.alertStore()).uid("sink-alerts-postgres").name("alerts to PostgreSQL");
            }
            if (sinks.webhook() != null) {
                surge.alerts().sinkTo(sinks.webhook()).uid("sink-alerts-webhook").name("alerts to dispatch webhook");
            }
        }
        return new Streams(enriched, rejected, surge.alerts(), late);
    }

    private static DataStream<RulesBundle> rulesStream(StreamExecutionEnvironment env, Source<RulesBundle, ?, ?> rules) {
        if (rules == null) {
            // Fixed rules (replay): a finished, empty side, so the analysis keeps its one operator shape.
            return env.fromSequence(0, 0).uid("source-rules-none").name("no rule updates")
                    .flatMap((Long n, Collector<RulesBundle> out) -> {})
                    .returns(TypeInformation.of(RulesBundle.class))
                    .uid("rules-none")
                    .name("no rule updates");
        }
        // Rules carry no event time: their side must never hold back the posts' watermark.
        return env.fromSource(rules, WatermarkStrategy.<RulesBundle>forGenerator(ctx -> new NoEventTime()), "rules")
                .uid("source-rules")
                .setParallelism(1);
    }

    /** Declares "no event time on this input" by sitting at the end of time. */
    private static final class NoEventTime implements WatermarkGenerator<RulesBundle> {
        @Override
        public void onEvent(RulesBundle event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new Watermark(Long.MAX_VALUE));
        }
    }

    /** Keeps good posts on the main path and moves rejected input aside, with its reason. */
    static final class SplitRejected extends ProcessFunction<Ingested, Post> {
        @Override
        public void processElement(Ingested in, Context ctx, Collector<Post> out) {
            if (in.isRejected()) {
                ctx.output(REJECTED, in.rejected);
            } else {
                out.collect(in.post);
            }
        }
    }
}
