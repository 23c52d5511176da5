package be.belfort.ingest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.Conversion;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Reads an Avro binary body of one schema into its generated classes, checking as it goes, compiled
 * once into a tree of readers. What Avro's {@code SpecificDatumReader} would build from a valid body,
 * but safe on hostile input.
 *
 * <p>Why not Avro's reader: it trusts declared lengths (a 5-byte varint can ask for a 2 GiB string),
 * reads malformed UTF-8 leniently and throws a zoo of unchecked exceptions. Every length, count, branch
 * index, enum index and string is checked here before it is used, and a failure is an {@link
 * InvalidInputException} that names the field and the byte. Checking and building in one pass (before,
 * a checking walk was followed by Avro's reader) also halves the work of decoding a post at ingest.
 *
 * <p>Logical types are converted as the generated class's model says ({@code timestamp-millis} to
 * {@code Instant}); arrays become {@link ArrayList}s, maps {@link HashMap}s with string keys.
 */
final class AvroBinaryReader {
    private final Reader root;

    private AvroBinaryReader(Reader root) {
        this.root = root;
    }

    /** The reader for records of {@code schema}, built as {@code model} (the generated class's) says. */
    static AvroBinaryReader compile(Schema schema, SpecificData model) {
        return new AvroBinaryReader(reader(schema, model, ""));
    }

    /**
     * The record encoded in {@code bytes} from {@code offset} to the end.
     *
     * @throws InvalidInputException on a truncated or corrupt body, invalid UTF-8, or bytes left over
     */
    Object read(byte[] bytes, int offset) throws InvalidInputException {
        Input in = new Input(bytes, offset);
        Object record = root.read(in);
        if (in.pos != bytes.length) {
            throw new InvalidInputException((bytes.length - in.pos) + " unexpected bytes after the Avro record");
        }
        return record;
    }

    /** Reads one value, checked, from the input's position. */
    private interface Reader {
        Object read(Input in) throws InvalidInputException;
    }

    private static Reader reader(Schema schema, SpecificData model, String path) {
        Reader plain = plainReader(schema, model, path);
        LogicalType logical = schema.getLogicalType();
        Conversion<?> conversion = logical == null ? null : model.getConversionFor(logical);
        if (conversion == null) return plain;
        if (schema.getType() == Schema.Type.LONG) return in -> conversion.fromLong((Long) plain.read(in), schema, logical);
        return in -> Conversions.convertToLogicalType(plain.read(in), schema, logical, conversion);
    }

    private static Reader plainReader(Schema schema, SpecificData model, String path) {
        return switch (schema.getType()) {
            case NULL -> in -> null;
            case BOOLEAN -> in -> {
                int b = in.take(1, path);
                if (in.bytes[b] != 0 && in.bytes[b] != 1) throw invalid("invalid boolean", path, b);
                return in.bytes[b] == 1;
            };
            case INT -> in -> (int) in.varint(5, path);
            case LONG -> in -> in.varint(10, path);
            case FLOAT -> in -> Float.intBitsToFloat((int) in.littleEndian(4, path));
            case DOUBLE -> in -> Double.longBitsToDouble(in.littleEndian(8, path));
            case FIXED -> in -> {
                int start = in.take(schema.getFixedSize(), path);
                return model.createFixed(null, Arrays.copyOfRange(in.bytes, start, in.pos), schema);
            };
            case BYTES -> in -> {
                int len = in.length(path);
                int start = in.take(len, path);
                return ByteBuffer.wrap(Arrays.copyOfRange(in.bytes, start, start + len));
            };
            case STRING -> in -> in.string(path);
            case ENUM -> {
                List<String> symbols = schema.getEnumSymbols();
                Object[] constants = new Object[symbols.size()];
                for (int i = 0; i < constants.length; i++) constants[i] = model.createEnum(symbols.get(i), schema);
                yield in -> constants[in.index(constants.length, "enum index", path)];
            }
            case UNION -> {
                List<Schema> types = schema.getTypes();
                Reader[] branches = new Reader[types.size()];
                for (int i = 0; i < branches.length; i++) branches[i] = reader(types.get(i), model, path);
                yield in -> branches[in.index(branches.length, "union branch", path)].read(in);
            }
            case RECORD -> {
                List<Schema.Field> fields = schema.getFields();
                Reader[] readers = new Reader[fields.size()];
                for (Schema.Field f : fields) {
                    readers[f.pos()] = reader(f.schema(), model, path.isEmpty() ? f.name() : path + "." + f.name());
                }
                // The generated class's constructor, found once: the model would look it up by name per record.
                Class<?> generated = model.getClass(schema);
                Supplier<IndexedRecord> create = generated == null
                        ? () -> (IndexedRecord) model.newRecord(null, schema)
                        : () -> (IndexedRecord) SpecificData.newInstance(generated, schema);
                yield in -> {
                    IndexedRecord record = create.get();
                    for (int i = 0; i < readers.length; i++) record.put(i, readers[i].read(in));
                    return record;
                };
            }
            case ARRAY -> {
                Reader item = reader(schema.getElementType(), model, path + "[]");
                yield in -> {
                    List<Object> items = new ArrayList<>();
                    for (long n = in.blockCount(path); n > 0; n = in.blockCount(path)) {
                        for (long i = 0; i < n; i++) items.add(item.read(in));
                    }
                    return items;
                };
            }
            case MAP -> {
                Reader value = reader(schema.getValueType(), model, path + "{}");
                String keyPath = path + "{}";
                yield in -> {
                    Map<String, Object> entries = new HashMap<>();
                    for (long n = in.blockCount(path); n > 0; n = in.blockCount(path)) {
                        for (long i = 0; i < n; i++) {
                            String key = in.string(keyPath);
                            entries.put(key, value.read(in));
                        }
                    }
                    return entries;
                };
            }
        };
    }

