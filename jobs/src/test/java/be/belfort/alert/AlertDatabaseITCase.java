package be.belfort.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import be.belfort.local.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertDatabaseITCase {
    @Test
    void migrations_create_the_alert_store_once() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            assertEquals(0, AlertDatabase.migrate(pg.dataSource()), "already migrated at start");
            List<String> tables = new ArrayList<>();
            try (Connection c = pg.dataSource().getConnection();
                    ResultSet rs = c.createStatement().executeQuery(
                            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                                    + "AND table_name <> 'flyway_schema_history' ORDER BY table_name")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            assertEquals(List.of("alert_actions", "alert_evidence", "alert_updates", "alerts", "audit_log"), tables);
        }
    }
}
