package be.belfort.ingest;

import be.belfort.flink.RecordSerializer;
import be.belfort.flink.SerializerTypeInfo;
import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import java.io.IOException;
import org.apache.avro.specific.SpecificData;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link Ingested}, for the keyed hop from the source to the analysis: an accepted
 * post that arrived as Avro travels as the very bytes it arrived in ({@link Ingested#avro}), so the
 * source task does not encode it again. In {@code bench pipeline} that encoding, through Flink's Avro
 * serializer, was about a third of the source task (0.4 µs per post). The receiving side reads the post
 * with {@link AvroCodec#decode}, as ingest did.
 *
 * <p>On the wire: a kind byte, then the length and bytes of one Avro single-object record (the post,
 * or the reject).
 */
public final class IngestedSerializer extends RecordSerializer<Ingested> {
    private static final long serialVersionUID = 1L;
    public static final IngestedSerializer INSTANCE = new IngestedSerializer();

    private static final byte ACCEPTED = 0;
    private static final byte REJECTED = 1;

    @Override
    public Ingested createInstance() {
        return new Ingested();
    }

    @Override
    public Ingested copy(Ingested from) {
        Ingested to = new Ingested();
        to.post = from.post == null ? null : SpecificData.get().deepCopy(Post.getClassSchema(), from.post);
        to.rejected = from.rejected == null ? null : SpecificData.get().deepCopy(RejectedRecord.getClassSchema(), from.rejected);
        to.avro = from.avro;
        return to;
    }

    @Override
    public void serialize(Ingested record, DataOutputView target) throws IOException {
        target.writeByte(record.isRejected() ? REJECTED : ACCEPTED);
        byte[] bytes = record.isRejected() ? AvroCodec.encode(record.rejected)
                : record.avro != null ? record.avro : AvroCodec.encode(record.post);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public Ingested deserialize(DataInputView source) throws IOException {
        byte kind = source.readByte();
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        try {
            Ingested result = new Ingested();
            if (kind == REJECTED) {
                result.rejected = AvroCodec.decode(bytes, RejectedRecord.class);
            } else {
                result.post = AvroCodec.decode(bytes, Post.class);
                result.avro = bytes;
            }
            return result;
        } catch (InvalidInputException e) {
            // Only bytes this serializer wrote come here: a failure is a bug or a broken channel.
            throw new IOException("unreadable Ingested record: " + e.reason(), e);
        }
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.writeByte(source.readByte());
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public TypeSerializerSnapshot<Ingested> snapshotConfiguration() {
        return new Snapshot();
    }

    /** No configuration to write: the format is fixed by this class. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Ingested> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** What {@code TypeInformation.of(Ingested.class)} resolves to, through the annotation on {@link Ingested}. */
    public static final class Factory extends TypeInfoFactory<Ingested> {
        @Override
        public TypeInformation<Ingested> createTypeInfo(java.lang.reflect.Type t, java.util.Map<String, TypeInformation<?>> params) {
            return new SerializerTypeInfo<>(Ingested.class, INSTANCE);
        }
    }
}
