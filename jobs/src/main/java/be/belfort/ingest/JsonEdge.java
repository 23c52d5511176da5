package be.belfort.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The JSON-lines edge format of every {@code be.belfort.schema} record, derived from the Avro
 * schema so that the two never drift apart.
 *
 * <p>Mapping: field names as in the schema (snake_case) and in schema order; timestamp-millis
 * as ISO-8601 instants ({@code 2026-07-20T21:15:00Z}); enums as their (lower-case) symbols;
 * nullable fields {@code null} (written) or absent (read); records as objects (geo as
 * {@code {"lat":51.05,"lon":3.72}}); arrays as arrays; maps as objects; bytes and fixed as
 * base64.
 *
 * <p>Reading is strict: malformed JSON, duplicate keys, trailing content, unknown fields, missing
 * fields without a default, wrong JSON types and out-of-range numbers are rejected with a reason
 * that names the field but never echoes the payload.
 */
public final class JsonEdge {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Keeps payload fragments (possibly author handles) out of parser messages.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Longest piece of an input value that a reason may quote (enum symbols only). */
    private static final int MAX_QUOTED = 40;

    private JsonEdge() {}

    /** One line of compact JSON for {@code record}, fields in schema order, nulls written. */
    public static String toJson(SpecificRecord record) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = MAPPER.createGenerator(out)) {
            write(gen, record.getSchema(), record, SpecificData.getForClass(record.getClass()),
                    record.getSchema().getName());
        } catch (IOException e) {
            // A StringWriter does not fail; this would be a broken invariant.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Parses one JSON document into {@code type}.
     *
     * @throws InvalidInputException e.g. "missing field 'text'", "wrong type for 'geo'",
     *     "created_at is not an ISO-8601 timestamp", "unknown field 'foo'"
     */
    public static <T extends SpecificRecord> T fromJson(String json, Class<T> type)
            throws InvalidInputException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidInputException("malformed JSON: " + gist(e.getOriginalMessage())
                    + (at == null ? "" : " at line " + at.getLineNr() + " column "
                            + at.getColumnNr()));
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidInputException("empty JSON document");
        }
        SpecificData model = SpecificData.getForClass(type);
        return type.cast(readRecord(model.getSchema(type), root, "", model));
    }

    /**
     * Jackson's message without the payload: it quotes offending tokens ("Unrecognized token
     * 'jan_de_smet'"), which may well be an author handle. Duplicate keys keep their name, which
     * is what one needs to fix the producer.
     */
    private static String gist(String message) {
        if (message.startsWith("Duplicate field ")) {
            return message;
        }
        int colon = message.indexOf(':');
        String head = colon < 0 ? message : message.substring(0, colon);
        return head.replaceAll("'[^']{2,}'", "'…'");
    }

    // ---------------------------------------------------------------- writing

    private static void write(JsonGenerator gen, Schema schema, Object value, SpecificData model,
            String path) throws IOException {
        switch (schema.getType()) {
            case NULL -> gen.writeNull();
            case BOOLEAN -> gen.writeBoolean((Boolean) required(value, path));
            case INT -> gen.writeNumber((Integer) required(value, path));
            case LONG -> {
                Object v = required(value, path);
                if (isTimestamp(schema)) {
                    gen.writeString(DateTimeFormatter.ISO_INSTANT.format(v instanceof Instant i
                            ? i : Instant.ofEpochMilli((Long) v)));
                } else {
                    gen.writeNumber((Long) v);
                }
            }
            case FLOAT -> gen.writeNumber((Float) required(value, path));
            case DOUBLE -> gen.writeNumber((Double) required(value, path));
            case STRING -> gen.writeString(required(value, path).toString());
            case ENUM -> gen.writeString(required(value, path).toString());
            case BYTES -> {
                ByteBuffer buffer = ((ByteBuffer) required(value, path)).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                gen.writeString(Base64.getEncoder().encodeToString(bytes));
            }
            case FIXED -> gen.writeString(Base64.getEncoder()
                    .encodeToString(((GenericFixed) required(value, path)).bytes()));
            case ARRAY -> {
                gen.writeStartArray();
                int i = 0;
                for (Object item : (Collection<?>) required(value, path)) {
                    write(gen, schema.getElementType(), item, model, path + "[" + i++ + "]");
                }
                gen.writeEndArray();
            }
            case MAP -> {
                gen.writeStartObject();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) required(value, path)).entrySet()) {
                    gen.writeFieldName(e.getKey().toString());
                    write(gen, schema.getValueType(), e.getValue(), model,
                            path + "." + e.getKey());
                }
                gen.writeEndObject();
            }
            case UNION -> {
                if (value == null) {
                    gen.writeNull();
                } else {
                    int branch = model.resolveUnion(schema, value);
                    write(gen, schema.getTypes().get(branch), value, model, path);
                }
            }
            case RECORD -> {
                IndexedRecord record = (IndexedRecord) required(value, path);
                gen.writeStartObject();
                for (Schema.Field field : schema.getFields()) {
                    gen.writeFieldName(field.name());
                    write(gen, field.schema(), record.get(field.pos()), model,
                            path + "." + field.name());
                }
                gen.writeEndObject();
            }
        }
    }

    /** Records built in code may leave required fields unset: a programming error, not input. */
    private static Object required(Object value, String path) {
        if (value == null) {
            throw new IllegalArgumentException(path + " is null but its schema is not nullable");
        }
        return value;
    }

    // ---------------------------------------------------------------- reading

    private static Object read(Schema schema, JsonNode node, String path, SpecificData model)
            throws InvalidInputException {
        if (node.isNull() && schema.getType() != Schema.Type.NULL
                && schema.getType() != Schema.Type.UNION) {
            throw new InvalidInputException("'" + path + "' must not be null");
        }
        switch (schema.getType()) {
            case NULL -> {
                expect(node.isNull(), path);
                return null;
            }
            case BOOLEAN -> {
                expect(node.isBoolean(), path);
                return node.booleanValue();
            }
            case INT -> {
                expect(node.isIntegralNumber(), path);
                if (!node.canConvertToInt()) {
                    throw new InvalidInputException("'" + path + "' is out of range");
                }
                return node.intValue();
            }
            case LONG -> {
                if (isTimestamp(schema)) {
                    return readTimestamp(schema, node, path, model);
                }
                expect(node.isIntegralNumber(), path);
                if (!node.canConvertToLong()) {
                    throw new InvalidInputException("'" + path + "' is out of range");
                }
                return node.longValue();
            }
            case FLOAT -> {
                expect(node.isNumber(), path);
                return node.floatValue();
            }
            case DOUBLE -> {
                expect(node.isNumber(), path);
                return node.doubleValue();
            }
            case STRING -> {
                expect(node.isTextual(), path);
                return node.textValue();
            }
            case BYTES -> {
                return ByteBuffer.wrap(base64(node, path));
            }
            case FIXED -> {
                byte[] bytes = base64(node, path);
                if (bytes.length != schema.getFixedSize()) {
                    throw new InvalidInputException("'" + path + "' must hold "
                            + schema.getFixedSize() + " bytes, not " + bytes.length);
                }
                return model.createFixed(null, bytes, schema);
            }
            case ENUM -> {
                expect(node.isTextual(), path);
                String symbol = node.textValue();
                if (!schema.getEnumSymbols().contains(symbol)) {
                    String shown = symbol.length() > MAX_QUOTED
                            ? symbol.substring(0, MAX_QUOTED) + "…" : symbol;
                    throw new InvalidInputException("unknown " + path + " '" + shown
                            + "' (expected one of " + String.join(", ", schema.getEnumSymbols())
                            + ")");
                }
                return model.createEnum(symbol, schema);
            }
            case ARRAY -> {
                expect(node.isArray(), path);
                List<Object> items = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    items.add(read(schema.getElementType(), node.get(i), path + "[" + i + "]",
                            model));
                }
                return items;
            }
            case MAP -> {
                expect(node.isObject(), path);
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    map.put(e.getKey(), read(schema.getValueType(), e.getValue(),
                            path + "." + e.getKey(), model));
                }
                return map;
            }
            case UNION -> {
                return readUnion(schema, node, path, model);
            }
            case RECORD -> {
                return readRecord(schema, node, path, model);
            }
        }
        throw new IllegalStateException("unhandled Avro type " + schema.getType());
    }

    private static Object readRecord(Schema schema, JsonNode node, String path,
            SpecificData model) throws InvalidInputException {
        if (!node.isObject()) {
            throw path.isEmpty()
                    ? new InvalidInputException("expected a JSON object, found "
                            + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT))
                    : wrongType(path);
        }
        String prefix = path.isEmpty() ? "" : path + ".";
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (schema.getField(e.getKey()) == null) {
                throw new InvalidInputException("unknown field '" + prefix + e.getKey() + "'");
            }
        }
        IndexedRecord record = (IndexedRecord) model.newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = node.get(field.name());
            if (value == null) {
                if (!field.hasDefaultValue()) {
                    throw new InvalidInputException(
                            "missing field '" + prefix + field.name() + "'");
                }
                record.put(field.pos(), model.getDefaultValue(field));
            } else {
                record.put(field.pos(), read(field.schema(), value, prefix + field.name(), model));
            }
        }
        return record;
    }

    /**
     * Nullable unions read their single other branch directly, so errors stay specific
     * ("wrong type for 'geo.lat'"); wider unions take the first branch that accepts the value.
     */
    private static Object readUnion(Schema schema, JsonNode node, String path,
            SpecificData model) throws InvalidInputException {
        List<Schema> branches = schema.getTypes().stream()
                .filter(s -> s.getType() != Schema.Type.NULL).toList();
        if (node.isNull()) {
            if (branches.size() == schema.getTypes().size()) {
                throw new InvalidInputException("'" + path + "' must not be null");
            }
            return null;
        }
        if (branches.size() == 1) {
            return read(branches.get(0), node, path, model);
        }
        for (Schema branch : branches) {
            try {
                return read(branch, node, path, model);
            } catch (InvalidInputException notThisBranch) {
                // Try the next branch; only when none fits is the value wrong.
            }
        }
        throw wrongType(path);
    }

    private static Object readTimestamp(Schema schema, JsonNode node, String path,
            SpecificData model) throws InvalidInputException {
        if (!node.isTextual()) {
            throw new InvalidInputException(path + " is not an ISO-8601 timestamp");
        }
        Instant instant;
        try {
            instant = DateTimeFormatter.ISO_INSTANT.parse(node.textValue(), Instant::from)
                    .truncatedTo(ChronoUnit.MILLIS);
            // Avro stores epoch milliseconds; refuse what would overflow them later.
            instant.toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            throw new InvalidInputException(path + " is not an ISO-8601 timestamp");
        }
        // Classes generated without logical-type conversions hold plain epoch millis.
        return model.getConversionFor(schema.getLogicalType()) == null
                ? (Object) instant.toEpochMilli() : instant;
    }

    private static byte[] base64(JsonNode node, String path) throws InvalidInputException {
        expect(node.isTextual(), path);
        try {
            return Base64.getDecoder().decode(node.textValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("'" + path + "' is not valid base64");
        }
    }

    private static boolean isTimestamp(Schema schema) {
        LogicalType type = schema.getLogicalType();
        return type instanceof LogicalTypes.TimestampMillis;
    }

    private static void expect(boolean ok, String path) throws InvalidInputException {
        if (!ok) {
            throw wrongType(path);
        }
    }

    private static InvalidInputException wrongType(String path) {
        return new InvalidInputException("wrong type for '" + path + "'");
    }
}
