package be.belfort.alert;

import be.belfort.ingest.AvroCodec;
import be.belfort.ingest.InvalidInputException;
import be.belfort.schema.RejectedRecord;
import java.io.IOException;
import java.util.Collection;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * A Sink v2 whose records can fail for good (an endpoint refusing an alert, a row PostgreSQL cannot
 * hold) and must then not vanish: the writer hands them over as {@link RejectedRecord} dead letters,
 * which flow on to {@code deadLetters} (in the job: the exactly-once Kafka sink of
 * {@code alerts.dead-letter}).
 *
 * <p>The dead letters ride Flink's committable channel: the writer returns those of a checkpoint from
 * {@code prepareCommit()}, they are kept in the committer's checkpointed state, and once the
 * checkpoint completes the post-commit topology passes them to {@code deadLetters}. So a dead letter
 * is part of the same checkpoint as the input that caused it, and survives a restart.
 *
 * @param <IN> what the sink writes
 */
public abstract class DeadLetteringSink<IN>
        implements Sink<IN>, SupportsCommitter<RejectedRecord>, SupportsPostCommitTopology<RejectedRecord> {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final Sink<RejectedRecord> deadLetters;

    /**
     * @param name        short name of the sink ("postgres", "webhook"): names and uids of the dead-letter
     *                    operators derive from it, so it must stay the same across job versions
     * @param deadLetters where records that failed for good go
     */
    protected DeadLetteringSink(String name, Sink<RejectedRecord> deadLetters) {
        this.name = Objects.requireNonNull(name, "name");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    }

    @Override
    public abstract DeadLetteringWriter<IN> createWriter(WriterInitContext context) throws IOException;

    @Override
    public Committer<RejectedRecord> createCommitter(CommitterInitContext context) {
        return new PassOn();
    }

    @Override
    public SimpleVersionedSerializer<RejectedRecord> getCommittableSerializer() {
        return new RejectedRecordSerializer();
    }

    @Override
    public void addPostCommitTopology(DataStream<CommittableMessage<RejectedRecord>> committed) {
        committed
                .<RejectedRecord>flatMap((message, out) -> {
                    if (message instanceof CommittableWithLineage<RejectedRecord> c) out.collect(c.getCommittable());
                })
                .returns(new AvroTypeInfo<>(RejectedRecord.class))
                .uid("sink-" + name + "-dead-letters")
                .name(name + " dead letters")
                .sinkTo(deadLetters)
                .uid("sink-" + name + "-dead-letter-sink")
                .name(name + " dead-letter sink");
    }

    /** The metric counting this writer's dead letters: alert on it, they need a person's attention. */
    protected static Counter deadLetterCounter(WriterInitContext context) {
        return context.metricGroup().counter("deadLetters");
    }

    /** Nothing to commit: a dead letter is final once written; committing just lets it flow on. */
    private static final class PassOn implements Committer<RejectedRecord> {
        @Override
        public void commit(Collection<CommitRequest<RejectedRecord>> requests) {}

        @Override
        public void close() {}
    }

    /** Dead letters in the committer's state, in the same Avro encoding as on Kafka. */
    static final class RejectedRecordSerializer implements SimpleVersionedSerializer<RejectedRecord> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(RejectedRecord r) {
            return AvroCodec.encode(r);
        }

        @Override
        public RejectedRecord deserialize(int version, byte[] bytes) throws IOException {
            try {
                return AvroCodec.decode(bytes, RejectedRecord.class);
            } catch (InvalidInputException e) {
                throw new IOException("cannot read a dead letter from checkpointed state", e);
            }
        }
    }
}
