package be.belfort.nlp;

import be.belfort.schema.Platform;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces author handles by stable, keyed pseudonyms.
 *
 * <p>{@code pseudonym = "u_" + base32(HMAC-SHA256(key, platform + ":" + handle))[0..16)}, lower-case
 * base32 without padding, where the handle is lower-cased and stripped of leading {@code @} signs, so
 * {@code @StadGent} and {@code stadgent} give the same pseudonym. 16 base32 characters are 80 bits:
 * collisions are negligible for any realistic number of authors. Without the key a pseudonym cannot
 * be linked back to a handle by hashing candidate handles, which a plain hash would allow.
 *
 * <p>Thread-safe: {@link Mac} instances are not, so each thread gets its own.
 */
public final class Pseudonymizer implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Shorter HMAC keys make brute-forcing the key itself realistic. */
    public static final int MIN_KEY_BYTES = 16;

    private static final String ALGORITHM = "HmacSHA256";
    private static final int PSEUDONYM_CHARS = 16;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final byte[] key;
    private transient volatile ThreadLocal<Mac> macs;

    /**
     * @param key secret HMAC key, at least {@value #MIN_KEY_BYTES} bytes; copied
     * @throws IllegalArgumentException when the key is null or too short
     */
    public Pseudonymizer(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("pseudonymisation key must have at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = key.clone();
    }

    /**
     * @param platform where the handle lives (the same handle on two platforms is two people)
     * @param handle   the raw author handle, with or without leading {@code @}
     * @return {@code "u_"} followed by 16 lower-case base32 characters
     * @throws IllegalArgumentException when the handle is empty after stripping {@code @}; the message
     *                                  never contains the handle
     */
    public String pseudonym(Platform platform, String handle) {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(handle, "handle");
        String canonical = canonicalHandle(handle);
        if (canonical.isEmpty()) {
            throw new IllegalArgumentException("author handle is blank");
        }
        byte[] digest = mac().doFinal((platform.name() + ":" + canonical).getBytes(StandardCharsets.UTF_8));
        return "u_" + base32(digest, PSEUDONYM_CHARS);
    }

    private static String canonicalHandle(String handle) {
        String h = handle.strip();
        int start = 0;
        while (start < h.length() && h.charAt(start) == '@') {
            start++;
        }
        return h.substring(start).toLowerCase(Locale.ROOT);
    }

    private Mac mac() {
        ThreadLocal<Mac> local = macs;
        if (local == null) {
            // Lazy because ThreadLocal is not serialisable; a race only creates an extra, equally valid one.
            local = ThreadLocal.withInitial(this::newMac);
            macs = local;
        }
        return local.get();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is mandatory in every Java platform, so this is a broken JVM.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String base32(byte[] bytes, int chars) {
        StringBuilder sb = new StringBuilder(chars);
        int buffer = 0;
        int bits = 0;
        int index = 0;
        while (sb.length() < chars) {
            if (bits < 5) {
                buffer = (buffer << 8) | (bytes[index++] & 0xFF);
                bits += 8;
            }
            sb.append(BASE32[(buffer >>> (bits - 5)) & 31]);
            bits -= 5;
        }
        return sb.toString();
    }
}
