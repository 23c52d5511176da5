package be.belfort.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding. {@code new String(bytes, UTF_8)} and Avro's own string reader replace
 * malformed sequences with U+FFFD silently; ingest must reject them instead and say where.
 */
final class StrictUtf8 {
    private StrictUtf8() {}

    /**
     * Decodes {@code len} bytes at {@code off}.
     *
     * @param what suffix for the reason naming where the string sits (e.g. {@code " in 'text'"}),
     *     or empty
     * @throws InvalidInputException "not valid UTF-8 at byte N" (malformed, overlong, encoded
     *     surrogates and truncated sequences alike); N is the offset in {@code bytes}, so it
     *     points into the whole payload even when decoding a slice
     */
    static String decode(byte[] bytes, int off, int len, String what)
            throws InvalidInputException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, off, len);
        // UTF-8 never needs more chars than bytes.
        CharBuffer out = CharBuffer.allocate(len);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new InvalidInputException(
                    "not valid UTF-8" + what + " at byte " + in.position());
        }
        return out.flip().toString();
    }

    /** Decodes a whole payload; positions in the reason are payload offsets. */
    static String decode(byte[] bytes) throws InvalidInputException {
        return decode(bytes, 0, bytes.length, "");
    }
}
