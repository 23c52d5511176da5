package be.belfort.console;

import be.belfort.console.OperatorAccounts.Account;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side sessions, in memory (a console restart logs everybody out, which is acceptable).
 * A session id is 256 random bits; each session carries its own CSRF token (synchronizer token
 * pattern) that every POST must echo. A session not used for {@code idleTimeout} is gone.
 *
 * <p>Anonymous sessions exist only to carry the login form's CSRF token; logging in replaces the
 * session with a new id (no session fixation).
 */
public final class Sessions {
    /** Bounds memory when someone requests the login page in a loop. */
    static final int MAX_SESSIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    static final Duration VIEW_AUDIT_EVERY = Duration.ofMinutes(10);

    /** One browser's session; {@code account} is null before login. */
    public static final class Session {
        private final String id;
        private final String csrfToken;
        private final Account account;
        private volatile Instant lastSeen;
        /** When this session last had an alert's detail audited, per alert id. */
        private final Map<String, Instant> audited = new ConcurrentHashMap<>();

        private Session(String id, String csrfToken, Account account, Instant now) {
            this.id = id;
            this.csrfToken = csrfToken;
            this.account = account;
            this.lastSeen = now;
        }

        public String id() {
            return id;
        }

        public String csrfToken() {
            return csrfToken;
        }

        public Account account() {
            return account;
        }

        public boolean authenticated() {
            return account != null;
        }

        /** Constant-time comparison with the token a request presented. */
        public boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(
                    csrfToken.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration idleTimeout;
    private final Clock clock;

    public Sessions(Duration idleTimeout, Clock clock) {
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** A new anonymous session, or empty when the table is full even after dropping expired ones. */
    public Optional<Session> anonymous() {
        return create(null);
    }

    /** Ends {@code previous} (if any) and starts a logged-in session with a new id and token. */
    public Optional<Session> login(Session previous, Account account) {
        if (previous != null) invalidate(previous.id());
        return create(account);
    }

    private Optional<Session> create(Account account) {
        Instant now = clock.instant();
        if (sessions.size() >= MAX_SESSIONS) sessions.values().removeIf(s -> expired(s, now));
        if (sessions.size() >= MAX_SESSIONS) return Optional.empty();
        Session s = new Session(token(), token(), account, now);
        sessions.put(s.id, s);
        return Optional.of(s);
    }

    /**
     * The live session with this id. {@code touch} marks it used now; a background request (the live
     * feed) passes false so that a screen left alone still times out.
     */
    public Optional<Session> find(String id, boolean touch) {
        if (id == null) return Optional.empty();
        Session s = sessions.get(id);
        if (s == null) return Optional.empty();
        Instant now = clock.instant();
        if (expired(s, now)) {
            sessions.remove(id, s);
            return Optional.empty();
        }
        if (touch) s.lastSeen = now;
        return Optional.of(s);
    }

    /**
     * True when this view of an alert's detail belongs in the audit log: the first in
     * {@link #VIEW_AUDIT_EVERY} for this session. The dashboard reloads an open alert on every update,
     * which would otherwise bury the log in repeats.
     */
    public boolean auditView(Session s, String alertId) {
        Instant now = clock.instant();
        Instant last = s.audited.get(alertId);
        if (last != null && last.plus(VIEW_AUDIT_EVERY).isAfter(now)) return false;
        if (s.audited.size() > 1000) s.audited.clear();
        s.audited.put(alertId, now);
        return true;
    }

    public void invalidate(String id) {
        if (id != null) sessions.remove(id);
    }

    int size() {
        return sessions.size();
    }

    private boolean expired(Session s, Instant now) {
        return !s.lastSeen.plus(idleTimeout).isAfter(now);
    }

    private static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
