package be.belfort.alert;

import be.belfort.ingest.JsonEdge;
import be.belfort.schema.Alert;
import be.belfort.schema.RejectedRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer half of {@link DeadLetteringSink}: collects the alerts that failed for good as
 * {@link RejectedRecord}s, counts them, and hands them over at the next checkpoint.
 *
 * @param <IN> what the writer writes
 */
public abstract class DeadLetteringWriter<IN> implements CommittingSinkWriter<IN, RejectedRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringWriter.class);
    /** Bounded like ingest's rejects; an alert's JSON is far smaller unless its terms are absurd. */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    private final String sink;
    private final Counter deadLettered;
    private final Clock clock;
    private final List<RejectedRecord> pending = new ArrayList<>();

    /**
     * @param sink         names the sink in each dead letter's source ({@code "webhook:alert/<id>"})
     * @param deadLettered counts dead letters (a metric in the job)
     */
    protected DeadLetteringWriter(String sink, Counter deadLettered, Clock clock) {
        this.sink = sink;
        this.deadLettered = deadLettered;
        this.clock = clock;
    }

    /** Gives up on {@code alert}: it leaves as a dead letter with {@code reason}. */
    protected final void deadLetter(Alert alert, String reason) {
        // Alert ids are hashes and reasons name statuses and SQL states: no post text, no handles.
        LOG.warn("{} dead letter for alert {} ({} {}): {}", sink, alert.getId(), alert.getStatus(),
                alert.getWindowEnd(), reason);
        byte[] json = JsonEdge.toJson(SafeText.clean(alert)).getBytes(StandardCharsets.UTF_8);
        pending.add(RejectedRecord.newBuilder()
                .setSource(sink + ":alert/" + alert.getId())
                .setPayload(ByteBuffer.wrap(json.length > MAX_PAYLOAD_BYTES ? Arrays.copyOf(json, MAX_PAYLOAD_BYTES) : json))
                .setReason(reason)
                .setRejectedAt(clock.instant())
                .build());
        deadLettered.inc();
    }

    /** Called by Flink after {@code flush()} at each checkpoint and at the end of input. */
    @Override
    public Collection<RejectedRecord> prepareCommit() {
        List<RejectedRecord> out = List.copyOf(pending);
        pending.clear();
        return out;
    }
}
