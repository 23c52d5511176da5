package be.belfort.ingest;

import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding. {@code new String(bytes, UTF_8)} and Avro's own string reader replace
 * malformed sequences with U+FFFD silently; ingest must reject them instead and say where.
 */
final class StrictUtf8 {
    private static final char REPLACEMENT = '\uFFFD';

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
        // The JDK's decoder (fast, vectorised for ASCII) turns every sequence RFC 3629 forbids into U+FFFD, so a
        // string without one is valid. Only one with it (malformed input, or a U+FFFD sent as such) is scanned
        // to tell the two apart and find the byte. The search is free for the usual Latin-1 strings, which
        // cannot hold U+FFFD.
        String decoded = new String(bytes, off, len, StandardCharsets.UTF_8);
        if (decoded.indexOf(REPLACEMENT) >= 0) {
            int bad = firstInvalid(bytes, off, len);
            if (bad >= 0) {
                throw new InvalidInputException("not valid UTF-8" + what + " at byte " + bad);
            }
        }
        return decoded;
    }

    /**
     * Where the first malformed, overlong, surrogate-encoding or truncated sequence among {@code len}
     * bytes at {@code off} starts (an offset in {@code bytes}), or -1 when they are valid UTF-8 (RFC
     * 3629). A scan without decoding.
     */
    static int firstInvalid(byte[] bytes, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            int need;
            int min = 0x80;
            int max = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                if (b == 0xE0) min = 0xA0;          // overlong
                if (b == 0xED) max = 0x9F;          // UTF-16 surrogates
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                if (b == 0xF0) min = 0x90;          // overlong
                if (b == 0xF4) max = 0x8F;          // beyond U+10FFFF
            } else {
                return i;                           // a continuation byte, C0/C1 (overlong) or F5..FF
            }
            if (i + need >= end) return i;          // truncated
            int second = bytes[i + 1] & 0xFF;
            if (second < min || second > max) return i;
            for (int k = 2; k <= need; k++) {
                int c = bytes[i + k] & 0xFF;
                if (c < 0x80 || c > 0xBF) return i;
            }
            i += need + 1;
        }
        return -1;
    }

    /** Decodes a whole payload; positions in the reason are payload offsets. */
    static String decode(byte[] bytes) throws InvalidInputException {
        return decode(bytes, 0, bytes.length, "");
    }
}
