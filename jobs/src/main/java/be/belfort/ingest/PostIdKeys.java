package be.belfort.ingest;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The key type of the dedupe stage: a post id, a {@code String} written exactly as Flink's
 * {@link StringSerializer} writes it, but in one call per key instead of one per byte.
 *
 * <p>Why: a checkpoint of the heap state backend writes every remembered post id again (full
 * snapshots), and {@code StringSerializer} hands each byte separately to the checkpoint stream, a
 * {@code DataOutputStream} whose {@code write(int)} takes a lock each time. With a day of ids that was
 * the dedupe snapshot's whole cost (JFR: {@code DataOutputStream.write} the hottest frame of the
 * snapshot thread). Encoding the id into an array first writes the same bytes with one locked call.
 *
 * <p>Savepoints: the serializer reports {@link StringSerializer}'s own snapshot, so the state and its
 * metadata are byte for byte what {@code Types.STRING} keys produce. Savepoints taken before this
 * change restore into it, and savepoints taken with it restore into a job that keys by
 * {@code Types.STRING} again. Partitioning is unchanged too: Flink assigns a key to its key group by
 * {@code String.hashCode()}, not by the serializer.
 */
public final class PostIdKeys {
    /** Key type information for {@code keyBy(Post::getId, PostIdKeys.TYPE)}. */
    public static final TypeInformation<String> TYPE = new KeyType();

    private PostIdKeys() {}

    /** Same bytes as {@link StringSerializer}; only the way they reach the output differs. */
    static final class Serializer extends TypeSerializerSingleton<String> {
        private static final long serialVersionUID = 1L;
        static final Serializer INSTANCE = new Serializer();
        /** Longest length prefix (5 bytes) and at most 3 bytes per char, as {@link StringValue} encodes them. */
        private static final int MAX_PREFIX = 5;
        private static final int MAX_BYTES_PER_CHAR = 3;

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public String createInstance() {
            return "";
        }

        @Override
        public String copy(String from) {
            return from;
        }

        @Override
        public String copy(String from, String reuse) {
            return from;
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public void serialize(String record, DataOutputView target) throws IOException {
            if (record == null) {
                target.write(0);
                return;
            }
            int length = record.length();
            byte[] bytes = new byte[MAX_PREFIX + MAX_BYTES_PER_CHAR * length];
            // Length + 1 (0 stands for null), then every char, each as a little-endian base-128 varint.
            int n = varint(length + 1, bytes, 0);
            for (int i = 0; i < length; i++) {
                n = varint(record.charAt(i), bytes, n);
            }
            target.write(bytes, 0, n);
        }

        private static int varint(int value, byte[] into, int at) {
            while (value >= 0x80) {
                into[at++] = (byte) (value | 0x80);
                value >>>= 7;
            }
            into[at++] = (byte) value;
            return at;
        }

        @Override
        public String deserialize(DataInputView source) throws IOException {
            return StringValue.readString(source);
        }

        @Override
        public String deserialize(String reuse, DataInputView source) throws IOException {
            return deserialize(source);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            StringValue.copyString(source, target);
        }

        /** {@link StringSerializer}'s snapshot: what this writes is that format, so savepoints stay interchangeable. */
        @Override
        public TypeSerializerSnapshot<String> snapshotConfiguration() {
            return new StringSerializer.StringSerializerSnapshot();
        }
    }

    private static final class KeyType extends TypeInformation<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<String> getTypeClass() {
            return String.class;
        }

        @Override
        public boolean isKeyType() {
            return true;
        }

        @Override
        public TypeSerializer<String> createSerializer(SerializerConfig config) {
            return Serializer.INSTANCE;
        }

        @Override
        public String toString() {
            return "post id (String)";
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof KeyType;
        }

        @Override
        public int hashCode() {
            return KeyType.class.hashCode();
        }

        @Override
        public boolean canEqual(Object obj) {
            return obj instanceof KeyType;
        }
    }
}
