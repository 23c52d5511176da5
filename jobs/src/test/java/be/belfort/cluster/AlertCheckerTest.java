package be.belfort.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import be.belfort.cluster.AlertChecker.AlertKey;
import be.belfort.cluster.AlertChecker.Report;
import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertCheckerTest {
    private static final Instant T = Instant.parse("2026-07-20T21:00:00Z");

    @Test
    void exactlyTheExpectedRecordsInAnyOrderIsClean() {
        Report r = AlertChecker.compare(List.of(key("a", AlertStatus.open, 2), key("a", AlertStatus.resolved, 3)),
                List.of(alert("a", AlertStatus.resolved, 3), alert("a", AlertStatus.open, 2)));
        assertEquals(List.of(), r.violations());
        assertEquals(2, r.received());
    }

    @Test
    void reportsLostDuplicatedAndUnexpectedRecords() {
        Report r = AlertChecker.compare(
                List.of(key("a", AlertStatus.open, 2), key("a", AlertStatus.update, 3), key("b", AlertStatus.open, 2)),
                List.of(alert("a", AlertStatus.open, 2), alert("a", AlertStatus.open, 2), alert("a", AlertStatus.open, 2),
                        alert("b", AlertStatus.open, 2), alert("b", AlertStatus.open, 4)));
        assertEquals(List.of(key("a", AlertStatus.update, 3)), r.lost());
        assertEquals(Map.of(key("a", AlertStatus.open, 2), 3), r.duplicated());
        assertEquals(List.of(key("b", AlertStatus.open, 4)), r.unexpected());
        assertEquals(List.of(
                "lost: a update @" + T.plusSeconds(180),
                "duplicated (3x): a open @" + T.plusSeconds(120),
                "unexpected: b open @" + T.plusSeconds(240)), r.violations());
    }

    @Test
    void aRecordAtAnotherWindowOrStatusIsNotTheExpectedOne() {
        Report r = AlertChecker.compare(List.of(key("a", AlertStatus.update, 3)), List.of(alert("a", AlertStatus.resolved, 3)));
        assertEquals(1, r.lost().size());
        assertEquals(1, r.unexpected().size());
    }

    private static AlertKey key(String id, AlertStatus status, int minute) {
        return new AlertKey(id, status, T.plusSeconds(60L * minute));
    }

    private static Alert alert(String id, AlertStatus status, int minute) {
        return Alert.newBuilder().setId(id).setKind("surge").setTopic("geweld").setArea("binnenstad")
                .setWindowStart(T).setWindowEnd(T.plusSeconds(60L * minute)).setCount(8).setBaseline(5).setScore(1.6)
                .setSeverity(Severity.high).setStatus(status).setRulesVersion("v").setCreatedAt(T).build();
    }
}
