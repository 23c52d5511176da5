package be.belfort.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import be.belfort.console.AuditLog.Entry;
import be.belfort.console.AuditLog.Event;
import be.belfort.console.AuditLog.Query;
import be.belfort.local.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuditLogITCase {
    private static EmbeddedPostgres pg;
    private static AuditLog audit;
    private static final Instant T0 = Instant.parse("2026-07-20T20:00:00Z");

    @BeforeAll
    static void fill() throws Exception {
        pg = EmbeddedPostgres.start();
        audit = new AuditLog(pg.dataSource());
        try (Connection c = pg.dataSource().getConnection()) {
            add(c, 0, "an", Event.LOGIN, null);
            add(c, 60, "an", Event.VIEW_ALERT, "a1");
            add(c, 120, "an", Event.ACT, "a1");
            add(c, 180, "bert", Event.VIEW_ALERT, "a1");
            add(c, 240, "bert", Event.VIEW_ALERT, "a2");
            add(c, 300, "mallory", Event.LOGIN_FAILED, null);
        }
    }

    private static void add(Connection c, int seconds, String who, Event e, String alert) throws Exception {
        AuditLog.record(c, who, e, alert, null);
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_log SET at = ? WHERE id = (SELECT max(id) FROM audit_log)")) {
            ps.setTimestamp(1, Timestamp.from(T0.plusSeconds(seconds)));
            ps.executeUpdate();
        }
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    private static List<String> who(List<Entry> entries) {
        return entries.stream().map(e -> e.operator() + "/" + e.event() + "/" + e.alertId()).toList();
    }

    @Test
    void newest_first_with_a_limit() throws Exception {
        assertEquals(List.of("mallory/login_failed/null", "bert/view_alert/a2"),
                who(audit.query(new Query(null, null, null, null, null, 2))));
    }

    @Test
    void filters_by_operator_alert_event_and_time() throws Exception {
        assertEquals(List.of("an/act/a1", "an/view_alert/a1", "an/login/null"),
                who(audit.query(new Query("an", null, null, null, null, 100))));
        assertEquals(List.of("bert/view_alert/a1", "an/act/a1", "an/view_alert/a1"),
                who(audit.query(new Query(null, "a1", null, null, null, 100))));
        assertEquals(List.of("bert/view_alert/a1", "an/view_alert/a1"),
                who(audit.query(new Query(null, "a1", Event.VIEW_ALERT, null, null, 100))));
        assertEquals(List.of("bert/view_alert/a1", "an/act/a1"),
                who(audit.query(new Query(null, null, null, T0.plusSeconds(120), T0.plusSeconds(240), 100))));
        assertEquals(List.of(), who(audit.query(new Query("nobody", null, null, null, null, 100))));
    }

    @Test
    void rejects_bad_ranges_and_limits() {
        assertThrows(IllegalArgumentException.class, () -> new Query(null, null, null, T0, T0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Query(null, null, null, null, null, 0));
        assertThrows(IllegalArgumentException.class, () -> new Query(null, null, null, null, null, AuditLog.MAX_LIMIT + 1));
    }
}
