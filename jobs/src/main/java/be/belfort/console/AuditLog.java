package be.belfort.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Who logged in, looked at and acted on which alert: the {@code audit_log} table, for oversight of
 * police use of public posts. Entries are only ever added.
 */
public final class AuditLog {
    /** What happened; stored lower-case. */
    public enum Event {
        LOGIN, LOGIN_FAILED, LOGOUT, VIEW_ALERT, ACT, VIEW_AUDIT;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Event of(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    /** One entry; {@code at} in epoch milliseconds for the browser. */
    public record Entry(long id, long at, String operator, String event, String alertId, String detail) {}

    /**
     * Filters of {@link #query}; null means any. {@code from} inclusive, {@code to} exclusive.
     * At most {@code limit} entries, newest first.
     */
    public record Query(String operator, String alertId, Event event, Instant from, Instant to, int limit) {
        public Query {
            if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
            if (from != null && to != null && !from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
        }
    }

    public static final int MAX_LIMIT = 1000;
    private static final String INSERT = "INSERT INTO audit_log (operator, event, alert_id, detail) VALUES (?, ?, ?, ?)";

    private final DataSource db;

    public AuditLog(DataSource db) {
        this.db = db;
    }

    public void record(String operator, Event event, String alertId, String detail) throws SQLException {
        try (Connection c = db.getConnection()) {
            record(c, operator, event, alertId, detail);
        }
    }

    /** Adds an entry on {@code c}, inside the caller's transaction (an action and its audit entry commit together). */
    public static void record(Connection c, String operator, Event event, String alertId, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, operator);
            ps.setString(2, event.code());
            ps.setString(3, alertId);
            ps.setString(4, detail);
            ps.executeUpdate();
        }
    }

    public List<Entry> query(Query q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT id, at, operator, event, alert_id, detail FROM audit_log WHERE true");
        List<Object> args = new ArrayList<>();
        if (q.operator() != null) {
            sql.append(" AND operator = ?");
            args.add(q.operator());
        }
        if (q.alertId() != null) {
            sql.append(" AND alert_id = ?");
            args.add(q.alertId());
        }
        if (q.event() != null) {
            sql.append(" AND event = ?");
            args.add(q.event().code());
        }
        if (q.from() != null) {
            sql.append(" AND at >= ?");
            args.add(Timestamp.from(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND at < ?");
            args.add(Timestamp.from(q.to()));
        }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ?");
        args.add(q.limit());
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            List<Entry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getLong(1), rs.getTimestamp(2).getTime(), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
            return out;
        }
    }
}
