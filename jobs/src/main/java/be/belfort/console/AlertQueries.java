package be.belfort.console;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** What the console reads from the alert store. Times are epoch milliseconds, ready for the browser. */
public final class AlertQueries {
    /** One alert as the feed shows it. {@code resolvedAt} is null while the surge lasts. */
    public record Summary(String id, String topic, String area, String severity, String status, String operatorState,
            long count, double baseline, double score, long openedAt, long updatedAt, Long resolvedAt,
            long windowStart, long windowEnd, List<String> topTerms) {}

    /** One point of the count timeline; {@code spread} is null when the pipeline reported none. */
    public record Point(long windowEnd, long count, double baseline, Double spread) {}

    /** One evidence post; author is a pseudonym, text and terms are null/empty when the sink stored ids only. */
    public record Evidence(String postId, String author, String text, List<String> terms, Long createdAt) {}

    public record Action(String action, String operator, String note, long actedAt) {}

    public record Detail(Summary alert, List<Point> timeline, List<Evidence> evidence, List<Action> actions) {}

    /** Alerts of one area within the activity window. */
    public record AreaActivity(String area, int alerts, int open, long posts, String maxSeverity) {}

    private static final String SUMMARY_COLUMNS = """
            id, topic, area, severity, status, operator_state, count, baseline, score, opened_at, updated_at,
            resolved_at, window_start, window_end, top_terms""";
    private static final int MAX_EVIDENCE = 50;

    private final DataSource db;

    public AlertQueries(DataSource db) {
        this.db = db;
    }

    /** The most recently updated alerts, newest first. */
    public List<Summary> recent(int limit) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + SUMMARY_COLUMNS
                        + " FROM alerts ORDER BY updated_at DESC, id LIMIT ?")) {
            ps.setInt(1, limit);
            return summaries(ps);
        }
    }

    public Optional<Summary> summary(String id) throws SQLException {
        try (Connection c = db.getConnection()) {
            return summary(c, id);
        }
    }

    static Optional<Summary> summary(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SUMMARY_COLUMNS + " FROM alerts WHERE id = ?")) {
            ps.setString(1, id);
            return summaries(ps).stream().findFirst();
        }
    }

    public Optional<Detail> detail(String id) throws SQLException {
        try (Connection c = db.getConnection()) {
            Optional<Summary> s = summary(c, id);
            if (s.isEmpty()) return Optional.empty();
            return Optional.of(new Detail(s.get(), timeline(c, id), evidence(c, id), actions(c, id)));
        }
    }

    /**
     * Alerts per area updated within {@code window} before the newest alert in the store: relative to
     * the data rather than the wall clock, so that a replayed evening shows its own activity.
     */
    public List<AreaActivity> activity(Duration window) throws SQLException {
        String sql = """
                SELECT area, count(*),
                       count(*) FILTER (WHERE status <> 'resolved' AND operator_state NOT IN ('resolved', 'noise')),
                       sum(count),
                       (array_agg(severity ORDER BY array_position(ARRAY['low','medium','high','critical'], severity) DESC))[1]
                FROM alerts
                WHERE updated_at > (SELECT max(updated_at) FROM alerts) - ?::interval
                GROUP BY area ORDER BY area
                """;
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, window.toSeconds() + " seconds");
            List<AreaActivity> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AreaActivity(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getLong(4), rs.getString(5)));
                }
            }
            return out;
        }
    }

    private static List<Point> timeline(Connection c, String id) throws SQLException {
        // An update and the resolution may share a window: the later record wins.
        String sql = """
                SELECT DISTINCT ON (window_end) window_end, count, baseline, (payload->>'spread')::double precision
                FROM alert_updates WHERE alert_id = ? ORDER BY window_end, created_at DESC
                """;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            List<Point> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double s = rs.getDouble(4);
                    Double spread = rs.wasNull() ? null : s;
                    out.add(new Point(rs.getTimestamp(1).getTime(), rs.getLong(2), rs.getDouble(3), spread));
                }
            }
            return out;
        }
    }

    private static List<Evidence> evidence(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT post_id, author, text, terms, created_at FROM alert_evidence WHERE alert_id = ?
                ORDER BY created_at NULLS LAST, post_id LIMIT ?""")) {
            ps.setString(1, id);
            ps.setInt(2, MAX_EVIDENCE);
            List<Evidence> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(5);
                    out.add(new Evidence(rs.getString(1), rs.getString(2), rs.getString(3), strings(rs.getArray(4)),
                            at == null ? null : at.getTime()));
                }
            }
            return out;
        }
    }

    private static List<Action> actions(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT action, operator, note, acted_at FROM alert_actions WHERE alert_id = ? ORDER BY acted_at, id")) {
            ps.setString(1, id);
            List<Action> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Action(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).getTime()));
            }
            return out;
        }
    }

    private static List<Summary> summaries(PreparedStatement ps) throws SQLException {
        List<Summary> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp resolved = rs.getTimestamp(12);
                out.add(new Summary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getLong(7), rs.getDouble(8), rs.getDouble(9), rs.getTimestamp(10).getTime(),
                        rs.getTimestamp(11).getTime(), resolved == null ? null : resolved.getTime(),
                        rs.getTimestamp(13).getTime(), rs.getTimestamp(14).getTime(), strings(rs.getArray(15))));
            }
        }
        return out;
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }
}
