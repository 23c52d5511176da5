package be.belfort.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
    @Test
    void verifies_the_right_password_only() {
        String h = PasswordHash.hash("nachtdienst-2026".toCharArray(), 5_000);
        assertTrue(PasswordHash.verify("nachtdienst-2026".toCharArray(), h));
        assertFalse(PasswordHash.verify("nachtdienst-2027".toCharArray(), h));
        assertFalse(PasswordHash.verify("".toCharArray(), h));
    }

    @Test
    void salts_differ_and_iterations_travel_with_the_hash() {
        String a = PasswordHash.hash("same".toCharArray(), 5_000);
        String b = PasswordHash.hash("same".toCharArray(), 5_000);
        assertNotEquals(a, b);
        String[] parts = a.split("\\$");
        assertEquals("pbkdf2", parts[0]);
        assertEquals("5000", parts[1]);
        assertEquals(PasswordHash.DEFAULT_ITERATIONS, Integer.parseInt(PasswordHash.hash("x".toCharArray()).split("\\$")[1]));
    }

    @Test
    void rejects_malformed_hashes_with_a_reason() {
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.validate("plaintext"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.validate("pbkdf2$ten$c2FsdA$aGFzaA"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.validate("pbkdf2$10$c2FsdHNhbHQ$aGFzaA"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.validate("pbkdf2$5000$!!!$aGFzaA"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.validate("pbkdf2$5000$c2FsdHNhbHQ$aGFzaA"));
    }
}
