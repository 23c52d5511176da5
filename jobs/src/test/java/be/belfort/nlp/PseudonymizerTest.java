package be.belfort.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.Platform;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class PseudonymizerTest {

    private static final byte[] KEY = "belfort-test-key-0123456789".getBytes(StandardCharsets.UTF_8);

    private final Pseudonymizer pseudonymizer = new Pseudonymizer(KEY);

    @Test
    void stableAndWellFormed() {
        String p = pseudonymizer.pseudonym(Platform.twitter, "StadGent");
        assertEquals(p, new Pseudonymizer(KEY).pseudonym(Platform.twitter, "StadGent"));
        assertTrue(p.matches("u_[a-z2-7]{16}"), p);
    }

    @Test
    void knownValue() throws Exception {
        // HMAC-SHA256(KEY, "twitter:stadgent"), first 80 bits in lower-case RFC 4648 base32.
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
        byte[] digest = mac.doFinal("twitter:stadgent".getBytes(StandardCharsets.UTF_8));
        StringBuilder bits = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            bits.append(String.format("%8s", Integer.toBinaryString(digest[i] & 0xFF)).replace(' ', '0'));
        }
        StringBuilder expected = new StringBuilder("u_");
        for (int i = 0; i < 80; i += 5) {
            expected.append("abcdefghijklmnopqrstuvwxyz234567".charAt(Integer.parseInt(bits.substring(i, i + 5), 2)));
        }
        assertEquals(expected.toString(), pseudonymizer.pseudonym(Platform.twitter, "stadgent"));
    }

    @Test
    void caseAndAtSignDoNotMatter() {
        String p = pseudonymizer.pseudonym(Platform.twitter, "stadgent");
        assertEquals(p, pseudonymizer.pseudonym(Platform.twitter, "@StadGent"));
        assertEquals(p, pseudonymizer.pseudonym(Platform.twitter, " @STADGENT "));
    }

    @Test
    void keyAndPlatformMatter() {
        String p = pseudonymizer.pseudonym(Platform.twitter, "stadgent");
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        assertNotEquals(p, new Pseudonymizer(otherKey).pseudonym(Platform.twitter, "stadgent"));
        assertNotEquals(p, pseudonymizer.pseudonym(Platform.mastodon, "stadgent"));
        assertNotEquals(p, pseudonymizer.pseudonym(Platform.twitter, "stadgent2"));
    }

    @Test
    void outputNeverContainsTheHandle() {
        for (String handle : new String[] {"StadGent", "jan_peeters", "politie", "gentsefeesten", "abcdefgh"}) {
            String p = pseudonymizer.pseudonym(Platform.instagram, handle);
            assertFalse(p.contains(handle.toLowerCase(java.util.Locale.ROOT)), p + " contains " + handle);
        }
    }

    @Test
    void shortKeyRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Pseudonymizer(new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> new Pseudonymizer(null));
    }

    @Test
    void blankHandleRejectedWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pseudonymizer.pseudonym(Platform.twitter, " @@ "));
        assertFalse(e.getMessage().contains("@@"));
    }

    @Test
    void worksAfterJavaSerialisation() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(pseudonymizer);
        }
        Pseudonymizer copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (Pseudonymizer) in.readObject();
        }
        assertEquals(pseudonymizer.pseudonym(Platform.bluesky, "someone"), copy.pseudonym(Platform.bluesky, "someone"));
    }

    @Test
    void threadSafe() throws Exception {
        String expected = pseudonymizer.pseudonym(Platform.twitter, "stadgent");
        Thread[] threads = new Thread[4];
        String[] seen = new String[threads.length];
        for (int t = 0; t < threads.length; t++) {
            int index = t;
            threads[t] = new Thread(() -> {
                String last = null;
                for (int i = 0; i < 2000; i++) {
                    pseudonymizer.pseudonym(Platform.twitter, "other" + i);
                    last = pseudonymizer.pseudonym(Platform.twitter, "stadgent");
                    if (!expected.equals(last)) {
                        break;
                    }
                }
                seen[index] = last;
            });
            threads[t].start();
        }
        for (int t = 0; t < threads.length; t++) {
            threads[t].join();
            assertEquals(expected, seen[t]);
        }
    }
}
