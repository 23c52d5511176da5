package be.belfort.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff b = new Backoff(Duration.ofMillis(500));

    @Test
    void delays_double_from_the_initial_one_and_stop_doubling_at_the_cap() {
        assertEquals(Duration.ofMillis(500), b.delay(1));
        assertEquals(Duration.ofSeconds(1), b.delay(2));
        assertEquals(Duration.ofSeconds(2), b.delay(3));
        assertEquals(Duration.ofSeconds(16), b.delay(6));
        assertEquals(Duration.ofSeconds(16), b.delay(7));
        assertEquals(Duration.ofSeconds(16), b.delay(1_000), "no overflow however many attempts");
    }

    @Test
    void jitter_keeps_between_half_and_all_of_the_nominal_delay() {
        assertEquals(Duration.ofMillis(1_000), b.jittered(3, 0.0));
        assertEquals(Duration.ofMillis(1_500), b.jittered(3, 0.5));
        assertEquals(Duration.ofMillis(1_999), b.jittered(3, 0.9995));
    }

    @Test
    void worst_case_adds_the_pauses_between_the_attempts() {
        assertEquals(Duration.ZERO, b.worstCase(1));
        assertEquals(Duration.ofMillis(500 + 1_000 + 2_000 + 4_000), b.worstCase(5));
    }

    @Test
    void nonsense_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.delay(0));
    }
}
