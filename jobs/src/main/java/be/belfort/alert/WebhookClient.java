package be.belfort.alert;

import be.belfort.ingest.JsonEdge;
import be.belfort.schema.Alert;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;

/**
 * Posts alerts to a dispatch endpoint as JSON, retrying what may succeed later. Plain Java, no Flink:
 * {@link WebhookSink} runs it in the job.
 *
 * <p>Body: {@code {"type":"belfort.alert","alert":{...}}}, the alert in the JSON edge format. Header
 * {@code Idempotency-Key: <id>:<status>:<window_end>} names the record, so the receiver can drop the
 * repeats that retries and job restarts produce. 2xx is delivered. 408, 429, 5xx, timeouts and
 * connection errors are retried with exponential backoff up to the attempt limit; any other status
 * (a 4xx: the endpoint will never take this alert, a 3xx: redirects are not followed) fails at once.
 *
 * <pre>{@code
 * WebhookClient client = new WebhookClient(URI.create("https://dispatch.example/belfort"), 5, Duration.ofSeconds(4),
 *         new Backoff(Duration.ofMillis(500)));
 * if (client.deliver(alert) instanceof WebhookClient.Failed f) deadLetter(alert, f.reason());
 * }</pre>
 */
public final class WebhookClient {
    /** How much of a refusing endpoint's answer a reason quotes. */
    private static final int MAX_QUOTED_BODY = 200;

    private final URI url;
    private final int maxAttempts;
    private final Duration timeout;
    private final Backoff backoff;
    private final HttpClient http;

    /** What became of one alert. */
    public sealed interface Outcome {}

    /** Accepted by the endpoint (a 2xx) on attempt {@code attempts}. */
    public record Delivered(int attempts) implements Outcome {}

    /** Not delivered, for good: refused, or still failing after every attempt. */
    public record Failed(String reason, int attempts) implements Outcome {}

    /**
     * @param maxAttempts attempts per alert, the first included
     * @param timeout     for connecting, and again for the response to arrive
     */
    public WebhookClient(URI url, int maxAttempts, Duration timeout, Backoff backoff) {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
        this.url = url;
        this.maxAttempts = maxAttempts;
        this.timeout = timeout;
        this.backoff = backoff;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The longest {@link #deliver} can block: every attempt timing out twice (connect, response), plus the pauses. */
    public static Duration worstCase(int maxAttempts, Duration timeout, Backoff backoff) {
        return timeout.multipliedBy(2L * maxAttempts).plus(backoff.worstCase(maxAttempts));
    }

    /** Delivers {@code alert}, blocking through the retries. */
    public Outcome deliver(Alert alert) throws InterruptedException {
        Alert clean = SafeText.clean(alert);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Idempotency-Key", idempotencyKey(clean))
                .header("User-Agent", "belfort")
                .POST(HttpRequest.BodyPublishers.ofString(envelope(clean), StandardCharsets.UTF_8))
                .build();
        String last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                String quoted = quote(response.body());
                if (status >= 200 && status < 300) return new Delivered(attempt);
                last = "HTTP " + status + quoted;
                if (!retryable(status)) return new Failed("webhook refused the alert: " + last, attempt);
            } catch (HttpTimeoutException e) {
                last = "no answer within " + timeout.toMillis() + "ms";
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt < maxAttempts) backoff.pause(attempt, Duration.ZERO);
        }
        return new Failed("webhook still failing after " + maxAttempts + " attempts, last: " + last, maxAttempts);
    }

    /** Timeouts, rate limits and server trouble pass; other refusals are about the request itself. */
    static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /** The request body: a typed envelope around the alert in the JSON edge format. */
    public static String envelope(Alert alert) {
        return "{\"type\":\"belfort.alert\",\"alert\":" + JsonEdge.toJson(alert) + "}";
    }

    /** Names one record of one alert: the same for a repeat, different for each update. */
    public static String idempotencyKey(Alert alert) {
        return alert.getId() + ":" + alert.getStatus() + ":" + DateTimeFormatter.ISO_INSTANT.format(alert.getWindowEnd());
    }

    /** The start of the endpoint's answer (often its reason for refusing), read no further. */
    private static String quote(InputStream body) throws IOException {
        try (body) {
            String text = new String(body.readNBytes(MAX_QUOTED_BODY), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "" : " " + text.replaceAll("\\s+", " ");
        }
    }
}
