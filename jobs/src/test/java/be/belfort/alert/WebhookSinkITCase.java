package be.belfort.alert;

import static be.belfort.alert.TestAlerts.lifecycle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.ingest.JsonEdge;
import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.RejectedRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The webhook sink against a real HTTP server on loopback that answers from a script: flaky,
 * refusing, slow. Backoff is 100ms so the pauses are visible in the request times.
 */
class WebhookSinkITCase {
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100));
    /** Long enough that no answer of a loaded machine is taken for a timeout; the timeout test sets its own. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-07-21T00:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** One request as the server saw it. */
    record Received(long nanos, String idempotencyKey, String contentType, String body) {}

    /** What the server does with the next request: an HTTP status, after an optional delay. */
    record Answer(int status, long delayMillis, String body) {
        static Answer of(int status) {
            return new Answer(status, 0, "");
        }
    }

    private HttpServer server;
    private ExecutorService threads;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Scripted answers; when empty, 200. */
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private final SimpleCounter deadLetters = new SimpleCounter();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // Several threads: a request stalled past the client's timeout must not block the retry.
        threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        server.createContext("/alerts", this::answer);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void answer(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(System.nanoTime(), ex.getRequestHeaders().getFirst("Idempotency-Key"),
                ex.getRequestHeaders().getFirst("Content-Type"), body));
        Answer a = script.poll();
        if (a == null) a = Answer.of(200);
        try {
            Thread.sleep(a.delayMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) ex.getResponseBody().write(out);
        ex.close();
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
    }

    private WebhookSink.Writer writer(int maxAttempts) {
        return writer(maxAttempts, TIMEOUT);
    }

    private WebhookSink.Writer writer(int maxAttempts, Duration timeout) {
        return new WebhookSink.Writer(new WebhookClient(url(), maxAttempts, timeout, BACKOFF), deadLetters, CLOCK);
    }

    @Test
    void two_503s_then_200_is_delivered_once_with_backoff_and_one_idempotency_key() throws Exception {
        script.addAll(List.of(Answer.of(503), Answer.of(503)));
        Alert open = lifecycle("a1").get(0);
        WebhookSink.Writer w = writer(5);
        w.write(open, null);
        w.flush(false);

        assertEquals(3, received.size());
        assertTrue(w.prepareCommit().isEmpty());
        assertEquals(0, deadLetters.getCount());
        for (Received r : received) {
            assertEquals("a1:open:2026-07-20T22:40:00Z", r.idempotencyKey());
            assertEquals("application/json; charset=utf-8", r.contentType());
            assertEquals(received.get(0).body(), r.body());
        }
        JsonNode body = JSON.readTree(received.get(0).body());
        assertEquals("belfort.alert", body.get("type").asText());
        assertEquals(open, JsonEdge.fromJson(body.get("alert").toString(), Alert.class));
        // Equal jitter: at least half the nominal pause, 100ms then 200ms.
        assertTrue(gapMillis(0, 1) >= 50, "first pause " + gapMillis(0, 1) + "ms");
        assertTrue(gapMillis(1, 2) >= 100, "second pause " + gapMillis(1, 2) + "ms");
    }

    @Test
    void a_400_is_not_retried_and_becomes_a_dead_letter_with_the_reason() throws Exception {
        script.add(new Answer(400, 0, "{\"error\":\"unknown area\"}"));
        Alert open = lifecycle("a1").get(0);
        WebhookSink.Writer w = writer(5);
        w.write(open, null);

        assertEquals(1, received.size());
        List<RejectedRecord> letters = new ArrayList<>(w.prepareCommit());
        assertEquals(1, letters.size());
        RejectedRecord letter = letters.get(0);
        assertEquals("webhook refused the alert: HTTP 400 {\"error\":\"unknown area\"}", letter.getReason());
        assertEquals("webhook:alert/a1", letter.getSource());
        assertEquals(CLOCK.instant(), letter.getRejectedAt());
        assertEquals(open, JsonEdge.fromJson(StandardCharsets.UTF_8.decode(letter.getPayload()).toString(), Alert.class));
        assertEquals(1, deadLetters.getCount());
    }

    @Test
    void a_timeout_is_retried() throws Exception {
        // The first answer stalls until the server stops; the retry is answered at once.
        script.add(new Answer(200, 60_000, ""));
        WebhookSink.Writer w = writer(3, Duration.ofSeconds(2));
        w.write(lifecycle("a1").get(0), null);

        assertEquals(2, received.size());
        assertTrue(w.prepareCommit().isEmpty());
    }

    @Test
    void attempts_run_out_into_a_dead_letter() throws Exception {
        script.addAll(List.of(Answer.of(503), Answer.of(429), Answer.of(503)));
        WebhookSink.Writer w = writer(3);
        w.write(lifecycle("a1").get(0), null);

        assertEquals(3, received.size());
        List<RejectedRecord> letters = new ArrayList<>(w.prepareCommit());
        assertEquals("webhook still failing after 3 attempts, last: HTTP 503", letters.get(0).getReason());
        assertEquals(1, deadLetters.getCount());
    }

    @Test
    void an_endpoint_that_is_not_there_is_retried_then_dead_lettered() throws Exception {
        // Nothing listens on port 1 of loopback: connection refused.
        WebhookSink.Writer w = new WebhookSink.Writer(
                new WebhookClient(URI.create("http://127.0.0.1:1/alerts"), 2, TIMEOUT, BACKOFF), deadLetters, CLOCK);
        w.write(lifecycle("a1").get(0), null);
        String reason = w.prepareCommit().iterator().next().getReason();
        assertTrue(reason.startsWith("webhook still failing after 2 attempts, last: ConnectException"), reason);
    }

    @Test
    void the_sink_runs_in_a_flink_job_and_its_dead_letters_flow_on() throws Exception {
        // The server refuses the third request for good; everything else is accepted.
        script.addAll(List.of(Answer.of(200), Answer.of(200), new Answer(422, 0, "no")));
        List<Alert> alerts = lifecycle("a1");
        CollectingSink<RejectedRecord> letters = new CollectingSink<>("webhook-itcase-dead-letters");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(alerts, new AvroTypeInfo<>(Alert.class))
                .sinkTo(new WebhookSink(url(), 3, TIMEOUT, BACKOFF, letters))
                .uid("sink-alerts-webhook").name("alerts to webhook");
        env.execute("webhook-sink-itcase");

        assertEquals(List.of("a1:open:2026-07-20T22:40:00Z", "a1:update:2026-07-20T22:45:00Z", "a1:resolved:2026-07-20T22:50:00Z"),
                received.stream().map(Received::idempotencyKey).toList(), "in order, each once");
        assertEquals(1, letters.collected().size());
        assertEquals("webhook refused the alert: HTTP 422 no", letters.collected().get(0).getReason());
        assertEquals("webhook:alert/a1", letters.collected().get(0).getSource());
        assertEquals(AlertStatus.resolved, JsonEdge.fromJson(
                StandardCharsets.UTF_8.decode(letters.collected().get(0).getPayload()).toString(), Alert.class).getStatus());
    }

    private long gapMillis(int from, int to) {
        return (received.get(to).nanos() - received.get(from).nanos()) / 1_000_000;
    }
}
