package be.belfort.monitor;

import be.belfort.ingest.Ingested;
import be.belfort.alert.OperatorActions;
import be.belfort.alert.OperatorHold;
import be.belfort.classify.RulesBundle;
import be.belfort.ingest.PostWatermarks;
import be.belfort.ingest.RestoredWatermark;
import be.belfort.schema.Alert;
import be.belfort.schema.AlertAction;
import be.belfort.schema.EnrichedPost;
import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import be.belfort.schema.Severity;
import be.belfort.surge.SurgeStage.SurgeResult;
import be.belfort.surge.SurgeStage;
import be.belfort.surge.TopicHit;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
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
 * posts ─▶ split ─▶ by post id: dedupe, analyse (pseudonymise, language, tokens, places, saved searches) ◀── rules (broadcast)
 *            │                        ├─▶ enriched sink (matched posts only, unless enriched.output=all)
 *            ▼                        ├─▶ rejected sink (analysis failures)
 *        rejected sink                └─▶ topic hits (search × area) ─▶ surge (buckets ▶ CEP ▶ lifecycle) ─▶ alerts sink
 *                                                                          │                          ├─▶ alert store (optional)
 *                                                                          │                          └─▶ webhook (optional)
 *                                                                          └─▶ late hits (metric lateHits) ─▶ late sink
 * </pre>
 */
public final class MonitorTopology {
    /**
     * Metric of the analysis: posts analysed (dedupe passed, analysis succeeded). With the counts of
     * rejected records and of {@code duplicatesDropped} it accounts for every post read, whichever
     * posts {@code enriched.output} writes.
     */
    public static final String ANALYSED_METRIC = "postsAnalysed";
    /**
     * Metric of the analysis: thread CPU time, in nanoseconds, spent in the analysis itself (pseudonymise,
     * enrich, classify), without dedupe, Flink or Kafka. Over {@value #ANALYSED_METRIC} it is the CPU a post
     * costs the saved searches; the rest of the job's CPU is the pipeline around them.
     */
    public static final String ANALYSIS_CPU_METRIC = "analysisCpuNanos";
    /** Metric of the enriched-posts output: analysed posts not written because no saved search matched them. */
    public static final String UNMATCHED_METRIC = "unmatchedPostsNotWritten";
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
     * What flows in: posts, and optionally newer rules (hot reload) and the control room's decisions on
     * alerts (null when a run has none, e.g. replay).
     */
    public record Inputs(
            Source<Ingested, ?, ?> posts,
            Source<RulesBundle, ?, ?> rules,
            Source<OperatorActions, ?, ?> actions) {}

    /**
     * The streams the pipeline produced, for callers that attach more (console, progress, tests).
     * {@code enriched} holds every analysed post, whatever {@code enriched.output} writes; {@code late}
     * describes each hit that came too late to be counted in its surge bucket.
     */
    public record Streams(
            DataStream<EnrichedPost> enriched,
            DataStream<RejectedRecord> rejected,
            DataStream<Alert> alerts,
            DataStream<RejectedRecord> late) {}

