package be.belfort.alert;

import static be.belfort.alert.PostgresAlertWriter.Failure.FATAL;
import static be.belfort.alert.PostgresAlertWriter.Failure.RECORD;
import static be.belfort.alert.PostgresAlertWriter.Failure.TRANSIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class PostgresAlertWriterTest {
    private static PostgresAlertWriter.Failure classify(String state) {
        return PostgresAlertWriter.classify(new SQLException("x", state));
    }

    @Test
    void sql_errors_are_classified_by_their_sqlstate_class() {
        assertEquals(TRANSIENT, classify("08006"), "connection failure");
        assertEquals(TRANSIENT, classify("40001"), "serialization failure");
        assertEquals(TRANSIENT, classify("40P01"), "deadlock");
        assertEquals(TRANSIENT, classify("57P01"), "admin shutdown");
        assertEquals(TRANSIENT, classify("53300"), "too many connections");
        assertEquals(TRANSIENT, classify("55P03"), "lock not available");
        assertEquals(TRANSIENT, classify(null), "no server answer");
        assertEquals(RECORD, classify("22001"), "string too long");
        assertEquals(RECORD, classify("23514"), "check constraint");
        assertEquals(RECORD, classify("54000"), "index row too large");
        assertEquals(FATAL, classify("42P01"), "table missing");
        assertEquals(FATAL, classify("42501"), "no permission");
        assertEquals(FATAL, classify("28P01"), "wrong password");
        assertEquals(FATAL, classify("55000"), "object not in prerequisite state");
        assertEquals(TRANSIENT, PostgresAlertWriter.classify(new SQLTransientConnectionException("x", "42000")),
                "the driver's own verdict wins");
    }
}
