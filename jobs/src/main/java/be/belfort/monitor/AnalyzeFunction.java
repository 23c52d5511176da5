package be.belfort.monitor;

import be.belfort.schema.EnrichedPost;
import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Runs {@link PostAnalyzer} in a subtask. A post the analysis chokes on is rejected with the
 * reason rather than failing the job: one odd post must not stop the control room's feed.
 */
final class AnalyzeFunction extends ProcessFunction<Post, EnrichedPost> {
    private final AnalysisSpec spec;
    private final MonitorConfig.Secret key;
    private transient PostAnalyzer analyzer;

    AnalyzeFunction(AnalysisSpec spec, MonitorConfig.Secret key) {
        this.spec = spec;
        this.key = key;
    }

    @Override
    public void open(OpenContext openContext) {
        analyzer = spec.newAnalyzer(key.bytes());
    }

    @Override
    public void processElement(Post post, Context ctx, Collector<EnrichedPost> out) {
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
    public void close() throws Exception {
        if (analyzer != null) analyzer.close();
    }
}
