package be.belfort.monitor;

import be.belfort.schema.RejectedRecord;
import be.belfort.surge.SurgeConfig;
import be.belfort.surge.TopicHit;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Makes the surge stage's late hits visible to the on-call engineer: each one is counted in the
 * metric {@value #METRIC} and described as a record for the {@code posts.late} topic.
 *
 * <p>A hit is late when its post arrives after the watermark has closed the post's bucket (plus
 * {@code surge.allowed-lateness}): the post itself is enriched and published as usual, but it is not
 * counted in any surge. A steady trickle points at {@code watermark.out-of-orderness} being too short
 * for the feed, a burst at a partition replayed from far behind.
 */
final class LateHits extends ProcessFunction<TopicHit, RejectedRecord> {
    static final String METRIC = "lateHits";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SurgeConfig surge;
    private transient Counter late;

    LateHits(SurgeConfig surge) {
        this.surge = surge;
    }

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter(METRIC);
    }

    @Override
    public void processElement(TopicHit hit, Context ctx, Collector<RejectedRecord> out) throws JsonProcessingException {
        late.inc();
        long start = surge.bucketStart(hit.eventTime);
        Instant bucketStart = Instant.ofEpochMilli(start);
        Instant bucketEnd = Instant.ofEpochMilli(start + surge.bucketMillis());
        // The author pseudonym is left out: this topic is read by people debugging the feed.
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("post_id", hit.postId);
        about.put("topic", hit.topic);
        about.put("area", hit.area);
        about.put("created_at", Instant.ofEpochMilli(hit.eventTime).toString());
        about.put("bucket_start", bucketStart.toString());
        about.put("bucket_end", bucketEnd.toString());
        about.put("rules_version", hit.rulesVersion);
        out.collect(new RejectedRecord(
                "post " + hit.postId,
                ByteBuffer.wrap(JSON.writeValueAsBytes(about)),
                "late: " + hit.surgeKey() + " hit created " + Instant.ofEpochMilli(hit.eventTime)
                        + " arrived after its bucket [" + bucketStart + ", " + bucketEnd
                        + ") closed; the post is enriched but not counted in the surge",
                Instant.now()));
    }
}
