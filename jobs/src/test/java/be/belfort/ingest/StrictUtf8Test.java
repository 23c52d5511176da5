package be.belfort.ingest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link StrictUtf8} against the JDK's UTF-8 decoder set to report every error. */
class StrictUtf8Test {

    @Test
    void agreesWithTheJdksStrictDecoderOnRandomAndAwkwardBytes() {
        Random random = new Random(28);
        byte[] interesting = {0x00, 0x41, 0x7F, (byte) 0x80, (byte) 0x8F, (byte) 0x90, (byte) 0x9F, (byte) 0xA0,
            (byte) 0xBF, (byte) 0xC0, (byte) 0xC1, (byte) 0xC2, (byte) 0xDF, (byte) 0xE0, (byte) 0xE1, (byte) 0xEC,
            (byte) 0xED, (byte) 0xEE, (byte) 0xEF, (byte) 0xF0, (byte) 0xF1, (byte) 0xF3, (byte) 0xF4, (byte) 0xF5,
            (byte) 0xFF};
        for (int n = 0; n < 200_000; n++) {
            byte[] bytes = new byte[2 + random.nextInt(8)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(256);
            }
            int off = random.nextInt(2);
            int len = bytes.length - off - random.nextInt(2);
            assertEquals(jdk(bytes, off, len), StrictUtf8.firstInvalid(bytes, off, len), () -> hex(bytes) + " from " + off);
        }
        for (String valid : new String[] {"", "Korenmarkt", "café", "€ ≠", "🔥👮‍♀️", "\u0000", "\uFFFF", "\uDBFF\uDFFF"}) {
            byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
            assertEquals(-1, StrictUtf8.firstInvalid(bytes, 0, bytes.length), valid);
        }
    }

    /** decode trusts the JDK's replacement character to mark every invalid sequence: it must reject exactly those. */
    @Test
    void decodeRejectsExactlyTheInvalidBytesAndKeepsARealReplacementCharacter() {
        Random random = new Random(11);
        byte[] interesting = {0x41, (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC1, (byte) 0xC2, (byte) 0xE0,
            (byte) 0xED, (byte) 0xEF, (byte) 0xF0, (byte) 0xF4, (byte) 0xF5, (byte) 0xFF, (byte) 0xBD, (byte) 0xA0};
        for (int n = 0; n < 200_000; n++) {
            byte[] bytes = new byte[1 + random.nextInt(9)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(256);
            }
            int bad = jdk(bytes, 0, bytes.length);
            if (bad >= 0) {
                InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class,
                        () -> StrictUtf8.decode(bytes), () -> hex(bytes));
                assertEquals("not valid UTF-8 at byte " + bad, e.getMessage());
            } else {
                String expected = new String(bytes, StandardCharsets.UTF_8);
                assertEquals(expected, assertDoesNotThrow(() -> StrictUtf8.decode(bytes)), () -> hex(bytes));
            }
        }
        byte[] replacement = "signal \uFFFD lost".getBytes(StandardCharsets.UTF_8);
        assertEquals("signal \uFFFD lost", assertDoesNotThrow(() -> StrictUtf8.decode(replacement)));
    }

    @Test
    void decodeNamesTheOffsetInTheWholePayload() {
        byte[] bytes = {'a', 'b', 'c', (byte) 0xE2, (byte) 0x82};
        assertEquals("not valid UTF-8 in 'text' at byte 3", org.junit.jupiter.api.Assertions.assertThrows(
                InvalidInputException.class, () -> StrictUtf8.decode(bytes, 1, 4, " in 'text'")).getMessage());
    }

    /** Where the JDK's decoder stops on the first error, -1 when it decodes everything. */
    private static int jdk(byte[] bytes, int off, int len) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, off, len);
        CoderResult result = decoder.decode(in, CharBuffer.allocate(len), true);
        return result.isError() ? in.position() : -1;
    }

    private static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) b.append(String.format("%02X ", x));
        return b.toString();
    }
}
