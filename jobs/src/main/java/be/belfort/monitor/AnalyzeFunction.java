package be.belfort.monitor;

import be.belfort.classify.RuleException;
import be.belfort.classify.RulesBundle;
import be.belfort.nlp.GazetteerException;
import be.belfort.schema.EnrichedPost;
import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link PostAnalyzer} in a subtask and swaps it when newer rules arrive on the broadcast side.
 *
 * <p>A post the analysis chokes on is rejected with the reason rather than failing the job: one odd
 * post must not stop the control room's feed. A rules bundle that does not validate is rejected the
 * same way (once, by subtask 0) and the running rules stay in force.
 */
final class AnalyzeFunction extends BroadcastProcessFunction<Post, RulesBundle, EnrichedPost> {
    static final MapStateDescriptor<String, RulesBundle> RULES =
            new MapStateDescriptor<>("rules", Types.STRING, TypeInformation.of(RulesBundle.class));
    private static final String CURRENT = "current";
    private static final int MAX_KEPT_PAYLOAD = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(AnalyzeFunction.class);

    private final AnalysisSpec initial;
    private final MonitorConfig.Secret key;
    private transient PostAnalyzer analyzer;
    private transient long analyzerPublishedAt;

    AnalyzeFunction(AnalysisSpec initial, MonitorConfig.Secret key) {
        this.initial = initial;
        this.key = key;
    }

    @Override
    public void open(OpenContext openContext) {
        use(initial);
    }

    @Override
    public void processElement(Post post, ReadOnlyContext ctx, Collector<EnrichedPost> out) throws Exception {
        // After a restore the broadcast state may hold newer rules than the ones shipped with the job.
        RulesBundle current = ctx.getBroadcastState(RULES).get(CURRENT);
        if (current != null && current.publishedAt > analyzerPublishedAt) {
            use(AnalysisSpec.fromBundle(current));
        }
        EnrichedPost enriched;
        try {
            enriched = analyzer.analyze(post);
        } catch (RuntimeException e) {
            // The raw post holds the author handle, which must not leave ingest: keep only the id.
            ctx.output(MonitorTopology.REJECTED, new RejectedRecord(
                    "post " + post.getId(),
                    ByteBuffer.wrap(post.getId().getBytes(StandardCharsets.UTF_8)),
                    "analysis failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    Instant.now()));
            return;
        }
        out.collect(enriched);
    }

    @Override
    public void processBroadcastElement(RulesBundle bundle, Context ctx, Collector<EnrichedPost> out) throws Exception {
        RulesBundle current = ctx.getBroadcastState(RULES).get(CURRENT);
        long inForce = current == null ? initial.publishedAt() : Math.max(current.publishedAt, initial.publishedAt());
        if (bundle.problem == null && bundle.publishedAt <= inForce) {
            LOG.info("ignoring rules bundle {} from {}: not newer than the rules in force", bundle.digest, bundle.source);
            return;
        }
        AnalysisSpec spec;
        try {
            if (bundle.problem != null) throw new IllegalArgumentException(bundle.problem);
            spec = AnalysisSpec.fromBundle(bundle);
        } catch (RuntimeException e) {
            // Whatever a bundle does to the loaders, the rules in force keep running.
            if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                ctx.output(MonitorTopology.REJECTED, rejection(bundle, problems(e)));
            }
            LOG.warn("rejected rules bundle {} from {}: {}", bundle.digest, bundle.source, problems(e));
            return;
        }
        ctx.getBroadcastState(RULES).put(CURRENT, bundle);
        use(spec);
        LOG.info("rules version {} in force (bundle {} from {})", spec.rules().version(), bundle.digest, bundle.source);
    }

    private void use(AnalysisSpec spec) {
        PostAnalyzer previous = analyzer;
        analyzer = spec.newAnalyzer(key.bytes());
        analyzerPublishedAt = spec.publishedAt();
        if (previous != null) previous.close();
    }

    private RejectedRecord rejection(RulesBundle bundle, String problems) {
        byte[] payload = bundle.files.isEmpty() ? new byte[0] : bundle.toJson();
        return new RejectedRecord(
                bundle.source == null ? "rules bundle " + bundle.digest : bundle.source,
                ByteBuffer.wrap(Arrays.copyOf(payload, Math.min(payload.length, MAX_KEPT_PAYLOAD))),
                "rules rejected, previous rules stay in force: " + problems,
                Instant.now());
    }

    private static String problems(RuntimeException e) {
        List<?> list = e instanceof RuleException r ? r.problems()
                : e instanceof GazetteerException g ? g.problems()
                : List.of(e.getMessage());
        return list.stream().map(Object::toString).reduce((a, b) -> a + "; " + b).orElse("invalid");
    }

    @Override
    public void close() throws Exception {
        if (analyzer != null) analyzer.close();
    }
}
