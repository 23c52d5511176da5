package be.belfort.ingest;

import static be.belfort.ingest.TestPosts.NOW;
import static be.belfort.ingest.TestPosts.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import be.belfort.schema.GeoPoint;
import be.belfort.schema.Post;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class PostValidatorTest {
    private final PostValidator validator = TestPosts.validator();

    private String problem(Consumer<Post> change) {
        Post p = post("1");
        change.accept(p);
        return validator.problem(p);
    }

    @Test
    void acceptsARealisticPost() {
        assertNull(validator.problem(post("1")));
        assertNull(problem(p -> p.setGeo(null)));
        assertNull(problem(p -> p.setCreatedAt(NOW.plus(Duration.ofMinutes(59)))));
    }

    @Test
    void requiresNonBlankIdAuthorAndText() {
        assertEquals("missing field 'id'", problem(p -> p.setId(null)));
        assertEquals("id is blank", problem(p -> p.setId(" \t")));
        assertEquals("author is blank", problem(p -> p.setAuthor("")));
        assertEquals("text is blank", problem(p -> p.setText("\n")));
        assertEquals("missing field 'platform'", problem(p -> p.setPlatform(null)));
        // The generated setter cannot take null; the record interface can.
        assertEquals("missing field 'created_at'", problem(p -> p.put("created_at", null)));
    }

    @Test
    void boundsLengthsInCharactersNotUtf16Units() {
        assertEquals("id longer than 256 characters", problem(p -> p.setId("9".repeat(257))));
        assertEquals("author longer than 256 characters",
                problem(p -> p.setAuthor("a".repeat(257))));
        assertEquals("text longer than 20000 characters",
                problem(p -> p.setText("x".repeat(20_001))));
        // 20 000 emoji are 40 000 UTF-16 units but 20 000 characters.
        assertNull(problem(p -> p.setText("\uD83D\uDD25".repeat(20_000))));
    }

    @Test
    void rejectsNulAndLoneSurrogatesInAnyStringField() {
        assertEquals("text contains a NUL character at index 2", problem(p -> p.setText("ab\0c")));
        assertEquals("text contains an unpaired surrogate at index 1",
                problem(p -> p.setText("a\uDD25b")));
        assertEquals("text contains an unpaired surrogate at index 1",
                problem(p -> p.setText("a\uD83D")));
        assertEquals("url contains a NUL character at index 0", problem(p -> p.setUrl("\0")));
        assertEquals("id contains an unpaired surrogate at index 0",
                problem(p -> p.setId("\uD83Dx")));
    }

    /** Avro strings come through strict UTF-8, which cannot yield an unpaired surrogate: only that scan is left out. */
    @Test
    void forStrictUtf8StringsEveryCheckButTheSurrogateScanStays() {
        Post nul = post("1");
        nul.setText("ab\0c");
        assertEquals("text contains a NUL character at index 2", validator.problemOfStrictUtf8(nul));
        Post nulUrl = post("1");
        nulUrl.setUrl("\0");
        assertEquals("url contains a NUL character at index 0", validator.problemOfStrictUtf8(nulUrl));
        Post blank = post("1");
        blank.setAuthor("");
        assertEquals("author is blank", validator.problemOfStrictUtf8(blank));
        Post emoji = post("1");
        emoji.setText("\uD83D\uDD25 brand");
        assertNull(validator.problemOfStrictUtf8(emoji));
        assertNull(validator.problemOfStrictUtf8(post("1")));
    }

    @Test
    void checksCreatedAtRange() {
        assertEquals("created_at 2005-12-31T23:59:59Z is before 2006-01-01T00:00:00Z",
                problem(p -> p.setCreatedAt(Instant.parse("2005-12-31T23:59:59Z"))));
        assertEquals("created_at 2026-07-20T23:00:01Z is more than 1h in the future",
                problem(p -> p.setCreatedAt(NOW.plusSeconds(3601))));
        assertEquals("created_at 2026-06-20T21:59:59Z is more than 30d old",
                problem(p -> p.setCreatedAt(NOW.minus(Duration.ofDays(30)).minusSeconds(1))));
        PostValidator replay = new PostValidator(
                ValidationLimits.defaults().withMaxAge(null), TestPosts.CLOCK);
        Post old = post("1");
        old.setCreatedAt(Instant.parse("2010-01-01T00:00:00Z"));
        assertNull(replay.problem(old));
    }

    @Test
    void checksCoordinates() {
        assertEquals("geo.lat 91.0 is outside [-90, 90]",
                problem(p -> p.setGeo(new GeoPoint(91.0, 3.7))));
        assertEquals("geo.lon -180.5 is outside [-180, 180]",
                problem(p -> p.setGeo(new GeoPoint(51.0, -180.5))));
        assertEquals("geo.lat NaN is outside [-90, 90]",
                problem(p -> p.setGeo(new GeoPoint(Double.NaN, 3.7))));
    }

    @Test
    void limitsAreValidated() {
        assertThrows(IllegalArgumentException.class,
                () -> ValidationLimits.defaults().withMaxAge(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new ValidationLimits(0, 1, 1,
                Instant.EPOCH, Duration.ZERO, null));
    }

    @Test
    void humanDurations() {
        assertEquals("1h", PostValidator.human(Duration.ofHours(1)));
        assertEquals("30d", PostValidator.human(Duration.ofDays(30)));
        assertEquals("1h30m", PostValidator.human(Duration.ofMinutes(90)));
        assertEquals("0s", PostValidator.human(Duration.ZERO));
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new PostDecoder(WireFormat.AUTO, validator));
        }
        try (ObjectInputStream in = new ObjectInputStream(
                new ByteArrayInputStream(bytes.toByteArray()))) {
            PostDecoder copy = (PostDecoder) in.readObject();
            assertFalse(copy.decode(TestPosts.avro(post("1")), "s").isRejected());
        }
    }
}
