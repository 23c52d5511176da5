package be.belfort.surge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

class SurgeConfigTest {

    private static void assertRejected(String message, Supplier<SurgeConfig> config) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, config::get);
        assertEquals(message, e.getMessage());
    }

    @Test
    void defaults() {
        SurgeConfig config = SurgeConfig.defaults();
        assertEquals(Duration.ofMinutes(5), config.bucket());
        assertEquals(10, config.minCount());
        assertEquals(2, config.consecutive());
        assertEquals(Duration.ofHours(1), config.quietAfter());
        assertEquals(Duration.ZERO, config.allowedLateness());
    }

    @Test
    void rejectsInvalidSettingsWithAReadableReason() {
        SurgeConfig d = SurgeConfig.defaults();
        assertRejected("bucket is required", () -> d.withBucket(null));
        assertRejected("quietAfter is required", () -> d.withQuietAfter(null));
        assertRejected("allowedLateness is required", () -> d.withAllowedLateness(null));
        assertRejected("bucket must be positive, got PT0S", () -> d.withBucket(Duration.ZERO));
        assertRejected("bucket must be positive, got PT-5M", () -> d.withBucket(Duration.ofMinutes(-5)));
        assertRejected("bucket must be whole milliseconds, got PT0.0000005S", () -> d.withBucket(Duration.ofNanos(500)));
        assertRejected("minCount must be at least 1, got 0", () -> d.withMinCount(0));
        assertRejected("consecutive must be at least 1, got 0", () -> d.withConsecutive(0));
        assertRejected("quietAfter (PT5M) must be longer than bucket (PT5M)", () -> d.withQuietAfter(Duration.ofMinutes(5)));
        assertRejected("allowedLateness must not be negative, got PT-1S", () -> d.withAllowedLateness(Duration.ofSeconds(-1)));
    }

    @Test
    void bucketsAreEpochAlignedAndCloseAfterTheirLastMillisecondPlusLateness() {
        SurgeConfig config = SurgeConfig.defaults().withAllowedLateness(Duration.ofSeconds(30));
        long fiveMinutes = 300_000;
        assertEquals(3 * fiveMinutes, config.bucketStart(3 * fiveMinutes + 299_999));
        assertEquals(-fiveMinutes, config.bucketStart(-1));
        assertEquals(fiveMinutes - 1 + 30_000, config.closesAt(fiveMinutes));
        assertEquals(fiveMinutes, config.bucketEndClosingAt(config.closesAt(fiveMinutes)));
    }
}
