package be.belfort.alert;

import be.belfort.schema.Alert;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of {@link PostgresAlertSink}: batches alerts and stores each batch in one transaction.
 * When the database refuses a batch because of its content, the batch is written record by record
 * so that only the offending records become dead letters.
 */
final class PostgresAlertWriter extends DeadLetteringWriter<Alert> {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresAlertWriter.class);
    private static final int MAX_REASON_CHARS = 300;

    /** What an SQL error means for the records being written. */
    enum Failure {
        /** Worth retrying: the connection, a deadlock, a restarting or overloaded server. */
        TRANSIENT,
        /** The records themselves: a value out of range, too large for an index, violating a constraint. */
        RECORD,
        /** Setup, not data (missing table, no permission, bad password): the job must stop and be fixed. */
        FATAL
    }

    private final AlertStore store;
    private final int batchSize;
    private final int maxAttempts;
    private final Backoff backoff;
    private final List<Alert> batch = new ArrayList<>();

    PostgresAlertWriter(AlertStore store, int batchSize, int maxAttempts, Backoff backoff, Counter deadLetters, Clock clock) {
        super("postgres", deadLetters, clock);
        this.store = store;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    @Override
    public void write(Alert alert, Context context) throws IOException, InterruptedException {
        batch.add(alert);
        if (batch.size() >= batchSize) writeBatch();
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        writeBatch();
    }

    @Override
    public void close() {
        // Connections are per batch; an unflushed batch is replayed from the last checkpoint.
    }

    private void writeBatch() throws IOException, InterruptedException {
        if (batch.isEmpty()) return;
        if (store(batch) != null) {
            for (Alert a : batch) {
                String reason = store(List.of(a));
                if (reason != null) deadLetter(a, "PostgreSQL refused the alert: " + reason);
            }
        }
        batch.clear();
    }

    /**
     * Stores {@code alerts} in one transaction, retrying transient errors.
     *
     * @return null when stored, else why the database refuses these records
     * @throws IOException on a fatal error or when transient errors outlast the attempts: failing the
     *     task (and so the checkpoint) is what keeps the records from being lost
     */
    private String store(List<Alert> alerts) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                store.upsert(alerts);
                return null;
            } catch (SQLException e) {
                switch (classify(e)) {
                    case RECORD -> {
                        return describe(e);
                    }
                    case FATAL -> throw new IOException("PostgreSQL alert store: " + describe(e), e);
                    case TRANSIENT -> {
                        if (attempt >= maxAttempts) {
                            throw new IOException("PostgreSQL alert store still failing after " + attempt
                                    + " attempts: " + describe(e), e);
                        }
                        LOG.warn("PostgreSQL alert store attempt {} of {} failed, retrying: {}", attempt, maxAttempts, describe(e));
                        backoff.pause(attempt, Duration.ZERO);
                    }
                }
            }
        }
    }

    /** By SQLSTATE class (PostgreSQL manual, appendix A). */
    static Failure classify(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) return Failure.TRANSIENT;
        String state = e.getSQLState();
        if (state == null || state.length() != 5) return Failure.TRANSIENT; // no server answer: I/O trouble
        if (state.equals("55P03")) return Failure.TRANSIENT; // lock not available
        return switch (state.substring(0, 2)) {
            case "08", "40", "53", "57", "58" -> Failure.TRANSIENT;
            case "22", "23", "54" -> Failure.RECORD;
            default -> Failure.FATAL;
        };
    }

    /**
     * The SQLSTATE and the server's primary message, without its detail line: the detail quotes the
     * offending values, which belong in the dead letter's payload, not in a reason or a log line.
     */
    static String describe(SQLException e) {
        String message = e instanceof PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getMessage()
                : e.getMessage();
        if (message != null && message.length() > MAX_REASON_CHARS) message = message.substring(0, MAX_REASON_CHARS) + "…";
        return "SQLSTATE " + e.getSQLState() + ": " + message;
    }
}
