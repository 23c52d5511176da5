package be.belfort.alert;

import static be.belfort.alert.TestAlerts.lifecycle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.Alert;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookClientTest {
    @Test
    void the_envelope_wraps_the_json_edge_form() {
        Alert open = lifecycle("a1").get(0);
        String body = WebhookClient.envelope(open);
        assertTrue(body.startsWith("{\"type\":\"belfort.alert\",\"alert\":{\"id\":\"a1\",\"kind\":\"surge\""), body);
        assertTrue(body.contains("\"created_at\":\"2026-07-20T22:40:00Z\""), body);
        assertTrue(body.endsWith("}}"), body);
    }

    @Test
    void each_record_of_an_alert_has_its_own_idempotency_key() {
        List<Alert> surge = lifecycle("a1");
        assertEquals("a1:open:2026-07-20T22:40:00Z", WebhookClient.idempotencyKey(surge.get(0)));
        assertNotEquals(WebhookClient.idempotencyKey(surge.get(1)), WebhookClient.idempotencyKey(surge.get(2)));
    }

    @Test
    void only_statuses_that_may_change_are_retried() {
        for (int s : new int[] {408, 429, 500, 502, 503, 504}) assertTrue(WebhookClient.retryable(s), "" + s);
        for (int s : new int[] {301, 400, 401, 403, 404, 409, 413, 422}) assertFalse(WebhookClient.retryable(s), "" + s);
    }

    @Test
    void worst_case_is_two_timeouts_per_attempt_plus_the_pauses() {
        assertEquals(Duration.ofMillis(5 * 2 * 4_000 + 7_500),
                WebhookClient.worstCase(5, Duration.ofSeconds(4), new Backoff(Duration.ofMillis(500))));
    }
}
