package be.belfort.monitor;

import be.belfort.ingest.Deduplicator;
import be.belfort.ingest.Ingested;
import be.belfort.ingest.PostWatermarks;
import be.belfort.schema.Alert;
import be.belfort.schema.EnrichedPost;
import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import be.belfort.schema.Severity;
import be.belfort.surge.EventExpectations;
import be.belfort.surge.SurgeStage.SurgeResult;
import be.belfort.surge.SurgeStage;
import be.belfort.surge.TopicHit;
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
 * posts ─▶ split ─▶ dedupe(id) ─▶ analyse (pseudonymise, language, tokens, places, saved searches)
 *            │                        ├─▶ enriched sink
 *            ▼                        ├─▶ rejected sink (analysis failures)
 *        rejected sink                └─▶ topic hits (search × area) ─▶ surge (buckets ▶ CEP ▶ lifecycle) ─▶ alerts sink
 * </pre>
 */
public final class MonitorTopology {
    static final OutputTag<RejectedRecord> REJECTED = new OutputTag<>("rejected") {};

    private MonitorTopology() {}

    /** Where the pipeline's three outputs go. */
    public record Sinks(Sink<Alert> alerts, Sink<EnrichedPost> enriched, Sink<RejectedRecord> rejected) {}

    /** The streams the pipeline produced, for callers that attach more (console, progress, tests). */
    public record Streams(
            DataStream<EnrichedPost> enriched,
            DataStream<RejectedRecord> rejected,
            DataStream<Alert> alerts,
            DataStream<TopicHit> late) {}

    /**
     * Adds the pipeline to {@code env}. Sinks may be null when a caller only wants the streams.
     *
     * @param analysis rules and gazetteer, loaded once on the client and shipped to every subtask
     */
    public static Streams build(
            StreamExecutionEnvironment env,
            Source<Ingested, ?, ?> posts,
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

        SingleOutputStreamOperator<EnrichedPost> enriched = unique
                .process(new AnalyzeFunction(analysis, cfg.pseudonymKey()))
                .uid("analyze")
                .name("pseudonymise, enrich, classify");

        DataStream<RejectedRecord> rejected = accepted.getSideOutput(REJECTED)
                .union(enriched.getSideOutput(REJECTED));

        DataStream<TopicHit> hits = enriched
                .flatMap(new ToTopicHits())
                .uid("topic-hits")
                .name("hits per search and area");

        // Events (rules/events) are not wired in yet: until they are, the learned baseline always applies.
        SurgeResult surge = SurgeStage.apply(hits, cfg.surge(), EventExpectations.NONE, topicSeverities(analysis));

        if (sinks != null) {
            enriched.sinkTo(sinks.enriched()).uid("sink-enriched").name("enriched posts sink");
            rejected.sinkTo(sinks.rejected()).uid("sink-rejected").name("rejected records sink");
            surge.alerts().sinkTo(sinks.alerts()).uid("sink-alerts").name("alerts sink");
        }
        return new Streams(enriched, rejected, surge.alerts(), surge.late());
    }

    private static Map<String, Severity> topicSeverities(AnalysisSpec analysis) {
        Map<String, Severity> m = new HashMap<>();
        analysis.rules().searches().forEach(search -> m.put(search.id(), search.severity()));
        return m;
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
