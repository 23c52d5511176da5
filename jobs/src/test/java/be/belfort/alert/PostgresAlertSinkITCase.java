package be.belfort.alert;

import static be.belfort.alert.TestAlerts.alert;
import static be.belfort.alert.TestAlerts.lifecycle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.ingest.JsonEdge;
import be.belfort.local.EmbeddedPostgres;
import be.belfort.schema.Alert;
import be.belfort.schema.EvidencePost;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.RejectedRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL alert sink against a real PostgreSQL server (embedded binaries), directly and on a MiniCluster. */
class PostgresAlertSinkITCase {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(10));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-07-21T00:00:00Z"), ZoneOffset.UTC);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static EmbeddedPostgres pg;
    private final SimpleCounter deadLetters = new SimpleCounter();

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stop() {
        if (pg != null) pg.close();
    }

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE alerts CASCADE");
        }
    }

    private PostgresAlertWriter writer(int batchSize) {
        return new PostgresAlertWriter(new AlertStore(pg.dataSource()), batchSize, 3, FAST, deadLetters, CLOCK);
    }

    private static void writeAll(PostgresAlertWriter w, List<Alert> alerts) throws Exception {
        for (Alert a : alerts) w.write(a, null);
        w.flush(false);
    }

    @Test
    void open_update_resolved_is_one_alert_with_a_three_step_timeline() throws Exception {
        List<Alert> surge = lifecycle("a1");
        writeAll(writer(10), surge);

        List<List<String>> alerts = rows("SELECT status, count, opened_at, updated_at, resolved_at, operator_state, "
                + "payload->>'status' FROM alerts");
        assertEquals(List.of(List.of("resolved", "2", ts(surge.get(0)), ts(surge.get(2)), ts(surge.get(2)), "new", "resolved")),
                alerts);
        assertEquals(List.of(List.of("open", "14"), List.of("update", "34"), List.of("resolved", "2")),
                rows("SELECT status, count FROM alert_updates ORDER BY window_end"));
        assertEquals(List.of(List.of("tw-1"), List.of("tw-2"), List.of("tw-3"), List.of("tw-4"), List.of("tw-5")),
                rows("SELECT post_id FROM alert_evidence ORDER BY post_id"));
        assertEquals(0, deadLetters.getCount());
    }

    @Test
    void replays_in_any_order_and_batching_leave_the_same_rows() throws Exception {
        List<Alert> surge = lifecycle("a1");
        writeAll(writer(10), surge);
        List<List<String>> once = everything();

        Alert open = surge.get(0), update = surge.get(1), resolved = surge.get(2);
        empty();
        writeAll(writer(1), List.of(resolved, update, open));
        assertEquals(once, everything(), "reverse order, one record per transaction");
        writeAll(writer(2), List.of(update, open, resolved, open, update, resolved));
        assertEquals(once, everything(), "the same records again, shuffled, in batches of two");
    }

    @Test
    void the_operators_decision_survives_later_records() throws Exception {
        List<Alert> surge = lifecycle("a1");
        writeAll(writer(10), surge.subList(0, 1));
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE alerts SET operator_state = 'acknowledged' WHERE id = 'a1'");
        }
        writeAll(writer(10), surge.subList(1, 3));
        assertEquals(List.of(List.of("acknowledged", "resolved")), rows("SELECT operator_state, status FROM alerts"));
    }

    @Test
    void nasty_text_is_stored_clean_and_whole() throws Exception {
        String huge = "rellen".repeat(100_000 / 6);
        Alert nasty = Alert.newBuilder(alert("n\u00001", AlertStatus.open, 2, 14,
                        List.of("tw-\u00009", "tw-🔥"), List.of("vecht\u0000partij", "🔥🚓", "lone\uD800high", "lone\uDC00low", huge)))
                .setTopic("gew\u0000eld")
                .build();
        writeAll(writer(10), List.of(nasty));

        assertEquals(List.of(List.of("n1", "geweld", "{vechtpartij,🔥🚓,lonehigh,lonelow," + huge + "}")),
                rows("SELECT id, topic, top_terms FROM alerts"));
        assertEquals(List.of(List.of("tw-9"), List.of("tw-🔥")), rows("SELECT post_id FROM alert_evidence ORDER BY post_id"));
        assertEquals(List.of(List.of("geweld", "🔥🚓", Integer.toString(huge.length()))),
                rows("SELECT payload->>'topic', payload->'top_terms'->>1, length(payload->'top_terms'->>4) FROM alerts"));
        assertEquals(List.of(List.of("1")), rows("SELECT count(*) FROM alert_updates WHERE payload->>'id' = 'n1'"));
        assertEquals(0, deadLetters.getCount());
    }

    @Test
    void evidence_posts_keep_pseudonym_text_and_terms_and_later_records_never_blank_them() throws Exception {
        Alert open = Alert.newBuilder(alert("e1", AlertStatus.open, 2, 14, List.of("tw-1", "tw-2"), List.of("vechtpartij")))
                .setEvidence(List.of(
                        new EvidencePost("tw-1", "u_abc", "Vechtpartij op de Korenmarkt\u0000!", List.of("vechtpartij")),
                        new EvidencePost("tw-2", "u_def", "Klappen aan de Graslei \uD800", List.of("klappen"))))
                .build();
        Alert update = alert("e1", AlertStatus.update, 3, 20, List.of("tw-1", "tw-3"), List.of("vechtpartij"));
        writeAll(writer(10), List.of(open, update));

        assertEquals(List.of(
                        List.of("tw-1", "u_abc", "Vechtpartij op de Korenmarkt!", "{vechtpartij}"),
                        List.of("tw-2", "u_def", "Klappen aan de Graslei ", "{klappen}"),
                        Arrays.asList("tw-3", null, null, "{}")),
                rows("SELECT post_id, author, text, terms FROM alert_evidence WHERE alert_id = 'e1' ORDER BY post_id"));
        assertEquals(0, deadLetters.getCount());
    }

    @Test
    void a_record_the_database_refuses_is_a_dead_letter_and_the_rest_of_its_batch_is_stored() throws Exception {
        String key = unindexableKey(7);
        Alert refused = alert(key, AlertStatus.open, 2, 14, List.of("tw-1"), List.of("vechtpartij"));
        PostgresAlertWriter w = writer(10);
        writeAll(w, List.of(lifecycle("a1").get(0), refused, lifecycle("a2").get(0)));

        assertEquals(List.of(List.of("a1"), List.of("a2")), rows("SELECT id FROM alerts ORDER BY id"));
        assertEquals(1, deadLetters.getCount());
        List<RejectedRecord> letters = new ArrayList<>(w.prepareCommit());
        assertEquals(1, letters.size());
        RejectedRecord letter = letters.get(0);
        assertTrue(letter.getReason().startsWith("PostgreSQL refused the alert: SQLSTATE 54000"), letter.getReason());
        assertFalse(letter.getReason().contains(key.substring(0, 50)), "the reason does not quote the value");
        assertTrue(letter.getSource().startsWith("postgres:alert/"), letter.getSource());
        Alert back = JsonEdge.fromJson(StandardCharsets.UTF_8.decode(letter.getPayload()).toString(), Alert.class);
        assertEquals(refused, back);
        assertTrue(w.prepareCommit().isEmpty(), "handed over once");
    }

    @Test
    void an_unreachable_database_fails_the_flush_after_the_attempts_and_dead_letters_nothing() {
        // Port 1 on loopback: connection refused at once, a transient error every time.
        AlertStore nowhere = new AlertStore(AlertDatabase.connect("jdbc:postgresql://127.0.0.1:1/belfort", "belfort", "x"));
        PostgresAlertWriter w = new PostgresAlertWriter(nowhere, 10, 3, FAST, deadLetters, CLOCK);
        IOException e = assertThrows(IOException.class, () -> writeAll(w, lifecycle("a1")));
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
        assertEquals(0, deadLetters.getCount());
    }

    @Test
    void the_sink_runs_in_a_flink_job_and_its_dead_letters_flow_on() throws Exception {
        List<Alert> alerts = new ArrayList<>(lifecycle("a1"));
        alerts.addAll(lifecycle("a2"));
        alerts.add(alert(unindexableKey(11), AlertStatus.open, 2, 14, List.of(), List.of()));
        alerts.addAll(lifecycle("a1")); // a replay

        CollectingSink<RejectedRecord> letters = new CollectingSink<>("postgres-itcase-dead-letters");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromData(alerts, new AvroTypeInfo<>(Alert.class))
                .sinkTo(new PostgresAlertSink(pg.jdbcUrl(), "postgres", "", 2, 3, FAST, letters))
                .uid("sink-alerts-postgres").name("alerts to PostgreSQL");
        env.execute("postgres-sink-itcase");

        assertEquals(List.of(List.of("a1", "resolved"), List.of("a2", "resolved")), rows("SELECT id, status FROM alerts ORDER BY id"));
        assertEquals(List.of(List.of("6")), rows("SELECT count(*) FROM alert_updates"));
        assertEquals(1, letters.collected().size(), letters.collected().toString());
        assertTrue(letters.collected().get(0).getReason().contains("SQLSTATE 54000"));
    }

    /** An alert id far beyond what a B-tree index entry can hold (random letters, so it does not compress). */
    private static String unindexableKey(long seed) {
        Random random = new Random(seed);
        char[] key = new char[100_000];
        for (int i = 0; i < key.length; i++) key[i] = (char) ('a' + random.nextInt(26));
        return new String(key);
    }

    private static String ts(Alert a) {
        return rowsUnchecked("SELECT '" + a.getCreatedAt() + "'::timestamptz").get(0).get(0);
    }

    /** Every row of the three tables the sink writes, in a stable order. */
    private static List<List<String>> everything() throws Exception {
        List<List<String>> all = new ArrayList<>(rows("SELECT * FROM alerts ORDER BY id"));
        all.addAll(rows("SELECT * FROM alert_updates ORDER BY alert_id, window_end, status"));
        all.addAll(rows("SELECT * FROM alert_evidence ORDER BY alert_id, post_id"));
        return all;
    }

    private static List<List<String>> rowsUnchecked(String sql) {
        try {
            return rows(sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<List<String>> rows(String sql) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = pg.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                String[] row = new String[md.getColumnCount()];
                for (int i = 0; i < row.length; i++) row[i] = rs.getString(i + 1);
                out.add(Arrays.asList(row));
            }
        }
        return out;
    }
}
