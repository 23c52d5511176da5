package be.belfort.local;

import be.belfort.alert.AlertDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server started from binaries shipped on Maven Central (zonky), for
 * {@code belfort demo} and the tests: no installation, a fresh data folder each time, the alert
 * schema already migrated.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final DataSource db;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
        this.server = server;
        this.db = server.getPostgresDatabase();
    }

    /** Starts a server on a free port and migrates the alert schema. */
    public static EmbeddedPostgres start() {
        try {
            // initdb and the first start on a busy disk can take longer than the library's 10 s default.
            EmbeddedPostgres pg = new EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60)).start());
            AlertDatabase.migrate(pg.db);
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    public DataSource dataSource() {
        return db;
    }

    public String jdbcUrl() {
        return server.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
        }
    }
}
