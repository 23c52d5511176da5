package be.belfort.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.console.OperatorAccounts.Account;
import be.belfort.console.Sessions.Session;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private final TestClock clock = new TestClock();
    private final Sessions sessions = new Sessions(Duration.ofMinutes(15), clock);
    private final Account an = new Account("an", Role.OPERATOR);

    @Test
    void login_replaces_the_anonymous_session_with_a_new_id_and_token() {
        Session anon = sessions.anonymous().orElseThrow();
        assertFalse(anon.authenticated());
        Session s = sessions.login(anon, an).orElseThrow();
        assertTrue(s.authenticated());
        assertNotEquals(anon.id(), s.id());
        assertNotEquals(anon.csrfToken(), s.csrfToken());
        assertTrue(sessions.find(anon.id(), true).isEmpty(), "the pre-login id is dead (no session fixation)");
        assertEquals(an, sessions.find(s.id(), true).orElseThrow().account());
    }

    @Test
    void csrf_token_must_match_exactly() {
        Session s = sessions.login(null, an).orElseThrow();
        assertTrue(s.csrfMatches(s.csrfToken()));
        assertFalse(s.csrfMatches(null));
        assertFalse(s.csrfMatches(""));
        assertFalse(s.csrfMatches(s.csrfToken() + "x"));
        assertFalse(s.csrfMatches(sessions.login(null, an).orElseThrow().csrfToken()));
    }

    @Test
    void idle_sessions_expire_and_background_requests_do_not_keep_them_alive() {
        Session s = sessions.login(null, an).orElseThrow();
        clock.advance(Duration.ofMinutes(14));
        assertTrue(sessions.find(s.id(), true).isPresent(), "used at 14 min: idle time restarts");
        clock.advance(Duration.ofMinutes(14));
        assertTrue(sessions.find(s.id(), false).isPresent(), "28 min, idle 14");
        clock.advance(Duration.ofMinutes(1));
        assertTrue(sessions.find(s.id(), false).isEmpty(), "the live feed's polling did not count as use");
        assertEquals(0, sessions.size(), "expired session removed");
    }

    @Test
    void unknown_and_invalidated_ids_find_nothing() {
        Session s = sessions.login(null, an).orElseThrow();
        assertTrue(sessions.find(null, true).isEmpty());
        assertTrue(sessions.find("forged", true).isEmpty());
        sessions.invalidate(s.id());
        assertTrue(sessions.find(s.id(), true).isEmpty());
    }

    @Test
    void repeated_views_of_one_alert_are_audited_once_per_period() {
        Session s = sessions.login(null, an).orElseThrow();
        assertTrue(sessions.auditView(s, "a1"));
        assertFalse(sessions.auditView(s, "a1"));
        assertTrue(sessions.auditView(s, "a2"));
        clock.advance(Sessions.VIEW_AUDIT_EVERY);
        assertTrue(sessions.auditView(s, "a1"));
    }

    @Test
    void the_table_is_bounded() {
        for (int i = 0; i < Sessions.MAX_SESSIONS; i++) assertTrue(sessions.anonymous().isPresent());
        assertTrue(sessions.anonymous().isEmpty(), "full of live sessions");
        clock.advance(Duration.ofMinutes(16));
        assertTrue(sessions.anonymous().isPresent(), "expired ones make room");
    }
}
