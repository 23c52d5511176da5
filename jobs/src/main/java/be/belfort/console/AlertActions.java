package be.belfort.console;

import be.belfort.console.AlertQueries.Summary;
import be.belfort.console.OperatorAccounts.Account;
import be.belfort.ingest.AvroCodec;
import be.belfort.schema.AlertAction;
import be.belfort.schema.OperatorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * An operator's decision on an alert: stored ({@code alert_actions}, {@code alerts.operator_state},
 * an {@code act} audit entry) and sent on the alert-actions topic as an Avro {@link AlertAction}
 * keyed {@code topic|area}, so the pipeline can hold back re-alerts of a resolved key.
 *
 * <p>The database transaction commits only after Kafka acknowledged the record: an action the
 * pipeline never heard of is never shown as done. (Should the commit itself fail after the send, the
 * pipeline knows of an action the store lacks; the operator sees an error and acts again, which is
 * harmless.)
 */
public final class AlertActions implements AutoCloseable {
    public static final int MAX_NOTE_CHARS = 500;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final DataSource db;
    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;

    public AlertActions(DataSource db, String bootstrapServers, String topic) {
        this.db = db;
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "belfort-console-actions",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2,
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The operator state an action leads to. */
    static String stateAfter(OperatorAction action) {
        return switch (action) {
            case acknowledge -> "acknowledged";
            case resolve -> "resolved";
            case noise -> "noise";
        };
    }

    /**
     * Records and publishes the action; returns the alert as it now stands, or empty when there is no
     * such alert.
     *
     * @throws IllegalStateException when Kafka did not take the record (nothing is stored then)
     */
    public Optional<Summary> act(Account who, String alertId, OperatorAction action, String note) throws SQLException {
        String cleanNote = note == null || note.isBlank() ? null : note.strip();
        if (cleanNote != null && cleanNote.length() > MAX_NOTE_CHARS) {
            throw new IllegalArgumentException("note longer than " + MAX_NOTE_CHARS + " characters");
        }
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<Summary> done = act(c, who, alertId, action, cleanNote);
                if (done.isPresent()) c.commit();
                else c.rollback();
                return done;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Optional<Summary> act(Connection c, Account who, String alertId, OperatorAction action, String note) throws SQLException {
        String alertTopic;
        String area;
        try (PreparedStatement ps = c.prepareStatement("SELECT topic, area FROM alerts WHERE id = ? FOR UPDATE")) {
            ps.setString(1, alertId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                alertTopic = rs.getString(1);
                area = rs.getString(2);
            }
        }
        Instant actedAt;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO alert_actions (alert_id, action, operator, note) VALUES (?, ?, ?, ?) RETURNING acted_at")) {
            ps.setString(1, alertId);
            ps.setString(2, action.name());
            ps.setString(3, who.name());
            ps.setString(4, note);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                actedAt = rs.getTimestamp(1).toInstant();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE alerts SET operator_state = ? WHERE id = ?")) {
            ps.setString(1, stateAfter(action));
            ps.setString(2, alertId);
            ps.executeUpdate();
        }
        AuditLog.record(c, who.name(), AuditLog.Event.ACT, alertId, action.name());
        AlertAction record = AlertAction.newBuilder()
                .setAlertId(alertId).setTopic(alertTopic).setArea(area).setAction(action)
                .setOperator(who.name()).setNote(note).setActedAt(actedAt).build();
        send(alertTopic + "|" + area, record);
        return AlertQueries.summary(c, alertId);
    }

    private void send(String key, AlertAction record) {
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), AvroCodec.encode(record)))
                    .get(SEND_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending the action to Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not accept the action on " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
