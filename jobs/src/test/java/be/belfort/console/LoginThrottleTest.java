package be.belfort.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final TestClock clock = new TestClock();
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(5), clock);

    @Test
    void locks_a_key_after_max_failures_until_they_age_out() {
        for (int i = 0; i < 3; i++) {
            assertTrue(throttle.allowed("user:an"));
            throttle.failed("user:an");
            clock.advance(Duration.ofMinutes(1));
        }
        assertFalse(throttle.allowed("user:an"));
        assertTrue(throttle.allowed("user:bert"), "other keys are not affected");
        clock.advance(Duration.ofMinutes(2));
        assertTrue(throttle.allowed("user:an"), "the first failure left the window");
        throttle.failed("user:an");
        assertFalse(throttle.allowed("user:an"));
    }

    @Test
    void success_clears_the_key() {
        throttle.failed("user:an");
        throttle.failed("user:an");
        throttle.succeeded("user:an");
        throttle.failed("user:an");
        throttle.failed("user:an");
        assertTrue(throttle.allowed("user:an"));
    }
}
