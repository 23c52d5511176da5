package be.belfort.ingest;

import static be.belfort.ingest.TestPosts.HANDLE;
import static be.belfort.ingest.TestPosts.NOW;
import static be.belfort.ingest.TestPosts.avro;
import static be.belfort.ingest.TestPosts.decoder;
import static be.belfort.ingest.TestPosts.json;
import static be.belfort.ingest.TestPosts.post;
import static be.belfort.ingest.TestPosts.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.Post;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PostDecoderTest {

    private static String reason(Ingested result) {
        assertTrue(result.isRejected(), () -> "expected a reject, got " + result);
        assertNull(result.post);
        return result.rejected.getReason();
    }

    private static String reason(WireFormat format, byte[] payload) {
        return reason(decoder(format).decode(payload, "t/0/1"));
    }

    /** Avro encoding of a post whose text is replaced, byte for byte, by {@code text}. */
    private static byte[] avroWithTextBytes(byte[] text) {
        String marker = "X".repeat(text.length);
        Post p = post("1");
        p.setText(marker);
        byte[] bytes = avro(p);
        int at = indexOf(bytes, utf8(marker));
        System.arraycopy(text, 0, bytes, at, text.length);
        return bytes;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("needle not found");
    }

    @Test
    void acceptsAvro() {
        byte[] payload = avro(post("1"));
        Ingested result = decoder(WireFormat.AVRO).decode(payload, () -> {
            throw new AssertionError("an accepted post's source is not named");
        });
        assertFalse(result.isRejected());
        assertEquals(post("1"), result.post);
        assertSame(payload, result.avro, "the checked bytes travel on as they are");
    }

    @Test
    void acceptsJson() {
        Ingested result = decoder(WireFormat.JSON).decode(json(post("1")), "f.jsonl:3");
        assertFalse(result.isRejected(), result::toString);
        assertEquals(post("1"), result.post);
        assertNull(result.avro);
    }

    @Test
    void autoDetectsAvroAndJson() {
        PostDecoder auto = decoder(WireFormat.AUTO);
        assertEquals(post("a"), auto.decode(avro(post("a")), "s").post);
        assertNotNull(auto.decode(avro(post("a")), "s").avro);
        assertEquals(post("j"), auto.decode(json(post("j")), "s").post);
        assertNull(auto.decode(json(post("j")), "s").avro);
        byte[] padded = utf8(" \r\n\t" + JsonEdge.toJson(post("p")));
        assertEquals(post("p"), auto.decode(padded, "s").post);
        byte[] bom = utf8("\uFEFF" + JsonEdge.toJson(post("b")));
        assertEquals(post("b"), auto.decode(bom, "s").post);
    }

    @Test
    void autoRejectsWhatIsNeitherAvroNorJson() {
        assertEquals("neither Avro single-object (C3 01) nor a JSON object: starts with byte 0x5B",
                reason(WireFormat.AUTO, utf8("[1,2]")));
        assertEquals("empty payload", reason(WireFormat.AUTO, utf8("  \n ")));
    }

    @Test
    void formatsDoNotCrossOver() {
        assertEquals("not Avro single-object encoding (expected header C3 01)",
                reason(WireFormat.AVRO, json(post("1"))));
        assertEquals("Avro single-object payload where JSON was expected",
                reason(WireFormat.JSON, avro(post("1"))));
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void rejectsEmptyAndMissingPayloads(WireFormat format) {
        assertEquals("empty payload", reason(format, new byte[0]));
        Ingested tombstone = decoder(format).decode(null, "t/0/9");
        assertEquals("empty payload", reason(tombstone));
        assertEquals("t/0/9", tombstone.rejected.getSource());
    }

    @Test
    void rejectsEveryTruncationOfAvro() {
        byte[] full = avro(post("1"));
        for (int len = 2; len < full.length; len++) {
            String reason = reason(WireFormat.AVRO, Arrays.copyOf(full, len));
            assertTrue(reason.startsWith("truncated Avro payload"), len + ": " + reason);
        }
    }

    @Test
    void rejectsUnknownFingerprintAndTrailingBytes() {
        byte[] other = avro(post("1"));
        other[5] ^= 0x55;
        assertTrue(reason(WireFormat.AVRO, other).startsWith("unknown Avro schema fingerprint "));

        byte[] full = avro(post("1"));
        byte[] longer = Arrays.copyOf(full, full.length + 3);
        assertEquals("3 unexpected bytes after the Avro record",
                reason(WireFormat.AVRO, longer));
    }

    @Test
    void rejectsForgedLengthsWithoutAllocating() {
        byte[] header = Arrays.copyOf(avro(post("1")), AvroCodec.HEADER_LENGTH);
        // id declares 2^30 bytes (zig-zag 2^31 = varint 80 80 80 80 08).
        byte[] forged = Arrays.copyOf(header, header.length + 8);
        System.arraycopy(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08,
                'a', 'b', 'c'}, 0, forged, header.length, 8);
        assertEquals("truncated Avro payload in 'id': 1073741824 bytes declared, 3 remain",
                reason(WireFormat.AVRO, forged));

        byte[] negative = Arrays.copyOf(header, header.length + 1);
        negative[header.length] = 0x01; // zig-zag -1
        assertEquals("negative length -1 in 'id' at byte 10", reason(WireFormat.AVRO, negative));

        byte[] endless = Arrays.copyOf(header, header.length + 12);
        Arrays.fill(endless, header.length, endless.length, (byte) 0xFF);
        assertEquals("malformed varint in 'id' at byte 10", reason(WireFormat.AVRO, endless));
    }

    @Test
    void rejectsOutOfRangeEnumAndUnionIndexes() {
        Post p = post("1");
        byte[] bytes = avro(p);
        // Body: id (len 1 = 0x02, '1'), then the platform enum index.
        int platformAt = AvroCodec.HEADER_LENGTH + 2;
        bytes[platformAt] = 0x7E; // zig-zag 63
        assertEquals("invalid enum index 63 in 'platform' at byte 12",
                reason(WireFormat.AVRO, bytes));
    }

    @Test
    void rejectsInvalidUtf8InAvroStrings() {
        byte[] bytes = avroWithTextBytes(new byte[] {'a', (byte) 0xFF, 'c'});
        int at = indexOf(bytes, new byte[] {'a', (byte) 0xFF}) + 1;
        assertEquals("not valid UTF-8 in 'text' at byte " + at, reason(WireFormat.AVRO, bytes));
        // Overlong '/' and a UTF-8-encoded surrogate: both illegal in strict UTF-8.
        assertTrue(reason(WireFormat.AVRO, avroWithTextBytes(new byte[] {(byte) 0xC0,
                (byte) 0xAF})).startsWith("not valid UTF-8 in 'text' at byte "));
        assertTrue(reason(WireFormat.AVRO, avroWithTextBytes(new byte[] {(byte) 0xED,
                (byte) 0xA0, (byte) 0x80})).startsWith("not valid UTF-8 in 'text' at byte "));
    }

    @Test
    void rejectsInvalidUtf8InJson() {
        byte[] payload = utf8("{\"id\":\"1\",\"text\":\"abcd\"}");
        payload[19] = (byte) 0xFE;
        assertEquals("not valid UTF-8 at byte 19", reason(WireFormat.JSON, payload));
        byte[] cut = utf8("{\"id\":\"é\"}");
        assertEquals("not valid UTF-8 at byte 7",
                reason(WireFormat.AUTO, Arrays.copyOf(cut, 8)));
    }

    @Test
    void rejectsDeeplyNestedJsonWithoutOverflowingTheStack() {
        byte[] nested = utf8("{\"id\":" + "[".repeat(200_000));
        assertTrue(reason(WireFormat.JSON, nested).startsWith("malformed JSON: "));
    }

    @Test
    void rejectsMissingFields() {
        String json = JsonEdge.toJson(post("1")).replaceFirst(
                "\"created_at\":\"[^\"]+\",", "");
        assertEquals("missing field 'created_at'", reason(WireFormat.JSON, utf8(json)));
    }

    @Test
    void rejectsAbsurdTimestamps() {
        Post future = post("1");
        future.setCreatedAt(Instant.parse("2036-07-20T22:00:00Z"));
        assertEquals("created_at 2036-07-20T22:00:00Z is more than 1h in the future",
                reason(WireFormat.AVRO, avro(future)));

        Post old = post("1");
        old.setCreatedAt(Instant.parse("2016-07-20T22:00:00Z"));
        assertEquals("created_at 2016-07-20T22:00:00Z is more than 30d old",
                reason(WireFormat.JSON, json(old)));
        PostDecoder replay = new PostDecoder(WireFormat.JSON, new PostValidator(
                ValidationLimits.defaults().withMaxAge(null), TestPosts.CLOCK));
        assertFalse(replay.decode(json(old), "s").isRejected());

        Post ancient = post("1");
        ancient.setCreatedAt(Instant.parse("1996-07-20T22:00:00Z"));
        assertTrue(reason(replay.decode(json(ancient), "s"))
                .endsWith(" is before 2006-01-01T00:00:00Z"));
    }

    @Test
    void rejectsHugeTextAndHugePayloads() {
        Post big = post("1");
        big.setText("x".repeat(20_001));
        assertEquals("text longer than 20000 characters", reason(WireFormat.AVRO, avro(big)));

        byte[] huge = new byte[3 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';
        Ingested result = decoder(WireFormat.AUTO).decode(huge, "t/0/5");
        assertEquals("payload of 3145728 bytes exceeds 2097152", reason(result));
        ByteBuffer kept = result.rejected.getPayload();
        assertEquals(PostDecoder.MAX_KEPT_PAYLOAD_BYTES, kept.remaining());
        assertEquals('{', kept.get(0));
        assertEquals(NOW, result.rejected.getRejectedAt());
    }

    @Test
    void rejectsNulAndLoneSurrogates() {
        String nul = JsonEdge.toJson(post("1")).replace("Grote brand", "Grote\\u0000brand");
        assertEquals("text contains a NUL character at index 5",
                reason(WireFormat.JSON, utf8(nul)));
        String lone = JsonEdge.toJson(post("1")).replace("Grote brand", "\\ud83dGrote");
        assertEquals("text contains an unpaired surrogate at index 0",
                reason(WireFormat.JSON, utf8(lone)));
        Post avroNul = post("1");
        avroNul.setText("Grote\0brand");
        assertEquals("text contains a NUL character at index 5", reason(WireFormat.AVRO, avro(avroNul)));
    }

    @Test
    void rejectsKeepPayloadAndNeverNameTheAuthor() {
        Post p = post("1");
        p.setText(" ");
        byte[] payload = json(p);
        Ingested result = decoder(WireFormat.JSON).decode(payload, "f:1");
        assertEquals("text is blank", reason(result));
        ByteBuffer kept = result.rejected.getPayload();
        byte[] keptBytes = new byte[kept.remaining()];
        kept.duplicate().get(keptBytes);
        assertArrayEquals(payload, keptBytes);
        assertFalse(result.toString().contains(HANDLE.substring(1)));
        assertFalse(decoder(WireFormat.JSON).decode(json(post("2")), "f:2").toString()
                .contains(HANDLE.substring(1)));
    }

    /**
     * Random bytes, random bytes behind a valid Avro header, and randomly mutated valid Avro and
     * JSON: decode must return a result every time, and whatever it accepts must be valid.
     */
    @Test
    void neverThrowsOnRandomInput() {
        Random random = new Random(20260720);
        PostDecoder auto = decoder(WireFormat.AUTO);
        PostValidator validator = TestPosts.validator();
        byte[] validAvro = avro(post("fuzz"));
        byte[] validJson = json(post("fuzz"));
        int accepted = 0;
        for (int i = 0; i < 4000; i++) {
            byte[] payload = switch (i % 4) {
                case 0 -> randomBytes(random, random.nextInt(200));
                case 1 -> {
                    byte[] body = randomBytes(random, random.nextInt(200));
                    byte[] b = Arrays.copyOf(validAvro, AvroCodec.HEADER_LENGTH + body.length);
                    System.arraycopy(body, 0, b, AvroCodec.HEADER_LENGTH, body.length);
                    yield b;
                }
                case 2 -> mutate(random, validAvro);
                default -> mutate(random, validJson);
            };
            Ingested result = auto.decode(payload, "fuzz/" + i);
            assertNotNull(result);
            if (result.isRejected()) {
                assertEquals("fuzz/" + i, result.rejected.getSource());
                assertNotNull(result.rejected.getReason());
                assertNull(result.post);
            } else {
                accepted++;
                assertNull(validator.problem(result.post));
            }
        }
        // The mutations are mostly destructive but not always: a sanity check on the corpus.
        assertTrue(accepted < 4000);
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] mutate(Random random, byte[] valid) {
        byte[] b = Arrays.copyOf(valid, valid.length - random.nextInt(3));
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        return b;
    }
}
