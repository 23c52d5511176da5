package be.belfort.console;

import be.belfort.console.OperatorAccounts.Account;
import be.belfort.console.Sessions.Session;
import be.belfort.nlp.Gazetteer;
import be.belfort.schema.OperatorAction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route of the console. Pages and APIs need a logged-in session (else 302 to /login for pages,
 * 401 for /api); every POST must carry the session's CSRF token; every response carries the
 * security headers. Only the login page and the three files it needs are public.
 */
final class ConsoleHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHandler.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> PUBLIC_STATIC = Set.of("/static/app.css", "/static/i18n.js", "/static/login.js", "/static/favicon.svg");
    private static final Pattern ALERT = Pattern.compile("/api/alerts/([^/]{1,200})");
    private static final Pattern ALERT_ACTION = Pattern.compile("/api/alerts/([^/]{1,200})/actions");
    private static final String CSRF_HEADER = "X-CSRF-Token";
    private static final int FEED_LIMIT = 200;
    static final int MAX_STREAMS = 200;
    private static final long HEARTBEAT_MILLIS = 15_000;

    private final ConsoleConfig cfg;
    private final Sessions sessions;
    private final LoginThrottle accountThrottle;
    private final LoginThrottle clientThrottle;
    private final OperatorAccounts accounts;
    private final AuditLog audit;
    private final AlertQueries queries;
    private final AlertActions actions;
    private final EventHub hub;
    private final byte[] mapJson;

    /**
     * {@code accountThrottle} counts failures per account name, {@code clientThrottle} per client
     * address (a control room shares one address, so give it more room).
     */
    ConsoleHandler(ConsoleConfig cfg, Sessions sessions, LoginThrottle accountThrottle, LoginThrottle clientThrottle,
            OperatorAccounts accounts, AuditLog audit,
            AlertQueries queries, AlertActions actions, EventHub hub, Gazetteer gazetteer) throws IOException {
        this.cfg = cfg;
        this.sessions = sessions;
        this.accountThrottle = accountThrottle;
        this.clientThrottle = clientThrottle;
        this.accounts = accounts;
        this.audit = audit;
        this.queries = queries;
        this.actions = actions;
        this.hub = hub;
        this.mapJson = JSON.writeValueAsBytes(mapLayers(gazetteer));
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        // Closed only after the catch clauses wrote their answer.
        try (ex) {
            try {
                Http.securityHeaders(ex);
                // Read up front, even when refused: an unread body makes the JDK server drop the
                // connection under a client that reuses it.
                byte[] body = ex.getRequestMethod().equals("GET") ? new byte[0] : Http.body(ex);
                route(ex, body);
            } catch (Http.BadRequest e) {
                json(ex, 400, Map.of("error", e.getMessage()));
            } catch (SQLException | RuntimeException e) {
                LOG.error("console request {} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
                if (ex.getResponseCode() == -1) json(ex, 500, Map.of("error", "internal error; see the console log"));
            }
        }
    }

    private void route(HttpExchange ex, byte[] body) throws IOException, SQLException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        if (path.equals("/login")) {
            if (method.equals("GET")) loginPage(ex);
            else if (method.equals("POST")) login(ex, body);
            else json(ex, 405, Map.of("error", "method not allowed"));
            return;
        }
        if (method.equals("GET") && PUBLIC_STATIC.contains(path)) {
            resource(ex, "console/" + path.substring("/static/".length()), false);
            return;
        }
        boolean api = path.startsWith("/api/");
        // The live feed is background traffic: it must not keep an unattended screen logged in.
        Optional<Session> found = sessions.find(Http.cookie(ex, Http.SESSION_COOKIE), !path.equals("/api/stream"));
        if (found.isEmpty() || !found.get().authenticated()) {
            if (api) json(ex, 401, Map.of("error", "login required"));
            else Http.redirect(ex, "/login");
            return;
        }
        Session s = found.get();
        if (method.equals("POST") && !s.csrfMatches(csrfOf(ex, body))) {
            json(ex, 403, Map.of("error", "missing or wrong CSRF token"));
            return;
        }
        authenticated(ex, s, method, path, body);
    }

    private void authenticated(HttpExchange ex, Session s, String method, String path, byte[] body) throws IOException, SQLException {
        Account who = s.account();
        Matcher m;
        if (method.equals("GET")) {
            switch (path) {
                case "/", "/index.html" -> resource(ex, "console/index.html", false);
                case "/audit" -> {
                    if (who.role().mayReadAudit()) resource(ex, "console/audit.html", false);
                    else json(ex, 403, Map.of("error", "the audit log is for supervisors"));
                }
                case "/api/session" -> json(ex, 200, Map.of("operator", who.name(), "role", who.role().name().toLowerCase(Locale.ROOT),
                        "csrf", s.csrfToken(), "timeoutSeconds", sessions.idleTimeout().toSeconds()));
                case "/api/alerts" -> json(ex, 200, queries.recent(FEED_LIMIT));
                case "/api/map" -> {
                    ex.getResponseHeaders().set("Cache-Control", "private, max-age=3600");
                    Http.send(ex, 200, "application/json", mapJson);
                }
                case "/api/activity" -> json(ex, 200, queries.activity(cfg.activityWindow()));
                case "/api/audit" -> auditQuery(ex, who);
                case "/api/stream" -> stream(ex, s);
                default -> {
                    if ((m = ALERT.matcher(path)).matches()) alertDetail(ex, s, m.group(1));
                    else if (path.startsWith("/static/")) resource(ex, "console/" + path.substring("/static/".length()), false);
                    else if (path.startsWith("/webjars/")) resource(ex, "META-INF/resources" + path, true);
                    else json(ex, 404, Map.of("error", "not found"));
                }
            }
        } else if (method.equals("POST")) {
            if (path.equals("/logout")) {
                audit.record(who.name(), AuditLog.Event.LOGOUT, null, null);
                sessions.invalidate(s.id());
                Http.clearSessionCookie(ex);
                Http.redirect(ex, "/login?bye=1");
            } else if ((m = ALERT_ACTION.matcher(path)).matches()) {
                act(ex, who, m.group(1), body);
            } else {
                json(ex, 404, Map.of("error", "not found"));
            }
        } else {
            json(ex, 405, Map.of("error", "method not allowed"));
        }
    }

    // ------------------------------------------------------------------ login

    private void loginPage(HttpExchange ex) throws IOException {
        Optional<Session> existing = sessions.find(Http.cookie(ex, Http.SESSION_COOKIE), true);
        if (existing.isPresent() && existing.get().authenticated()) {
            Http.redirect(ex, "/");
            return;
        }
        Optional<Session> s = existing.isPresent() ? existing : sessions.anonymous();
        if (s.isEmpty()) {
            json(ex, 503, Map.of("error", "too many sessions; try again later"));
            return;
        }
        if (existing.isEmpty()) Http.setSessionCookie(ex, s.get().id());
        String page = text("console/login.html").replace("{{csrf}}", s.get().csrfToken());
        Http.send(ex, 200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    private void login(HttpExchange ex, byte[] body) throws IOException, SQLException {
        Map<String, String> form = Http.form(new String(body, StandardCharsets.UTF_8));
        Optional<Session> s = sessions.find(Http.cookie(ex, Http.SESSION_COOKIE), true);
        if (s.isEmpty() || !s.get().csrfMatches(form.get("csrf"))) {
            // Stale form (session expired) or a forged post: start over with a fresh form.
            Http.redirect(ex, "/login?error=expired");
            return;
        }
        String name = form.getOrDefault("username", "").strip().toLowerCase(Locale.ROOT);
        String shownName = name.length() > 64 ? name.substring(0, 64) : name;
        String client = "ip:" + ex.getRemoteAddress().getAddress().getHostAddress();
        String account = "user:" + name;
        if (!accountThrottle.allowed(account) || !clientThrottle.allowed(client)) {
            audit.record(shownName, AuditLog.Event.LOGIN_FAILED, null, "throttled");
            Http.redirect(ex, "/login?error=locked");
            return;
        }
        char[] password = form.getOrDefault("password", "").toCharArray();
        Optional<Account> who = accounts.authenticate(name, password);
        java.util.Arrays.fill(password, '\0');
        if (who.isEmpty()) {
            accountThrottle.failed(account);
            clientThrottle.failed(client);
            audit.record(shownName, AuditLog.Event.LOGIN_FAILED, null, null);
            Http.redirect(ex, "/login?error=1");
            return;
        }
        accountThrottle.succeeded(account);
        Optional<Session> fresh = sessions.login(s.get(), who.get());
        if (fresh.isEmpty()) {
            json(ex, 503, Map.of("error", "too many sessions; try again later"));
            return;
        }
        audit.record(who.get().name(), AuditLog.Event.LOGIN, null, null);
        Http.setSessionCookie(ex, fresh.get().id());
        Http.redirect(ex, "/");
    }

    /** The token from the header (fetch) or, for plain forms (logout), from the body. */
    private static String csrfOf(HttpExchange ex, byte[] body) {
        String header = ex.getRequestHeaders().getFirst(CSRF_HEADER);
        if (header != null) return header;
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
            return Http.form(new String(body, StandardCharsets.UTF_8)).get("csrf");
        }
        return null;
    }

    // ------------------------------------------------------------------ alerts

    private void alertDetail(HttpExchange ex, Session s, String id) throws IOException, SQLException {
        Optional<AlertQueries.Detail> d = queries.detail(id);
        if (d.isEmpty()) {
            json(ex, 404, Map.of("error", "no such alert"));
            return;
        }
        if (sessions.auditView(s, id)) audit.record(s.account().name(), AuditLog.Event.VIEW_ALERT, id, null);
        json(ex, 200, d.get());
    }

    private void act(HttpExchange ex, Account who, String id, byte[] raw) throws IOException, SQLException {
        JsonNode body;
        try {
            body = JSON.readTree(raw);
        } catch (IOException e) {
            throw new Http.BadRequest("body must be JSON {\"action\": ..., \"note\": ...}");
        }
        if (body == null || !body.path("action").isTextual()) throw new Http.BadRequest("missing \"action\"");
        OperatorAction action;
        try {
            action = OperatorAction.valueOf(body.get("action").textValue());
        } catch (IllegalArgumentException e) {
            throw new Http.BadRequest("action must be acknowledge, resolve or noise");
        }
        String note = body.path("note").isTextual() ? body.get("note").textValue() : null;
        if (note != null && note.length() > AlertActions.MAX_NOTE_CHARS) throw new Http.BadRequest("note too long");
        Optional<AlertQueries.Summary> after;
        try {
            after = actions.act(who, id, action, note);
        } catch (IllegalStateException e) {
            LOG.error("action {} on {} by {} not delivered", action, id, who.name(), e);
            json(ex, 503, Map.of("error", "the action could not be sent to the pipeline; nothing was stored, try again"));
            return;
        }
        if (after.isEmpty()) {
            json(ex, 404, Map.of("error", "no such alert"));
            return;
        }
        hub.publish("alert", JSON.writeValueAsString(after.get()));
        json(ex, 200, after.get());
    }

    private void auditQuery(HttpExchange ex, Account who) throws IOException, SQLException {
        if (!who.role().mayReadAudit()) {
            json(ex, 403, Map.of("error", "the audit log is for supervisors"));
            return;
        }
        Map<String, String> q = Http.query(ex);
        AuditLog.Query query;
        try {
            query = new AuditLog.Query(blankToNull(q.get("operator")), blankToNull(q.get("alert")),
                    q.get("event") == null || q.get("event").isBlank() ? null : AuditLog.Event.of(q.get("event")),
                    instant(q.get("from")), instant(q.get("to")),
                    q.get("limit") == null ? 200 : Integer.parseInt(q.get("limit")));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new Http.BadRequest("bad filter: " + e.getMessage());
        }
        List<AuditLog.Entry> entries = audit.query(query);
        audit.record(who.name(), AuditLog.Event.VIEW_AUDIT, query.alertId(), describe(q));
        json(ex, 200, entries);
    }

    private static String describe(Map<String, String> q) {
        StringBuilder b = new StringBuilder();
        for (String k : List.of("operator", "alert", "event", "from", "to")) {
            String v = q.get(k);
            if (v != null && !v.isBlank()) b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v.length() > 80 ? v.substring(0, 80) : v);
        }
        return b.length() == 0 ? null : b.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Instant instant(String s) {
        return s == null || s.isBlank() ? null : Instant.parse(s.strip());
    }

    // ------------------------------------------------------------------ live feed

    private void stream(HttpExchange ex, Session s) throws IOException {
        if (hub.size() >= MAX_STREAMS) {
            json(ex, 503, Map.of("error", "too many live feeds open"));
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        try (EventHub.Subscription sub = hub.subscribe(); OutputStream out = ex.getResponseBody()) {
            out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!sub.overflowed()) {
                String event = sub.next(HEARTBEAT_MILLIS);
                // An expired session ends the feed; the page then finds itself logged out.
                if (sessions.find(s.id(), false).isEmpty()) return;
                out.write((event == null ? ": keep-alive\n\n" : event).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException closedByBrowser) {
            // The tab was closed or reloaded.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, Object> mapLayers(Gazetteer g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wijken", g.wijken().stream().map(w -> Map.of("id", w.id(), "name", w.name(), "lat", w.lat(), "lon", w.lon())).toList());
        m.put("places", g.places().stream().map(p -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", p.id());
            o.put("name", p.name());
            o.put("kind", p.kind());
            o.put("lat", p.lat());
            o.put("lon", p.lon());
            o.put("wijk", p.wijk());
            return o;
        }).toList());
        return m;
    }

    private static void json(HttpExchange ex, int status, Object value) throws IOException {
        Http.send(ex, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(value));
    }

    private static void resource(HttpExchange ex, String name, boolean cacheable) throws IOException {
        if (name.contains("..") || name.contains("//") || name.endsWith("/")) {
            json(ex, 404, Map.of("error", "not found"));
            return;
        }
        try (InputStream in = ConsoleHandler.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                json(ex, 404, Map.of("error", "not found"));
                return;
            }
            ex.getResponseHeaders().set("Cache-Control", cacheable ? "private, max-age=86400" : "no-cache");
            Http.send(ex, 200, Http.contentType(name), in.readAllBytes());
        }
    }

    private static String text(String name) throws IOException {
        try (InputStream in = ConsoleHandler.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
