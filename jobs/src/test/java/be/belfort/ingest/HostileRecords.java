package be.belfort.ingest;

import be.belfort.schema.GeoPoint;
import be.belfort.schema.Platform;
import be.belfort.schema.Post;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;

/**
 * Malformed and hostile records for the posts topic, fast and reproducible (seeded): each one must
 * be rejected by ingest with a reason, none may crash anything. Every kind is derived from a valid
 * post, so it looks as close to real traffic as possible before it breaks.
 *
 * <p>The oversized kinds (about 1 MB each) are not drawn at random: a test asks for a handful with
 * {@link #next(Kind)} so that a run of 100,000 records stays quick.
 */
public final class HostileRecords {
    /** What is wrong with a record. */
    public enum Kind {
        TRUNCATED_AVRO, RANDOM_AVRO_BODY, RANDOM_BYTES, FORGED_AVRO_LENGTH, TRAILING_AVRO_BYTES,
        INVALID_UTF8_AVRO, INVALID_UTF8_JSON, OVERLONG_UTF8_JSON, ENCODED_SURROGATE_JSON,
        NUL_AVRO, NUL_JSON, LONE_SURROGATE_JSON, LONE_SURROGATE_AUTHOR_JSON,
        FUTURE_10Y_AVRO, PAST_10Y_JSON, BLANK_TEXT_AVRO, GEO_OUT_OF_RANGE_AVRO,
        WRONG_TYPE_TEXT, WRONG_TYPE_CREATED_AT, WRONG_TYPE_ID, UNKNOWN_PLATFORM, BAD_DATE, NULL_ID,
        UNKNOWN_FIELD, JSON_ARRAY, DEEP_JSON, OVERFLOWING_NUMBER, TRAILING_JSON, MISSING_FIELDS,
        TRUNCATED_JSON, EMPTY, WHITESPACE, TOMBSTONE,
        /** About 1 MB of text: ask for these with {@link #next(Kind)}. */
        HUGE_TEXT_AVRO,
        /** About 1 MB of text: ask for these with {@link #next(Kind)}. */
        HUGE_TEXT_JSON;

        /** The kinds {@link #next()} draws from (all but the oversized ones). */
        static final Kind[] CHEAP = Arrays.stream(values()).filter(k -> !k.name().startsWith("HUGE")).toArray(Kind[]::new);
    }

    /** A bad record: its Kafka value (null for a tombstone) and what is wrong with it. */
    public record Bad(Kind kind, byte[] payload) {}

    private static final String[] TEXTS = {
        "Vechtpartij op de Korenmarkt, politie ter plaatse",
        "Mooi weer vandaag in Gent, zalig terrasje gedaan ☀️",
        "Rookpluim boven Dampoort, brandweer onderweg 🚒",
        "Quelle belle soirée à Gand",
    };
    private static final int HUGE_CHARS = 1_000_000;

    private final Random random;
    private final Instant now;
    private long n;

    /** @param now the clock of the validator that will judge the records */
    public HostileRecords(long seed, Instant now) {
        this.random = new Random(seed);
        this.now = now;
    }

    /** A record of a random cheap kind. */
    public Bad next() {
        return next(Kind.CHEAP[random.nextInt(Kind.CHEAP.length)]);
    }

