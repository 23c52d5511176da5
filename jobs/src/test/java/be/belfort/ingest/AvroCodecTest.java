package be.belfort.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import be.belfort.schema.Alert;
import be.belfort.schema.AlertAction;
import be.belfort.schema.EnrichedPost;
import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * {@link AvroBinaryWriter} and {@link AvroBinaryReader} (through {@link AvroCodec}) against Avro's own
 * single-object encoder and decoder. Hostile bodies are {@code HostileRecordsTest}'s.
 */
class AvroCodecTest {
    /** Every record class the job writes to Kafka or files. */
    private static final List<Class<? extends SpecificRecord>> WRITTEN =
            List.of(Post.class, EnrichedPost.class, Alert.class, AlertAction.class, RejectedRecord.class);

    /** Texts where UTF-8 encoding can go wrong. */
    private static final List<String> AWKWARD = List.of(
            "",
            "a",
            "Korenmarkt",
            "café één coördinatie",                    // two-byte UTF-8 in a Latin-1 string
            "€ 5 ≠ 6 — ghent ↔ gent",                  // three bytes
            "🔥🚓 vechtpartij 👮‍♀️",                   // surrogate pairs, a zero-width joiner
            "\uD83D",                                  // an unpaired high surrogate, alone
            "end \uD83D",                              // ... at the end
            "\uDE00 start",                            // an unpaired low surrogate
            "\uDE00\uD83D",                            // low before high: two unpaired
            "nul \u0000 inside",
            "x".repeat(63),                            // the length's varint: 1 byte up to 63
            "x".repeat(64),
            "€".repeat(21),                            // the most a one-byte length can be assumed for: 63 bytes
            "€".repeat(22),                            // 22 chars, 66 bytes: the length needs a second byte
            "é".repeat(40),                            // 40 chars (1-byte length), 80 bytes (2-byte length)
            "€".repeat(3000),                          // 3,000 chars (2 bytes), 9,000 bytes (2 bytes)
            "€".repeat(6000),                          // 6,000 chars (2 bytes), 18,000 bytes (3 bytes)
            "y".repeat(1 << 20));                      // larger than the kept buffer

    @Test
    void everyWrittenRecordClassIsByteForByteWhatAvroWrites() throws Exception {
        Random random = new Random(20261128);
        for (Class<? extends SpecificRecord> type : WRITTEN) {
            for (int i = 0; i < 300; i++) {
                SpecificRecord record = randomRecord(SpecificData.getForClass(type).getSchema(type), type, random);
                assertArrayEquals(avro(type, record), AvroCodec.encode(record), type.getSimpleName() + " #" + i);
            }
        }
    }

    @Test
    void everyWrittenRecordClassIsReadBackAsAvroReadsIt() throws Exception {
        Random random = new Random(20261129);
        for (Class<? extends SpecificRecord> type : WRITTEN) {
            SpecificData model = SpecificData.getForClass(type);
            BinaryMessageDecoder<SpecificRecord> avro = new BinaryMessageDecoder<>(model, model.getSchema(type));
            for (int i = 0; i < 300; i++) {
                byte[] bytes = AvroCodec.encode(randomRecord(model.getSchema(type), type, random));
                SpecificRecord expected = avro.decode(bytes);
                SpecificRecord actual = AvroCodec.decode(bytes, type);
                // Not equals(): a record holding a NaN is not equal to itself.
                assertEquals(type, actual.getClass());
                assertEquals(expected.toString(), actual.toString(), type.getSimpleName() + " #" + i);
                assertArrayEquals(bytes, AvroCodec.encode(actual), type.getSimpleName() + " #" + i + " written again");
            }
        }
    }

    @Test
    void aTimestampIsReadAsTheInstantItWasWrittenFrom() throws Exception {
        Post post = Post.newBuilder().setId("1").setPlatform(be.belfort.schema.Platform.bluesky).setAuthor("@a")
                .setText("t").setCreatedAt(Instant.ofEpochMilli(-1_234_567)).setLang("nl").build();
        Post back = AvroCodec.decode(AvroCodec.encode(post), Post.class);
        assertEquals(post, back);
        assertEquals(Instant.ofEpochMilli(-1_234_567), back.getCreatedAt());
        assertEquals(be.belfort.schema.Platform.bluesky, back.getPlatform());
    }

    @Test
    void awkwardTextsAreEncodedAsStringGetBytesDoes() throws Exception {
        for (String text : AWKWARD) {
            Post post = Post.newBuilder().setId("1").setPlatform(be.belfort.schema.Platform.twitter)
                    .setAuthor("@a").setText(text).setCreatedAt(Instant.ofEpochMilli(-1)).build();
            assertArrayEquals(avro(Post.class, post), AvroCodec.encode(post), "text of " + text.length() + " chars");
        }
    }

