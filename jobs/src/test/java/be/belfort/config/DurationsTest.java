package be.belfort.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parses_the_units_operators_write() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
        assertEquals(Duration.ofMinutes(5), Durations.parse(" 5 m "));
        assertEquals(Duration.ofHours(2), Durations.parse("2H"));
        assertEquals(Duration.ofDays(7), Durations.parse("7d"));
    }

    @Test
    void rejects_anything_else_with_examples() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("5 minutes"));
        assertEquals("'5 minutes' is not a duration (examples: 500ms, 30s, 5m, 2h, 7d)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("-5m"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(""));
    }

    @Test
    void formats_to_the_shortest_exact_form() {
        for (String s : new String[] {"500ms", "1500ms", "30s", "90s", "5m", "2h", "7d", "0ms"}) {
            assertEquals(s, Durations.format(Durations.parse(s)));
        }
    }
}
