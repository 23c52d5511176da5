package be.belfort.alert;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The alert store's PostgreSQL database: connection and schema. The schema is versioned by the SQL
 * migrations in {@code db/migration} on the classpath and brought up to date before use, so a fresh
 * database, an old one and a replay target all end up with the same tables.
 *
 * <pre>{@code
 * DataSource db = AlertDatabase.connect("jdbc:postgresql://localhost:5432/belfort", "belfort", secret);
 * AlertDatabase.migrate(db);
 * }</pre>
 */
public final class AlertDatabase {
    private AlertDatabase() {}

    public static DataSource connect(String jdbcUrl, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    /** Applies pending migrations; returns how many were applied. */
    public static int migrate(DataSource db) {
        return Flyway.configure()
                .dataSource(db)
                .locations("classpath:db/migration")
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
