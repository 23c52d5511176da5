package be.belfort.monitor;

import be.belfort.schema.EnrichedPost;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.metrics.Counter;

/**
 * Lets through to the enriched-posts output only the posts some saved search matched
 * ({@code enriched.output=matched}), and counts the others, so that every analysed post is still
 * accounted for: analysed = written + {@value MonitorTopology#UNMATCHED_METRIC}.
 */
final class MatchedOnly extends RichFilterFunction<EnrichedPost> {
    private transient Counter unmatched;

    @Override
    public void open(OpenContext context) {
        unmatched = getRuntimeContext().getMetricGroup().counter(MonitorTopology.UNMATCHED_METRIC);
    }

    @Override
    public boolean filter(EnrichedPost post) {
        if (MonitorConfig.EnrichedOutput.MATCHED.writes(post)) return true;
        unmatched.inc();
        return false;
    }
}