    /**
     * Adds the pipeline to {@code env}. Sinks may be null when a caller only wants the streams.
     *
     * @param analysis rules and gazetteer, loaded once on the client and shipped to every subtask
     */
    public static Streams build(
            StreamExecutionEnvironment env,
            Inputs inputs,
            MonitorConfig cfg,
            AnalysisSpec analysis,
            Sinks sinks) {
        DataStream<Ingested> ingested = env
                .fromSource(inputs.posts(), PostWatermarks.strategy(cfg.outOfOrderness(), cfg.idleness()), "posts")
                .uid("source-posts");
        // Watermarks are not checkpointed: without this a restored partition with nothing left to read
        // would hold event time (and every alert) back until the idleness timeout.
        ingested = ingested
                .transform("event time carried across restores", ingested.getType(), new RestoredWatermark<>())
                .uid("source-posts-restored-watermark");

        SingleOutputStreamOperator<Ingested> accepted = ingested
                .process(new SplitRejected())
                .uid("split-rejected")
                .name("split rejected input");

        SingleOutputStreamOperator<EnrichedPost> enriched = accepted
                .keyBy(in -> in.post.getId(), Types.STRING)
                .connect(rulesStream(env, inputs.rules()).broadcast())
                .transform("analyze", TypeInformation.of(EnrichedPost.class), new AnalyzeOperator(
                        analysis, cfg.pseudonymKey(), cfg.analysis().batchSize(), cfg.analysis().maxWait(), cfg.dedupeTtl()))
                .uid("analyze")
                .name("dedupe by post id, pseudonymise, enrich, classify");

        DataStream<RejectedRecord> rejected = accepted.getSideOutput(REJECTED)
                .union(enriched.getSideOutput(REJECTED));

        DataStream<TopicHit> hits = enriched
                .flatMap(new ToTopicHits())
                .uid("topic-hits")
                .name("hits per search and area");

        // Events are taken from the rules the job started with; a hot reload changes searches, not the calendar.
        SurgeResult surge = SurgeStage.apply(hits, cfg.surge(),
                EventCalendar.of(analysis, cfg.surge().bucket()), topicSeverities(analysis));

        DataStream<Alert> alerts = surge.alerts();
        if (inputs.actions() != null) {
            SingleOutputStreamOperator<AlertAction> actions = env
                    .fromSource(inputs.actions(), WatermarkStrategy.forGenerator(ctx -> new NoEventTime<>()), "alert-actions")
                    .uid("source-alert-actions")
                    .setParallelism(1)
                    .process(new SplitActions())
                    .uid("split-alert-actions")
                    .name("split unreadable operator actions");
            rejected = rejected.union(actions.getSideOutput(REJECTED));
            alerts = alerts
                    .keyBy(a -> OperatorHold.key(a.getTopic(), a.getArea()))
                    .connect(actions.keyBy(a -> OperatorHold.key(a.getTopic(), a.getArea())))
                    .process(new OperatorHold(cfg.surge().rules().cooldown()))
                    .uid("operator-hold")
                    .name("hold back alerts the control room resolved");
        }
        DataStream<RejectedRecord> late = surge.late()
                .process(new LateHits(cfg.surge()))
                .uid("late-hits")
                .name("late hits: count and describe");

        if (sinks != null) {
            DataStream<EnrichedPost> written = enriched;
            if (cfg.enrichedOutput() == MonitorConfig.EnrichedOutput.MATCHED) {
                written = enriched.filter(new MatchedOnly()).uid("enriched-matched-only").name("only posts a saved search matched");
            }
            written.sinkTo(sinks.enriched()).uid("sink-enriched").name("enriched posts sink");
            rejected.sinkTo(sinks.rejected()).uid("sink-rejected").name("rejected records sink");
            alerts.sinkTo(sinks.alerts()).uid("sink-alerts").name("alerts sink");
            if (sinks.late() != null) {
                late.sinkTo(sinks.late()).uid("sink-late").name("late hits sink");
            }
            if (sinks.alertStore() != null) {
                alerts.sinkTo(sinks.alertStore()).uid("sink-alerts-postgres").name("alerts to PostgreSQL");
            }
            if (sinks.webhook() != null) {
                alerts.sinkTo(sinks.webhook()).uid("sink-alerts-webhook").name("alerts to dispatch webhook");
            }
        }
        return new Streams(enriched, rejected, alerts, late);
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
        return env.fromSource(rules, WatermarkStrategy.<RulesBundle>forGenerator(ctx -> new NoEventTime<>()), "rules")
                .uid("source-rules")
                .setParallelism(1);
    }

    /** Declares "no event time on this input" (rules, operator actions) by sitting at the end of time. */
    private static final class NoEventTime<T> implements WatermarkGenerator<T> {
        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new Watermark(Long.MAX_VALUE));
        }
    }

    private static Map<String, Severity> topicSeverities(AnalysisSpec analysis) {
        Map<String, Severity> m = new HashMap<>();
        analysis.rules().searches().forEach(search -> m.put(search.id(), search.severity()));
        return m;
    }

    /** Operator actions on the main path; records that could not be read go to the rejected stream. */
    static final class SplitActions extends ProcessFunction<OperatorActions, AlertAction> {
        @Override
        public void processElement(OperatorActions in, Context ctx, Collector<AlertAction> out) {
            if (in.rejected != null) {
                ctx.output(REJECTED, in.rejected);
            } else {
                out.collect(in.action);
            }
        }
    }

    /**
     * Keeps good posts on the main path and moves rejected input aside, with its reason. Accepted posts
     * stay {@link Ingested}: on the keyed hop they travel as the bytes they arrived in.
     */
    static final class SplitRejected extends ProcessFunction<Ingested, Ingested> {
        @Override
        public void processElement(Ingested in, Context ctx, Collector<Ingested> out) {
            if (in.isRejected()) {
                ctx.output(REJECTED, in.rejected);
            } else {
                out.collect(in);
            }
        }
    }
}
