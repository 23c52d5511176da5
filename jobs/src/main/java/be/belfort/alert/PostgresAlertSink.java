package be.belfort.alert;

import be.belfort.schema.Alert;
import be.belfort.schema.RejectedRecord;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes alerts, their timeline and their evidence posts to the PostgreSQL alert store through
 * {@link AlertStore}. Records are batched and written at the latest at each checkpoint ({@code flush}),
 * so the sink is at-least-once; the store's idempotent upsert makes replays after a restart no-ops,
 * which together is effectively once. Transient errors (connection, deadlock, server restarting) are
 * retried with backoff and then fail the job, which restarts from the last checkpoint; a record the
 * database refuses for good (e.g. a value too large for an index) becomes a dead letter.
 *
 * <pre>{@code
 * alerts.sinkTo(new PostgresAlertSink(url, "belfort", password, 100, 5, new Backoff(Duration.ofMillis(500)), deadLetters))
 *       .uid("sink-alerts-postgres").name("alerts to PostgreSQL");
 * }</pre>
 */
public final class PostgresAlertSink extends DeadLetteringSink<Alert> {
    private static final long serialVersionUID = 1L;

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final int batchSize;
    private final int maxAttempts;
    private final Backoff backoff;

    /**
     * @param batchSize   records written per transaction (also written at every checkpoint)
     * @param maxAttempts attempts per batch on transient errors before the job fails
     */
    public PostgresAlertSink(String jdbcUrl, String user, String password, int batchSize, int maxAttempts,
            Backoff backoff, Sink<RejectedRecord> deadLetters) {
        super("postgres", deadLetters);
        if (batchSize < 1 || maxAttempts < 1) throw new IllegalArgumentException("batch size and attempts must be positive");
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    @Override
    public PostgresAlertWriter createWriter(WriterInitContext context) {
        DataSource db = AlertDatabase.connect(jdbcUrl, user, password);
        // Flyway serialises concurrent migrations with a database lock, so every subtask may try.
        AlertDatabase.migrate(db);
        return new PostgresAlertWriter(new AlertStore(db), batchSize, maxAttempts, backoff,
                deadLetterCounter(context), Clock.systemUTC());
    }
}
