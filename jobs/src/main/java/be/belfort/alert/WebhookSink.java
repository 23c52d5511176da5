package be.belfort.alert;

import be.belfort.schema.Alert;
import be.belfort.schema.RejectedRecord;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;

/**
 * Dispatches every alert record to a webhook ({@link WebhookClient}); alerts the endpoint refuses, or
 * that still fail after every attempt, become dead letters with the reason.
 *
 * <p>Delivery is synchronous, one alert after the other: the records of one alert (open, update,
 * resolved) reach the endpoint in order, and alerts are few. The price is that a failing endpoint
 * holds back the checkpoint by up to {@link WebhookClient#worstCase} per alert, which the job's
 * configuration checks against the Kafka transaction timeout. After a restart, alerts since the last
 * checkpoint are posted again, with the same idempotency key.
 *
 * <pre>{@code
 * alerts.sinkTo(new WebhookSink(URI.create("https://dispatch.example/belfort"), 5, Duration.ofSeconds(4),
 *         new Backoff(Duration.ofMillis(500)), deadLetters)).uid("sink-alerts-webhook").name("alerts to webhook");
 * }</pre>
 */
public final class WebhookSink extends DeadLetteringSink<Alert> {
    private static final long serialVersionUID = 1L;

    private final URI url;
    private final int maxAttempts;
    private final Duration timeout;
    private final Backoff backoff;

    public WebhookSink(URI url, int maxAttempts, Duration timeout, Backoff backoff, Sink<RejectedRecord> deadLetters) {
        super("webhook", deadLetters);
        this.url = url;
        this.maxAttempts = maxAttempts;
        this.timeout = timeout;
        this.backoff = backoff;
    }

    @Override
    public Writer createWriter(WriterInitContext context) {
        return new Writer(new WebhookClient(url, maxAttempts, timeout, backoff), deadLetterCounter(context), Clock.systemUTC());
    }

    /** Posts each alert as it comes; nothing is buffered, so there is nothing to flush. */
    static final class Writer extends DeadLetteringWriter<Alert> {
        private final WebhookClient client;

        Writer(WebhookClient client, Counter deadLetters, Clock clock) {
            super("webhook", deadLetters, clock);
            this.client = client;
        }

        @Override
        public void write(Alert alert, Context context) throws InterruptedException {
            if (client.deliver(alert) instanceof WebhookClient.Failed f) deadLetter(alert, f.reason());
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
    }
}
