package be.belfort.ingest;

import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (header {@code C3 01}, 8-byte little-endian schema fingerprint,
 * binary body) for the generated {@code be.belfort.schema} classes: the one place that writes and
 * reads Avro bytes on Kafka.
 *
 * <p>{@link #decode} is safe on hostile input: bodies are read by {@link AvroBinaryReader}, which
 * checks every length, branch index and string before it uses it, not by Avro's own decoder.
 */
public final class AvroCodec {
    /** Length of the single-object header: marker C3 01 plus the 64-bit fingerprint. */
    static final int HEADER_LENGTH = 10;

    private static final ClassValue<Codec<?>> CODECS = new ClassValue<>() {
        @Override
        protected Codec<?> computeValue(Class<?> type) {
            return new Codec<>(type.asSubclass(SpecificRecord.class));
        }
    };

    private AvroCodec() {}

    /** Single-object encoding of {@code record}, using the encoder of its generated class. */
    public static byte[] encode(SpecificRecord record) {
        return codec(record.getClass()).encodeRecord(record);
    }

    /**
     * Decodes single-object encoded bytes into {@code type}.
     *
     * @throws InvalidInputException with a precise reason: wrong header, unknown fingerprint,
     *     truncated body, out-of-range length, union branch or enum index, invalid UTF-8, trailing
     *     bytes
     */
    public static <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type)
            throws InvalidInputException {
        return type.cast(codec(type).decode(bytes));
    }

    /** True when {@code bytes} start with the single-object marker C3 01. */
    static boolean hasSingleObjectMarker(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xFF) == 0xC3 && bytes[1] == 0x01;
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> Codec<T> codec(Class<?> type) {
        return (Codec<T>) CODECS.get(type);
    }

    /** Encoder, reader and fingerprint of one generated class; all thread-safe. */
    private static final class Codec<T extends SpecificRecord> {
        private final Schema schema;
        private final long fingerprint;
        private final AvroBinaryWriter writer;
        private final byte[] header;
        private final AvroBinaryReader reader;

        Codec(Class<? extends SpecificRecord> type) {
            // getForClass returns the class's own model, which carries its logical-type
            // conversions (timestamp-millis <-> Instant); the global SpecificData does not.
            SpecificData model = SpecificData.getForClass(type);
            this.schema = model.getSchema(type);
            this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
            this.writer = AvroBinaryWriter.compile(schema);
            this.header = ByteBuffer.allocate(HEADER_LENGTH).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .put((byte) 0xC3).put((byte) 0x01).putLong(fingerprint).array();
            this.reader = AvroBinaryReader.compile(schema, model);
        }

        byte[] encodeRecord(SpecificRecord record) {
            return writer.write(header, record);
        }

        @SuppressWarnings("unchecked")
        T decode(byte[] bytes) throws InvalidInputException {
            if (!hasSingleObjectMarker(bytes)) {
                throw new InvalidInputException(
                        "not Avro single-object encoding (expected header C3 01)");
            }
            if (bytes.length < HEADER_LENGTH) {
                throw new InvalidInputException("truncated Avro payload (incomplete header)");
            }
            long actual = ByteBuffer.wrap(bytes, 2, 8)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            if (actual != fingerprint) {
                throw new InvalidInputException(String.format(
                        "unknown Avro schema fingerprint %016x (expected %s %016x)",
                        actual, schema.getName(), fingerprint));
            }
            return (T) reader.read(bytes, HEADER_LENGTH);
        }
    }
}
