package be.belfort.surge;

import static be.belfort.surge.SurgeFixtures.at;
import static be.belfort.surge.SurgeFixtures.bucket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.Severity;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class SurgeAlertsTest {

    @Test
    void idIsAShortStableHashOfKindTopicAreaAndFirstBucket() {
        String id = SurgeAlerts.alertId("surge", "brand", "binnenstad", 1_000L);
        assertTrue(id.matches("[0-9a-f]{16}"), id);
        assertEquals(id, SurgeAlerts.alertId("surge", "brand", "binnenstad", 1_000L));
        assertNotEquals(id, SurgeAlerts.alertId("surge", "brand", "binnenstad", 2_000L));
        assertNotEquals(id, SurgeAlerts.alertId("surge", "brand", "ledeberg", 1_000L));
    }

    @Test
    void severityFromScore() {
        assertEquals(Severity.low, SurgeAlerts.severity(1.49));
        assertEquals(Severity.medium, SurgeAlerts.severity(1.5));
        assertEquals(Severity.high, SurgeAlerts.severity(2));
        assertEquals(Severity.critical, SurgeAlerts.severity(4));
        assertEquals(7.0, SurgeAlerts.score(7, 0.2));
        assertEquals(2.5, SurgeAlerts.score(25, 10));
    }

    @Test
    void alertReportsTheLatestBucketOverTheWholeSurge() {
        Alert alert = SurgeAlerts.alert(AlertStatus.update, at(1, 0), bucket(3, 12), 4);

        assertEquals(SurgeAlerts.alertId("surge", "brand", "binnenstad", at(1, 0)), alert.getId());
        assertEquals("surge", alert.getKind());
        assertEquals(Instant.ofEpochMilli(at(1, 0)), alert.getWindowStart());
        assertEquals(Instant.ofEpochMilli(at(4, 0)), alert.getWindowEnd());
        assertEquals(Instant.ofEpochMilli(at(4, 0)), alert.getCreatedAt());
        assertEquals(12, alert.getCount());
        assertEquals(3.0, alert.getScore());
        assertEquals(Severity.high, alert.getSeverity());
        assertEquals(List.of("p3"), alert.getEvidencePostIds());
        assertEquals(List.of("brand"), alert.getTopTerms());
        assertEquals(SurgeFixtures.RULES, alert.getRulesVersion());
    }
}
