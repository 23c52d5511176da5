package be.belfort.surge;

import static be.belfort.surge.SurgeFixtures.at;
import static be.belfort.surge.SurgeFixtures.scored;
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

    private static final SurgeRules RULES = SurgeRules.defaults(); // min count 10, min authors 3
    /** Scores in multiples of the surge threshold: severity steps at 2x and 4x. */
    private static final double T = RULES.surgeThreshold();

    @Test
    void idIsAShortStableHashOfKindTopicAreaAndFirstBucket() {
        String id = SurgeAlerts.alertId("surge", "brand", "binnenstad", 1_000L);
        assertTrue(id.matches("[0-9a-f]{16}"), id);
        assertEquals(id, SurgeAlerts.alertId("surge", "brand", "binnenstad", 1_000L));
        assertNotEquals(id, SurgeAlerts.alertId("surge", "brand", "binnenstad", 2_000L));
        assertNotEquals(id, SurgeAlerts.alertId("surge", "brand", "ledeberg", 1_000L));
        assertNotEquals(id, SurgeAlerts.alertId("spike", "brand", "binnenstad", 1_000L));
    }

    private static ScoredBucket withScore(double score, long authors) {
        ScoredBucket b = scored(0, 50);
        b.score = score;
        b.bucket.distinctAuthors = authors;
        return b;
    }

    @Test
    void severityFromScoreTopicAndAuthors() {
        assertEquals(Severity.low, SurgeAlerts.severity(withScore(1.25 * T, 20), RULES, Severity.medium));
        assertEquals(Severity.medium, SurgeAlerts.severity(withScore(2 * T, 20), RULES, Severity.medium));
        assertEquals(Severity.high, SurgeAlerts.severity(withScore(4 * T, 20), RULES, Severity.medium));
        assertEquals(Severity.critical, SurgeAlerts.severity(withScore(4 * T, 20), RULES, Severity.high));
        assertEquals(Severity.low, SurgeAlerts.severity(withScore(1.25 * T, 20), RULES, Severity.low));
        // Few authors cap the severity whatever the score.
        assertEquals(Severity.medium, SurgeAlerts.severity(withScore(4 * T, 5), RULES, Severity.critical));
        // Unknown authors (counts-only series) do not cap.
        assertEquals(Severity.high, SurgeAlerts.severity(withScore(4 * T, -1), RULES, null));
        // Without history the count against the minimum decides.
        ScoredBucket cold = withScore(0, 20);
        cold.warm = false;
        assertEquals(Severity.high, SurgeAlerts.severity(cold, RULES, null)); // 50 posts, 5x the minimum
    }

    @Test
    void alertExplainsItself() {
        ScoredBucket latest = scored(3, 12);
        BucketAggregate.Evidence e = new BucketAggregate.Evidence(at(3, 1), "p3");
        e.author = "u_abc";
        e.text = "brand aan de @user";
        e.terms = List.of("brand");
        latest.bucket.evidence = List.of(e);
        AlertTracker.OpenAlert open = new AlertTracker.OpenAlert();
        open.id = SurgeAlerts.alertId("surge", "brand", "binnenstad", at(1, 0));
        open.kind = "surge";
        open.topic = "brand";
        open.area = "binnenstad";
        open.surgeStart = at(1, 0);
        open.pattern = "surge: why";

        Alert alert = SurgeAlerts.alert(AlertStatus.update, open, latest, RULES, Severity.high);

        assertEquals(open.id, alert.getId());
        assertEquals("surge", alert.getKind());
        assertEquals(Instant.ofEpochMilli(at(1, 0)), alert.getWindowStart());
        assertEquals(Instant.ofEpochMilli(at(4, 0)), alert.getWindowEnd());
        assertEquals(Instant.ofEpochMilli(at(4, 0)), alert.getCreatedAt());
        assertEquals(12, alert.getCount());
        assertEquals(1.0, alert.getBaseline());
        assertEquals(1.0, alert.getBaselineSpread());
        assertEquals(11.0, alert.getScore());
        assertEquals(12, alert.getDistinctAuthors());
        assertEquals(List.of("p3"), alert.getEvidencePostIds());
        assertEquals("u_abc", alert.getEvidence().get(0).getAuthor());
        assertEquals("brand aan de @user", alert.getEvidence().get(0).getText());
        assertEquals(List.of("brand"), alert.getTopTerms());
        assertEquals("surge: why", alert.getPattern());
        assertEquals(SurgeFixtures.RULES, alert.getRulesVersion());
        assertEquals(RULES.version(), alert.getDetectorVersion());
    }

    @Test
    void evidenceTextMasksHandlesAndIsBounded() {
        assertEquals("@user zag het, zegt @user.", EvidenceText.pseudonymise("@jan_gent83 zag het, zegt @piet."));
        assertEquals("mail jan@example.be", EvidenceText.pseudonymise("mail jan@example.be"));
        assertEquals(EvidenceText.MAX_CHARS, EvidenceText.pseudonymise("a".repeat(1000)).length());
        assertEquals("", EvidenceText.pseudonymise(null));
    }
}
