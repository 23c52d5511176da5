package be.belfort.ingest;

import be.belfort.schema.Post;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops repeated posts, keyed by post id: the first occurrence passes, later copies within
 * {@code ttl} are dropped and counted in the metric {@value #DUPLICATES_METRIC}. Connectors
 * redeliver after restarts and platforms resend edits, so duplicates are normal traffic.
 *
 * <p>The "seen" flag lives in TTL state (processing time, refreshed on write only), so state is
 * bounded by the ids seen in the last {@code ttl}; a copy arriving later than that passes again.
 */
public class Deduplicator extends KeyedProcessFunction<String, Post, Post> {
    private static final long serialVersionUID = 1L;
    public static final String DUPLICATES_METRIC = "duplicatesDropped";

    private final Duration ttl;
    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;

    public Deduplicator(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        seen = getRuntimeContext().getState(descriptor);
        duplicates = getRuntimeContext().getMetricGroup().counter(DUPLICATES_METRIC);
    }

    @Override
    public void processElement(Post post, Context ctx, Collector<Post> out) throws Exception {
        if (seen.value() != null) {
            duplicates.inc();
            return;
        }
        seen.update(Boolean.TRUE);
        out.collect(post);
    }
}