    /** A record of {@code kind}. */
    public Bad next(Kind kind) {
        Post p = base();
        String id = p.getId();
        return new Bad(kind, switch (kind) {
            case TRUNCATED_AVRO -> {
                byte[] full = AvroCodec.encode(p);
                yield Arrays.copyOf(full, 1 + random.nextInt(full.length - 1));
            }
            case RANDOM_AVRO_BODY -> {
                byte[] header = Arrays.copyOf(AvroCodec.encode(p), AvroCodec.HEADER_LENGTH);
                byte[] body = new byte[1 + random.nextInt(300)];
                random.nextBytes(body);
                yield concat(header, body);
            }
            case RANDOM_BYTES -> {
                byte[] b = new byte[1 + random.nextInt(500)];
                random.nextBytes(b);
                yield b;
            }
            case FORGED_AVRO_LENGTH -> {
                // The id's length says 2 GiB: zig-zag varint of Integer.MAX_VALUE.
                byte[] full = AvroCodec.encode(p);
                byte[] forged = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
                yield concat(Arrays.copyOf(full, AvroCodec.HEADER_LENGTH), forged,
                        Arrays.copyOfRange(full, AvroCodec.HEADER_LENGTH + 1, full.length));
            }
            case TRAILING_AVRO_BYTES -> concat(AvroCodec.encode(p), new byte[] {0, 1, 2});
            case INVALID_UTF8_AVRO -> {
                String marker = "XXXX";
                p.setText("begin " + marker + " einde");
                byte[] bytes = AvroCodec.encode(p);
                int at = indexOf(bytes, marker.getBytes(StandardCharsets.UTF_8));
                System.arraycopy(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE}, 0, bytes, at, 4);
                yield bytes;
            }
            case INVALID_UTF8_JSON -> jsonWithRawText(p, new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF});
            case OVERLONG_UTF8_JSON -> jsonWithRawText(p, new byte[] {(byte) 0xC0, (byte) 0xAF});
            case ENCODED_SURROGATE_JSON -> jsonWithRawText(p, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
            case NUL_AVRO -> {
                p.setText(p.getText() + "\u0000");
                yield AvroCodec.encode(p);
            }
            case NUL_JSON -> json(id, "twitter", "@x", "tekst \\u0000 na NUL", now.toString());
            case LONE_SURROGATE_JSON -> json(id, "twitter", "@x", "half \\ud83d emoji", now.toString());
            case LONE_SURROGATE_AUTHOR_JSON -> json(id, "twitter", "@x\\udc00", "tekst", now.toString());
            case FUTURE_10Y_AVRO -> {
                p.setCreatedAt(now.atOffset(ZoneOffset.UTC).plusYears(10).toInstant());
                yield AvroCodec.encode(p);
            }
            case PAST_10Y_JSON -> json(id, "twitter", "@x", "tekst", now.atOffset(ZoneOffset.UTC).minusYears(10).toInstant().toString());
            case BLANK_TEXT_AVRO -> {
                p.setText(" \t\n ");
                yield AvroCodec.encode(p);
            }
            case GEO_OUT_OF_RANGE_AVRO -> {
                p.setGeo(new GeoPoint(91.0 + random.nextInt(1000), 3.7));
                yield AvroCodec.encode(p);
            }
            case WRONG_TYPE_TEXT -> utf8("{\"id\":\"" + id + "\",\"platform\":\"twitter\",\"author\":\"@x\",\"text\":" + random.nextInt()
                    + ",\"created_at\":\"" + now + "\"}");
            case WRONG_TYPE_CREATED_AT -> utf8("{\"id\":\"" + id + "\",\"platform\":\"twitter\",\"author\":\"@x\",\"text\":\"t\",\"created_at\":true}");
            case WRONG_TYPE_ID -> utf8("{\"id\":{\"nested\":[1,2]},\"platform\":\"twitter\",\"author\":\"@x\",\"text\":\"t\",\"created_at\":\"" + now + "\"}");
            case UNKNOWN_PLATFORM -> json(id, "myspace", "@x", "tekst", now.toString());
            case BAD_DATE -> json(id, "twitter", "@x", "tekst", "gisteren om acht uur");
            case NULL_ID -> utf8("{\"id\":null,\"platform\":\"twitter\",\"author\":\"@x\",\"text\":\"t\",\"created_at\":\"" + now + "\"}");
            case UNKNOWN_FIELD -> utf8("{\"id\":\"" + id + "\",\"platform\":\"twitter\",\"author\":\"@x\",\"text\":\"t\",\"created_at\":\""
                    + now + "\",\"retweets\":12}");
            case JSON_ARRAY -> utf8("[{\"id\":\"" + id + "\"}]");
            case DEEP_JSON -> utf8("{\"id\":\"" + id + "\",\"geo\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}");
            case OVERFLOWING_NUMBER -> utf8("{\"id\":\"" + id + "\",\"platform\":\"twitter\",\"author\":\"@x\",\"text\":\"t\",\"created_at\":\""
                    + now + "\",\"geo\":{\"lat\":1e999999999,\"lon\":" + "9".repeat(5_000) + "}}");
            case TRAILING_JSON -> concat(json(id, "twitter", "@x", "tekst", now.toString()), utf8(" {\"id\":\"again\"}"));
            case MISSING_FIELDS -> utf8("{\"id\":\"" + id + "\",\"platform\":\"twitter\",\"created_at\":\"" + now + "\"}");
            case TRUNCATED_JSON -> {
                byte[] full = json(id, "twitter", "@x", p.getText(), now.toString());
                yield Arrays.copyOf(full, 1 + random.nextInt(full.length - 2));
            }
            case EMPTY -> new byte[0];
            case WHITESPACE -> utf8(" \r\n\t ");
            case TOMBSTONE -> null;
            case HUGE_TEXT_AVRO -> {
                p.setText("x".repeat(HUGE_CHARS));
                yield AvroCodec.encode(p);
            }
            case HUGE_TEXT_JSON -> json(id, "twitter", "@x", "y".repeat(HUGE_CHARS), now.toString());
        });
    }

    /** A valid post: the starting point of every kind. */
    private Post base() {
        return Post.newBuilder()
                .setId("bad-" + n++)
                .setPlatform(Platform.twitter)
                .setAuthor("@hostile_" + random.nextInt(100))
                .setText(TEXTS[random.nextInt(TEXTS.length)])
                .setCreatedAt(now.minus(Duration.ofSeconds(random.nextInt(3600))).truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                .build();
    }

    private static byte[] json(String id, String platform, String author, String escapedText, String createdAt) {
        return utf8("{\"id\":\"" + id + "\",\"platform\":\"" + platform + "\",\"author\":\"" + author + "\",\"text\":\""
                + escapedText + "\",\"created_at\":\"" + createdAt + "\"}");
    }

    /** JSON of {@code p} with {@code raw} bytes spliced into the text, after its first character. */
    private static byte[] jsonWithRawText(Post p, byte[] raw) {
        byte[] head = utf8("{\"id\":\"" + p.getId() + "\",\"platform\":\"twitter\",\"author\":\"@x\",\"text\":\"a");
        byte[] tail = utf8("b\",\"created_at\":\"" + p.getCreatedAt() + "\"}");
        return concat(head, raw, tail);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) out.writeBytes(part);
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) return i;
        }
        throw new IllegalStateException("marker not found");
    }
}