    private static InvalidInputException invalid(String what, String path, int at) {
        return new InvalidInputException(what + where(path) + " at byte " + at);
    }

    private static String where(String path) {
        return path.isEmpty() ? "" : " in '" + path + "'";
    }

    /** The body and the position reached; every method checks before it moves. */
    private static final class Input {
        final byte[] bytes;
        int pos;

        Input(byte[] bytes, int pos) {
            this.bytes = bytes;
            this.pos = pos;
        }

        String string(String path) throws InvalidInputException {
            int len = length(path);
            return StrictUtf8.decode(bytes, take(len, path), len, where(path));
        }

        /**
         * The item count of the next block of an array or map, 0 at its end; a negative count is followed
         * by the block's byte size, which is checked and not needed.
         */
        long blockCount(String path) throws InvalidInputException {
            int at = pos;
            long count = varint(10, path);
            if (count < 0) {
                count = -count;
                if (varint(10, path) < 0) throw invalid("negative block size", path, at);
            }
            // Every item of our schemas occupies at least one byte, so a count beyond the remaining
            // bytes is corrupt; refusing it also keeps a forged count from sizing anything.
            if (count > bytes.length - pos) {
                throw new InvalidInputException("truncated Avro payload" + where(path)
                        + ": " + count + " items declared, " + (bytes.length - pos) + " bytes remain");
            }
            return count;
        }

        int index(int size, String what, String path) throws InvalidInputException {
            int at = pos;
            long index = varint(5, path);
            if (index < 0 || index >= size) throw invalid("invalid " + what + " " + index, path, at);
            return (int) index;
        }

        int length(String path) throws InvalidInputException {
            int at = pos;
            long len = varint(10, path);
            if (len < 0) throw invalid("negative length " + len, path, at);
            if (len > bytes.length - pos) {
                throw new InvalidInputException("truncated Avro payload" + where(path) + ": "
                        + len + " bytes declared, " + (bytes.length - pos) + " remain");
            }
            return (int) len;
        }

        /** Reserves {@code n} bytes and returns where they start. */
        int take(int n, String path) throws InvalidInputException {
            if (n > bytes.length - pos) throw new InvalidInputException("truncated Avro payload" + where(path));
            int start = pos;
            pos += n;
            return start;
        }

        long littleEndian(int n, String path) throws InvalidInputException {
            int start = take(n, path);
            long v = 0;
            for (int i = n - 1; i >= 0; i--) v = (v << 8) | (bytes[start + i] & 0xFF);
            return v;
        }

        /** Zig-zag varint of at most {@code maxBytes} bytes (5 for int, 10 for long). */
        long varint(int maxBytes, String path) throws InvalidInputException {
            int at = pos;
            long raw = 0;
            for (int i = 0; i < maxBytes; i++) {
                int b = bytes[take(1, path)] & 0xFF;
                raw |= (long) (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) {
                    long value = (raw >>> 1) ^ -(raw & 1);
                    // Five bytes carry 35 bits; Avro would silently truncate an int beyond 32.
                    if (maxBytes == 5 && value != (int) value) break;
                    return value;
                }
            }
            throw invalid("malformed varint", path, at);
        }
    }
}
