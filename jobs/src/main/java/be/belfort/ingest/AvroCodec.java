package be.belfort.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (header {@code C3 01}, 8-byte little-endian schema fingerprint,
 * binary body) for the generated {@code be.belfort.schema} classes: the one place that writes and
 * reads Avro bytes on Kafka.
 *
 * <p>{@link #decode} is safe on hostile input. Avro's own decoder trusts declared lengths (a
 * 5-byte varint can ask for a 2 GiB string), reads malformed UTF-8 leniently and throws a zoo of
 * unchecked exceptions. So the body is first walked against the schema, checking every length,
 * branch index and string before Avro sees it; only a body that passes is handed to Avro.
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
        private final SpecificDatumReader<T> reader;

        Codec(Class<? extends SpecificRecord> type) {
            // getForClass returns the class's own model, which carries its logical-type
            // conversions (timestamp-millis <-> Instant); the global SpecificData does not.
            SpecificData model = SpecificData.getForClass(type);
            this.schema = model.getSchema(type);
            this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
            this.writer = AvroBinaryWriter.compile(schema);
            this.header = ByteBuffer.allocate(HEADER_LENGTH).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .put((byte) 0xC3).put((byte) 0x01).putLong(fingerprint).array();
            this.reader = new SpecificDatumReader<>(schema, schema, model);
        }

        byte[] encodeRecord(SpecificRecord record) {
            return writer.write(header, record);
        }

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
            new BodyCheck(bytes).checkRecord(schema);
            try {
                return reader.read(null, DecoderFactory.get().binaryDecoder(
                        bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null));
            } catch (IOException | RuntimeException e) {
                // Unreachable for a body that passed BodyCheck; kept so that a gap in the check
                // still ends as a rejected record rather than an operator failure.
                throw new InvalidInputException(
                        "undecodable Avro payload (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    /** Schema-driven walk over an Avro binary body that validates without materialising it. */
    private static final class BodyCheck {
        private final byte[] bytes;
        private int pos = HEADER_LENGTH;

        BodyCheck(byte[] bytes) {
            this.bytes = bytes;
        }

        void checkRecord(Schema record) throws InvalidInputException {
            check(record, "");
            if (pos != bytes.length) {
                throw new InvalidInputException(
                        (bytes.length - pos) + " unexpected bytes after the Avro record");
            }
        }

        private void check(Schema schema, String path) throws InvalidInputException {
            switch (schema.getType()) {
                case NULL -> { }
                case BOOLEAN -> {
                    int b = take(1, path);
                    if (bytes[b] != 0 && bytes[b] != 1) {
                        throw invalid("invalid boolean", path, b);
                    }
                }
                case INT -> varint(5, path);
                case LONG -> varint(10, path);
                case FLOAT -> take(4, path);
                case DOUBLE -> take(8, path);
                case FIXED -> take(schema.getFixedSize(), path);
                case BYTES -> take(length(path), path);
                case STRING -> {
                    int len = length(path);
                    int start = take(len, path);
                    int bad = StrictUtf8.firstInvalid(bytes, start, len);
                    if (bad >= 0) {
                        throw invalid("not valid UTF-8", path, bad);
                    }
                }
                case ENUM -> index(schema.getEnumSymbols().size(), "enum index", path);
                case UNION -> {
                    List<Schema> branches = schema.getTypes();
                    check(branches.get(index(branches.size(), "union branch", path)), path);
                }
                case RECORD -> {
                    for (Schema.Field field : schema.getFields()) {
                        check(field.schema(), path.isEmpty() ? field.name()
                                : path + "." + field.name());
                    }
                }
                case ARRAY -> blocks(path, () -> check(schema.getElementType(), path + "[]"));
                case MAP -> blocks(path, () -> {
                    check(Schema.create(Schema.Type.STRING), path + "{}");
                    check(schema.getValueType(), path + "{}");
                });
            }
        }

        /** A body element that {@link #blocks} repeats. */
        private interface Item {
            void check() throws InvalidInputException;
        }

        /** Arrays and maps: blocks of {@code count} items, a negative count adds a byte size. */
        private void blocks(String path, Item item) throws InvalidInputException {
            while (true) {
                int at = pos;
                long count = varint(10, path);
                if (count == 0) {
                    return;
                }
                if (count < 0) {
                    count = -count;
                    if (varint(10, path) < 0) {
                        throw invalid("negative block size", path, at);
                    }
                }
                // Every item of our schemas occupies at least one byte, so a count beyond the
                // remaining bytes is corrupt; refusing it also stops Avro pre-allocating a huge
                // list from a forged count.
                if (count > bytes.length - pos) {
                    throw new InvalidInputException("truncated Avro payload" + where(path)
                            + ": " + count + " items declared, " + (bytes.length - pos)
                            + " bytes remain");
                }
                for (long i = 0; i < count; i++) {
                    item.check();
                }
            }
        }

        private int index(int size, String what, String path) throws InvalidInputException {
            int at = pos;
            long index = varint(5, path);
            if (index < 0 || index >= size) {
                throw invalid("invalid " + what + " " + index, path, at);
            }
            return (int) index;
        }

        private int length(String path) throws InvalidInputException {
            int at = pos;
            long len = varint(10, path);
            if (len < 0) {
                throw invalid("negative length " + len, path, at);
            }
            if (len > bytes.length - pos) {
                throw new InvalidInputException("truncated Avro payload" + where(path) + ": "
                        + len + " bytes declared, " + (bytes.length - pos) + " remain");
            }
            return (int) len;
        }

        /** Reserves {@code n} bytes and returns where they start. */
        private int take(int n, String path) throws InvalidInputException {
            if (n > bytes.length - pos) {
                throw new InvalidInputException("truncated Avro payload" + where(path));
            }
            int start = pos;
            pos += n;
            return start;
        }

        /** Zig-zag varint of at most {@code maxBytes} bytes (5 for int, 10 for long). */
        private long varint(int maxBytes, String path) throws InvalidInputException {
            int at = pos;
            long raw = 0;
            for (int i = 0; i < maxBytes; i++) {
                int b = bytes[take(1, path)] & 0xFF;
                raw |= (long) (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) {
                    long value = (raw >>> 1) ^ -(raw & 1);
                    // Five bytes carry 35 bits; Avro would silently truncate an int beyond 32.
                    if (maxBytes == 5 && value != (int) value) {
                        break;
                    }
                    return value;
                }
            }
            throw invalid("malformed varint", path, at);
        }

        private static InvalidInputException invalid(String what, String path, int at) {
            return new InvalidInputException(what + where(path) + " at byte " + at);
        }

        private static String where(String path) {
            return path.isEmpty() ? "" : " in '" + path + "'";
        }
    }
}
