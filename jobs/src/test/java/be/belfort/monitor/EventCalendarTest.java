package be.belfort.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.surge.EventExpectations;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The shipped Gentse Feesten event, as the surge stage sees it. */
class EventCalendarTest {
    private static final AnalysisSpec SPEC = AnalysisSpec.load(GhentEvening.rulesDir());
    private static final long FESTIVAL_NIGHT = Instant.parse("2026-07-20T21:00:00Z").toEpochMilli();
    private static final long NOVEMBER = Instant.parse("2026-11-20T21:00:00Z").toEpochMilli();

    @Test
    void an_active_event_sets_the_expected_volume_in_its_area_and_for_the_city() {
        EventExpectations calendar = EventCalendar.of(SPEC, Duration.ofMinutes(5));
        assertEquals(OptionalDouble.of(25), calendar.expected("drukte", "binnenstad", FESTIVAL_NIGHT));
        assertEquals(OptionalDouble.of(25), calendar.expected("drukte", "gent", FESTIVAL_NIGHT));
        assertEquals(OptionalDouble.of(5), calendar.expected("geweld", "binnenstad", FESTIVAL_NIGHT), "default volume");
        assertEquals(OptionalDouble.of(2), calendar.expected("gentse-feesten/verloren-kind", "binnenstad", FESTIVAL_NIGHT),
                "an event's own search");
    }

    @Test
    void nothing_is_expected_outside_the_event_in_time_or_space() {
        EventExpectations calendar = EventCalendar.of(SPEC, Duration.ofMinutes(5));
        assertTrue(calendar.expected("drukte", "binnenstad", NOVEMBER).isEmpty());
        assertTrue(calendar.expected("drukte", "zwijnaarde", FESTIVAL_NIGHT).isEmpty());
    }

    @Test
    void volumes_scale_with_the_bucket() {
        EventExpectations calendar = EventCalendar.of(SPEC, Duration.ofMinutes(1));
        assertEquals(5.0, calendar.expected("drukte", "binnenstad", FESTIVAL_NIGHT).getAsDouble(), 1e-9);
    }
}
