package be.belfort.ingest;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro binary encoding of one schema, compiled once into a tree of writers, byte for byte what Avro's
 * {@code SpecificDatumWriter} with a {@code BinaryEncoder} writes, at less than half the cost.
 *
 * <p>Why: encoding each enriched post was 7 % of the analysis task's CPU. Avro's writer asks
 * the model for every field's conversion and every union's branch by name, and turns each string into
 * a fresh UTF-8 array that it copies once more. Here strings are encoded straight into one reused
 * buffer per thread, and fields, unions and conversions are resolved when the schema is compiled.
 *
 * <p>Covers what Belfort's schemas use: records (generated classes, read through {@link
 * IndexedRecord#get}), strings, enums, longs with {@code timestamp-millis} as record fields, ints,
 * doubles, floats, booleans, bytes, arrays and unions of null with one other type. {@link #compile}
 * refuses anything else (maps, fixed, other logical types or unions) by name, so a schema change that
 * needs more fails its first test rather than writing bytes Avro would not. Strings are encoded as
 * {@link String#getBytes} with UTF-8 would: an unpaired surrogate becomes '?'.
 */
final class AvroBinaryWriter {
    /** A buffer that outgrew this is dropped after use, so one 1 MB text does not stay in every thread. */
    private static final int KEPT_BUFFER_BYTES = 256 * 1024;
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

    private final Writer root;

    private AvroBinaryWriter(Writer root) {
        this.root = root;
    }

    /**
     * The writer for records of {@code schema}.
     *
     * @throws IllegalArgumentException naming the first part of the schema that is not covered
     */
    static AvroBinaryWriter compile(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) throw notCovered(schema, schema.getFullName());
        return new AvroBinaryWriter(writer(schema, true, schema.getFullName()));
    }

    /** {@code header} followed by the binary encoding of {@code record}, in a new array of the exact size. */
    byte[] write(byte[] header, Object record) {
        Output out = OUTPUT.get();
        out.pos = 0;
        try {
            out.ensure(header.length);
            System.arraycopy(header, 0, out.buf, 0, header.length);
            out.pos = header.length;
            root.write(record, out);
            return Arrays.copyOf(out.buf, out.pos);
        } finally {
            if (out.buf.length > KEPT_BUFFER_BYTES) out.buf = new byte[Output.INITIAL_BYTES];
        }
    }

    /** Writes one value of the schema it was compiled for. */
    private interface Writer {
        void write(Object value, Output out);
    }

    /**
     * The writer for {@code schema} at {@code path}. {@code field} is true for the schema of a record
     * field (or the root), the one place where Belfort's schemas carry a logical type.
     */
    private static Writer writer(Schema schema, boolean field, String path) {
        LogicalType logical = schema.getLogicalType();
        if (logical != null) {
            if (!field || schema.getType() != Schema.Type.LONG || !(logical instanceof LogicalTypes.TimestampMillis)) {
                throw notCovered(schema, path);
            }
            // As the generated classes' TimestampMillisConversion: an Instant's epoch millis.
            return (value, out) -> out.varint(value instanceof Instant i ? i.toEpochMilli() : (Long) value);
        }
        return switch (schema.getType()) {
            case RECORD -> record(schema, path);
            case STRING -> (value, out) -> out.string(value.toString());
            case ENUM -> enumWriter(schema, path);
            case LONG -> (value, out) -> out.varint((Long) value);
            case INT -> (value, out) -> out.varint((Integer) value);
            case DOUBLE -> (value, out) -> out.fixed64(Double.doubleToRawLongBits((Double) value));
            case FLOAT -> (value, out) -> out.fixed32(Float.floatToRawIntBits((Float) value));
            case BOOLEAN -> (value, out) -> out.bytes1((Boolean) value ? 1 : 0);
            case BYTES -> (value, out) -> out.bytes((ByteBuffer) value);
            case ARRAY -> array(schema, path);
            case UNION -> nullable(schema, path);
            case NULL -> (value, out) -> { };
            default -> throw notCovered(schema, path);
        };
    }

    private static IllegalArgumentException notCovered(Schema schema, String path) {
        String type = schema.getLogicalType() != null ? schema.getLogicalType().getName() + " " + schema.getType().getName()
                : schema.getType().getName();
        return new IllegalArgumentException("AvroBinaryWriter does not cover " + type + " at " + path);
    }

    private static Writer record(Schema schema, String path) {
        List<Schema.Field> fields = schema.getFields();
        Writer[] writers = new Writer[fields.size()];
        for (int i = 0; i < writers.length; i++) {
            writers[i] = writer(fields.get(i).schema(), true, path + "." + fields.get(i).name());
        }
        return (value, out) -> {
            IndexedRecord record = (IndexedRecord) value;
            for (int i = 0; i < writers.length; i++) writers[i].write(record.get(i), out);
        };
    }

    private static Writer enumWriter(Schema schema, String path) {
        List<String> symbols = schema.getEnumSymbols();
        // Generated enums declare the symbols in the schema's order; a generic symbol is looked up by name.
        return (value, out) -> {
            int index = value instanceof Enum<?> e ? e.ordinal() : symbols.indexOf(value.toString());
            if (index < 0) throw new IllegalArgumentException("not a symbol of " + schema.getFullName() + " at " + path + ": " + value);
            out.varint(index);
        };
    }

    private static Writer array(Schema schema, String path) {
        Writer item = writer(schema.getElementType(), false, path + "[]");
        return (value, out) -> {
            Collection<?> items = (Collection<?>) value;
            // One block of all items, then the empty block that ends the array, as Avro's BinaryEncoder writes it.
            if (!items.isEmpty()) {
                out.varint(items.size());
                for (Object o : items) item.write(o, out);
            }
            out.bytes1(0);
        };
    }

    private static Writer nullable(Schema schema, String path) {
        List<Schema> branches = schema.getTypes();
        int nullIndex = branches.size() != 2 ? -1
                : branches.get(0).getType() == Schema.Type.NULL ? 0
                : branches.get(1).getType() == Schema.Type.NULL ? 1 : -1;
        if (nullIndex < 0) throw notCovered(schema, path);
        Writer other = writer(branches.get(1 - nullIndex), false, path);
        return (value, out) -> {
            if (value == null) {
                out.varint(nullIndex);
            } else {
                out.varint(1 - nullIndex);
                other.write(value, out);
            }
        };
    }

    /** One thread's growing buffer. */
    private static final class Output {
        static final int INITIAL_BYTES = 4096;

        byte[] buf = new byte[INITIAL_BYTES];
        int pos;

        void ensure(int more) {
            if (buf.length - pos < more) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
            }
        }

        void bytes1(int b) {
            ensure(1);
            buf[pos++] = (byte) b;
        }

        void varint(long n) {
            ensure(10);
            long z = (n << 1) ^ (n >> 63);
            while ((z & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((z & 0x7F) | 0x80);
                z >>>= 7;
            }
            buf[pos++] = (byte) z;
        }

        void fixed64(long bits) {
            ensure(8);
            for (int i = 0; i < 8; i++) buf[pos++] = (byte) (bits >>> (8 * i));
        }

        void fixed32(int bits) {
            ensure(4);
            for (int i = 0; i < 4; i++) buf[pos++] = (byte) (bits >>> (8 * i));
        }

        void bytes(ByteBuffer b) {
            int len = b.remaining();
            varint(len);
            ensure(len);
            b.duplicate().get(buf, pos, len);
            pos += len;
        }

        /**
         * The UTF-8 length, then the bytes. The length's varint is sized for the char count (UTF-8 never
         * has fewer bytes) and moved up when the bytes turn out to need a longer one.
         */
        void string(String s) {
            int n = s.length();
            // Exact: a string beyond 700 million chars must fail here, not overflow the bound.
            ensure(Math.addExact(5, Math.multiplyExact(3, n)));
            int lengthAt = pos;
            // Up to 21 chars make at most 63 bytes: a one-byte length, the common case (tokens, lemmas).
            int start = lengthAt + (n <= 21 ? 1 : varintSize(n));
            byte[] b = buf;
            // Most text is ASCII: a loop with nothing but the copy, which the JIT compiles tighter.
            int ascii = 0;
            for (char c; ascii < n && (c = s.charAt(ascii)) < 0x80; ascii++) {
                b[start + ascii] = (byte) c;
            }
            int p = start + ascii;
            for (int i = ascii; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    b[p++] = (byte) c;
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xC0 | (c >> 6));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    char low;
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(low = s.charAt(i + 1))) {
                        int cp = Character.toCodePoint(c, low);
                        i++;
                        b[p++] = (byte) (0xF0 | (cp >> 18));
                        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                        b[p++] = (byte) (0x80 | (cp & 0x3F));
                    } else {
                        b[p++] = '?';
                    }
                } else {
                    b[p++] = (byte) (0xE0 | (c >> 12));
                    b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            int len = p - start;
            if (len < 64) {
                b[lengthAt] = (byte) (len << 1);
                pos = p;
                return;
            }
            int shift = varintSize(len) - (start - lengthAt);
            if (shift > 0) {
                System.arraycopy(b, start, b, start + shift, len);
            }
            pos = lengthAt;
            varint(len);
            pos += len;
        }

        private static int varintSize(int n) {
            long z = Integer.toUnsignedLong(n) << 1;
            int size = 1;
            while ((z & ~0x7FL) != 0) {
                size++;
                z >>>= 7;
            }
            return size;
        }
    }
}
