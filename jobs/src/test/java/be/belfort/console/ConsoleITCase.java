package be.belfort.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.ingest.AvroCodec;
import be.belfort.schema.AlertAction;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.OperatorAction;
import be.belfort.schema.Severity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console over HTTP: access control, login, CSRF, the live feed, actions to PostgreSQL and Kafka, audit. */
class ConsoleITCase {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static ConsoleFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new ConsoleFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    /** One browser: its own cookies, no redirects followed. */
    private static final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        String csrf;

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(url(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String json, String token) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json));
            if (token != null) b.header("X-CSRF-Token", token);
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> login(String user, String password) throws Exception {
            HttpResponse<String> page = get("/login");
            Matcher m = CSRF_FIELD.matcher(page.body());
            assertTrue(m.find(), "login form carries a CSRF token");
            HttpResponse<String> r = postForm("/login", Map.of("username", user, "password", password, "csrf", m.group(1)));
            if (location(r).equals("/")) csrf = JSON.readTree(get("/api/session").body()).get("csrf").asText();
            return r;
        }

        HttpResponse<String> postForm(String path, Map<String, String> form) throws Exception {
            StringBuilder body = new StringBuilder();
            form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            return http.send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static URI url(String path) {
        return fx.console.url().resolve(path);
    }

    private static String location(HttpResponse<?> r) {
        return r.headers().firstValue("Location").orElse("");
    }

    @Test
    void unauthenticated_requests_get_401_or_the_login_page() throws Exception {
        Browser b = new Browser();
        for (String api : List.of("/api/alerts", "/api/session", "/api/stream", "/api/audit", "/api/map", "/api/alerts/x")) {
            assertEquals(401, b.get(api).statusCode(), api);
        }
        for (String page : List.of("/", "/audit", "/static/dashboard.js", "/webjars/leaflet/1.9.4/dist/leaflet.js")) {
            HttpResponse<String> r = b.get(page);
            assertEquals(302, r.statusCode(), page);
            assertEquals("/login", location(r), page);
        }
        assertEquals(401, b.post("/api/alerts/x/actions", "{\"action\":\"resolve\"}", "guess").statusCode());
        HttpResponse<String> login = b.get("/login");
        assertEquals(200, login.statusCode());
        assertEquals("DENY", login.headers().firstValue("X-Frame-Options").orElse(""));
        String csp = login.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        String cookie = login.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
    }

    @Test
    void login_checks_password_and_form_token_and_rotates_the_session() throws Exception {
        Browser b = new Browser();
        assertEquals("/login?error=1", location(b.login(ConsoleFixture.OPERATOR, "wrong password")));
        HttpResponse<String> noToken = b.postForm("/login", Map.of("username", ConsoleFixture.OPERATOR, "password", ConsoleFixture.PASSWORD));
        assertEquals("/login?error=expired", location(noToken), "a login post without the form's token is refused");
        HttpResponse<String> ok = b.login(ConsoleFixture.OPERATOR, ConsoleFixture.PASSWORD);
        assertEquals("/", location(ok));
        assertEquals(200, b.get("/").statusCode());
        JsonNode session = JSON.readTree(b.get("/api/session").body());
        assertEquals("omar", session.get("operator").asText());
        assertEquals(900, session.get("timeoutSeconds").asInt());
        assertEquals(403, b.get("/api/audit").statusCode(), "operators do not read the audit log");

        HttpResponse<String> logout = b.postForm("/logout", Map.of("csrf", b.csrf));
        assertEquals("/login?bye=1", location(logout));
        assertEquals(401, b.get("/api/alerts").statusCode());
    }

    @Test
    void repeated_failures_lock_the_account() throws Exception {
        Browser b = new Browser();
        for (int i = 0; i < fx.cfg.loginMaxFailures(); i++) {
            assertEquals("/login?error=1", location(b.login("locked-user", "guess " + i)));
        }
        assertEquals("/login?error=locked", location(b.login("locked-user", "guess again")));
    }

    @Test
    void an_alert_from_kafka_reaches_the_feed_and_an_action_goes_to_postgres_kafka_and_the_audit_log() throws Exception {
        Browser b = new Browser();
        assertEquals("/", location(b.login(ConsoleFixture.SUPERVISOR, ConsoleFixture.PASSWORD)));
        HttpResponse<java.io.InputStream> stream = b.http.send(HttpRequest.newBuilder(url("/api/stream")).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        CompletableFuture<String> firstEvent = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = events.readLine()) != null; ) {
                    if (line.startsWith("data: ") && line.contains("http-fight")) return line.substring(6);
                }
                return null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        fx.produce(ConsoleFixture.alert("http-fight", "geweld", "binnenstad", 23, Severity.high, AlertStatus.open));
        JsonNode pushed = JSON.readTree(firstEvent.get(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("geweld", pushed.get("topic").asText());
        assertEquals("new", pushed.get("operatorState").asText());
        stream.body().close();

        JsonNode list = JSON.readTree(b.get("/api/alerts").body());
        assertTrue(list.findValuesAsText("id").contains("http-fight"));
        JsonNode detail = JSON.readTree(b.get("/api/alerts/http-fight").body());
        assertEquals(23, detail.get("timeline").get(0).get("count").asInt());
        assertEquals(2, detail.get("evidence").size());

        String action = "{\"action\":\"acknowledge\",\"note\":\"ploeg onderweg\"}";
        assertEquals(403, b.post("/api/alerts/http-fight/actions", action, null).statusCode(), "no CSRF token");
        assertEquals(403, b.post("/api/alerts/http-fight/actions", action, "forged").statusCode(), "wrong CSRF token");
        assertEquals(400, b.post("/api/alerts/http-fight/actions", "{\"action\":\"delete\"}", b.csrf).statusCode());
        assertEquals(404, b.post("/api/alerts/nope/actions", action, b.csrf).statusCode());
        try (Connection c = fx.pg.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM alert_actions")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "refused actions left nothing behind");
        }

        HttpResponse<String> done = b.post("/api/alerts/http-fight/actions", action, b.csrf);
        assertEquals(200, done.statusCode(), done.body());
        assertEquals("acknowledged", JSON.readTree(done.body()).get("operatorState").asText());
        try (Connection c = fx.pg.dataSource().getConnection()) {
            ResultSet rs = c.createStatement().executeQuery(
                    "SELECT a.operator_state, x.action, x.operator, x.note FROM alerts a JOIN alert_actions x ON x.alert_id = a.id WHERE a.id = 'http-fight'");
            assertTrue(rs.next());
            assertEquals(List.of("acknowledged", "acknowledge", "sofie", "ploeg onderweg"),
                    List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }

        AlertAction sent = readAction();
        assertEquals("http-fight", sent.getAlertId());
        assertEquals(OperatorAction.acknowledge, sent.getAction());
        assertEquals("geweld", sent.getTopic());
        assertEquals("binnenstad", sent.getArea());
        assertEquals("sofie", sent.getOperator());

        JsonNode audit = JSON.readTree(b.get("/api/audit?alert=http-fight").body());
        assertEquals(List.of("act", "view_alert"), audit.findValuesAsText("event"), audit.toString());
        JsonNode logins = JSON.readTree(b.get("/api/audit?operator=sofie&event=login").body());
        assertFalse(logins.isEmpty());
        JsonNode viewedAudit = JSON.readTree(b.get("/api/audit?event=view_audit").body());
        assertNotNull(viewedAudit.get(0), "reading the audit log is itself audited");
        assertEquals(400, b.get("/api/audit?from=yesterday").statusCode());
    }

    private static AlertAction readAction() throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "console-itcase",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(fx.cfg.actionsTopic()));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    assertEquals("geweld|binnenstad", new String(r.key(), StandardCharsets.UTF_8));
                    return AvroCodec.decode(r.value(), AlertAction.class);
                }
            }
        }
        throw new AssertionError("no record on " + fx.cfg.actionsTopic());
    }
}
