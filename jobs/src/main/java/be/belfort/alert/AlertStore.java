package be.belfort.alert;

import be.belfort.ingest.JsonEdge;
import be.belfort.schema.Alert;
import be.belfort.schema.EvidencePost;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import be.belfort.schema.AlertStatus;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes alerts to PostgreSQL so that any number of deliveries of the same record, in any order, leave
 * the same rows: the pipeline's sink after a restart, a replay, and the console catching up all call
 * {@link #upsert}.
 *
 * <p>The alert row keeps the latest record by event time (an older record arriving late never rolls
 * the state back), the earliest record's time as {@code opened_at}, and what the operators decided.
 * Every record adds one timeline row ({@code alert_updates}) and its evidence posts, both keyed so a
 * repeat is a no-op. Text is stored without NUL and lone surrogates ({@link SafeText}).
 */
public final class AlertStore {
    private static final String UPSERT_ALERT = """
            INSERT INTO alerts (id, kind, topic, area, status, severity, window_start, window_end, count, baseline,
                                score, top_terms, rules_version, opened_at, updated_at, resolved_at, payload)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (id) DO UPDATE SET
                status = EXCLUDED.status, severity = EXCLUDED.severity, window_start = EXCLUDED.window_start,
                window_end = EXCLUDED.window_end, count = EXCLUDED.count, baseline = EXCLUDED.baseline,
                score = EXCLUDED.score, top_terms = EXCLUDED.top_terms, rules_version = EXCLUDED.rules_version,
                updated_at = EXCLUDED.updated_at, payload = EXCLUDED.payload,
                opened_at = LEAST(alerts.opened_at, EXCLUDED.opened_at),
                resolved_at = COALESCE(EXCLUDED.resolved_at, alerts.resolved_at)
            WHERE (EXCLUDED.updated_at, EXCLUDED.status = 'resolved') >= (alerts.updated_at, alerts.status = 'resolved')
            """;
    /** An older record skipped by the upsert's WHERE may still be the surge's first one. */
    private static final String EARLIER_OPENING = """
            UPDATE alerts SET opened_at = ? WHERE id = ? AND opened_at > ?
            """;
    private static final String INSERT_UPDATE = """
            INSERT INTO alert_updates (alert_id, status, window_end, count, baseline, score, severity, created_at, payload)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT DO NOTHING
            """;
    private static final String INSERT_EVIDENCE = """
            INSERT INTO alert_evidence (alert_id, post_id, author, text, terms) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (alert_id, post_id) DO UPDATE SET
                author = COALESCE(EXCLUDED.author, alert_evidence.author),
                text = COALESCE(EXCLUDED.text, alert_evidence.text),
                terms = CASE WHEN cardinality(EXCLUDED.terms) > 0 THEN EXCLUDED.terms ELSE alert_evidence.terms END
            """;

    private final DataSource db;

    public AlertStore(DataSource db) {
        this.db = db;
    }

    /** Stores a batch in one transaction: all of it or, on any error, none of it. */
    public void upsert(List<Alert> alerts) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Alert a : alerts) upsert(c, a);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Stores one alert record on {@code c} without committing; the caller owns the transaction. */
    public static void upsert(Connection c, Alert record) throws SQLException {
        Alert a = SafeText.clean(record);
        String json = JsonEdge.toJson(a);
        Timestamp created = Timestamp.from(a.getCreatedAt());
        try (PreparedStatement ps = c.prepareStatement(UPSERT_ALERT)) {
            int i = 1;
            ps.setString(i++, a.getId());
            ps.setString(i++, a.getKind());
            ps.setString(i++, a.getTopic());
            ps.setString(i++, a.getArea());
            ps.setString(i++, a.getStatus().name());
            ps.setString(i++, a.getSeverity().name());
            ps.setTimestamp(i++, Timestamp.from(a.getWindowStart()));
            ps.setTimestamp(i++, Timestamp.from(a.getWindowEnd()));
            ps.setLong(i++, a.getCount());
            ps.setDouble(i++, a.getBaseline());
            ps.setDouble(i++, a.getScore());
            ps.setArray(i++, textArray(c, a.getTopTerms()));
            ps.setString(i++, a.getRulesVersion());
            ps.setTimestamp(i++, created);
            ps.setTimestamp(i++, created);
            if (a.getStatus() == AlertStatus.resolved) ps.setTimestamp(i++, created);
            else ps.setNull(i++, Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setString(i, json);
            if (ps.executeUpdate() == 0) {
                try (PreparedStatement earlier = c.prepareStatement(EARLIER_OPENING)) {
                    earlier.setTimestamp(1, created);
                    earlier.setString(2, a.getId());
                    earlier.setTimestamp(3, created);
                    earlier.executeUpdate();
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_UPDATE)) {
            ps.setString(1, a.getId());
            ps.setString(2, a.getStatus().name());
            ps.setTimestamp(3, Timestamp.from(a.getWindowEnd()));
            ps.setLong(4, a.getCount());
            ps.setDouble(5, a.getBaseline());
            ps.setDouble(6, a.getScore());
            ps.setString(7, a.getSeverity().name());
            ps.setTimestamp(8, created);
            ps.setString(9, json);
            ps.executeUpdate();
        }
        writeEvidence(c, a);
    }

    /**
     * The alert's evidence posts: pseudonymised author, text and matched terms where the record carries
     * them, the bare id otherwise. A later record never blanks what an earlier one stored.
     */
    private static void writeEvidence(Connection c, Alert a) throws SQLException {
        Map<String, EvidencePost> details = new HashMap<>();
        a.getEvidence().forEach(e -> details.put(e.getPostId(), e));
        Set<String> ids = new LinkedHashSet<>(a.getEvidencePostIds());
        ids.addAll(details.keySet());
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVIDENCE)) {
            for (String postId : ids) {
                EvidencePost e = details.get(postId);
                ps.setString(1, a.getId());
                ps.setString(2, postId);
                ps.setString(3, e == null ? null : e.getAuthor());
                ps.setString(4, e == null ? null : e.getText());
                ps.setArray(5, textArray(c, e == null ? List.of() : e.getTerms()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Array textArray(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }
}