    @Test
    void bytesAreWrittenFromTheBuffersPositionWithoutMovingIt() throws Exception {
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {9, 1, 2, 3, 9}, 1, 3);
        RejectedRecord r = new RejectedRecord("topic/0/1", payload, "why", Instant.EPOCH);
        assertArrayEquals(avro(RejectedRecord.class, r), AvroCodec.encode(r));
        assertEquals(1, payload.position());
    }

    @Test
    void refusesWhatItDoesNotCoverByPath() {
        Schema withMap = new Schema.Parser().parse("""
                {"type": "record", "name": "R", "namespace": "t", "fields": [
                  {"name": "inner", "type": {"type": "record", "name": "I", "fields": [
                    {"name": "counts", "type": {"type": "map", "values": "long"}}]}}]}""");
        assertEquals("AvroBinaryWriter does not cover map at t.R.inner.counts",
                assertThrows(IllegalArgumentException.class, () -> AvroBinaryWriter.compile(withMap)).getMessage());
        Schema threeWay = new Schema.Parser().parse("""
                {"type": "record", "name": "R", "fields": [{"name": "v", "type": ["null", "string", "long"]}]}""");
        assertEquals("AvroBinaryWriter does not cover union at R.v",
                assertThrows(IllegalArgumentException.class, () -> AvroBinaryWriter.compile(threeWay)).getMessage());
        Schema date = new Schema.Parser().parse("""
                {"type": "record", "name": "R", "fields": [{"name": "d", "type": {"type": "int", "logicalType": "date"}}]}""");
        assertEquals("AvroBinaryWriter does not cover date int at R.d",
                assertThrows(IllegalArgumentException.class, () -> AvroBinaryWriter.compile(date)).getMessage());
    }

    private static byte[] avro(Class<? extends SpecificRecord> type, SpecificRecord record) throws Exception {
        SpecificData model = SpecificData.getForClass(type);
        ByteBuffer b = new BinaryMessageEncoder<SpecificRecord>(model, model.getSchema(type)).encode(record);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    /** A record of {@code schema} with random values, through the generated class's model. */
    private static SpecificRecord randomRecord(Schema schema, Class<?> type, Random random) {
        SpecificData model = SpecificData.getForClass(type);
        SpecificRecord record = (SpecificRecord) model.newRecord(null, schema);
        for (Schema.Field f : schema.getFields()) {
            record.put(f.pos(), value(f.schema(), type, random, true));
        }
        return record;
    }

    private static Object value(Schema s, Class<?> type, Random random, boolean field) {
        if (field && s.getLogicalType() != null) {
            return Instant.ofEpochMilli(random.nextBoolean() ? random.nextLong() % 400_000_000_000_000L : random.nextInt());
        }
        return switch (s.getType()) {
            case STRING -> random.nextInt(4) == 0 ? AWKWARD.get(random.nextInt(AWKWARD.size() - 1)) : randomText(random);
            case LONG -> random.nextInt(3) == 0 ? random.nextLong() : (long) random.nextInt(200) - 100;
            case INT -> random.nextInt();
            case DOUBLE -> List.of(random.nextDouble() * 1e6 - 5e5, -0.0, Double.NaN, Double.MAX_VALUE).get(random.nextInt(4));
            case FLOAT -> random.nextFloat();
            case BOOLEAN -> random.nextBoolean();
            case BYTES -> {
                byte[] b = new byte[random.nextInt(300)];
                random.nextBytes(b);
                yield ByteBuffer.wrap(b);
            }
            case ENUM -> SpecificData.getForClass(type).createEnum(
                    s.getEnumSymbols().get(random.nextInt(s.getEnumSymbols().size())), s);
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                int n = random.nextInt(3) == 0 ? 0 : random.nextInt(90);
                for (int i = 0; i < n; i++) items.add(value(s.getElementType(), type, random, false));
                yield items;
            }
            case UNION -> {
                Schema branch = s.getTypes().get(random.nextInt(s.getTypes().size()));
                yield branch.getType() == Schema.Type.NULL ? null : value(branch, type, random, false);
            }
            case RECORD -> randomRecord(s, type, random);
            default -> throw new AssertionError("no generator for " + s);
        };
    }

    /** Random code points, sometimes broken into unpaired surrogates. */
    private static String randomText(Random random) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(200);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(6)) {
                case 0, 1, 2 -> b.append((char) (' ' + random.nextInt(95)));
                case 3 -> b.append((char) (0x80 + random.nextInt(0x780)));
                case 4 -> b.append((char) (0x800 + random.nextInt(0xF7FF)));   // includes lone surrogates
                default -> b.appendCodePoint(0x10000 + random.nextInt(0x100000 - 0x10000));
            }
        }
        return b.toString();
    }
}
