package be.belfort.alert;

import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Alert records of one surge for the sink tests: open at the second bucket end, then one record per bucket. */
final class TestAlerts {
    static final Instant START = Instant.parse("2026-07-20T22:30:00Z");
    private static final Duration BUCKET = Duration.ofMinutes(5);

    private TestAlerts() {}

    /** The record of surge {@code id} after bucket {@code bucket} (1-based; open is bucket 2). */
    static Alert alert(String id, AlertStatus status, int bucket, long count, List<String> evidence, List<String> terms) {
        Instant end = START.plus(BUCKET.multipliedBy(bucket));
        return Alert.newBuilder()
                .setId(id)
                .setKind("surge")
                .setTopic("geweld")
                .setArea("binnenstad")
                .setWindowStart(START)
                .setWindowEnd(end)
                .setCount(count)
                .setBaseline(10)
                .setScore(count / 10.0)
                .setSeverity(count >= 30 ? Severity.high : Severity.medium)
                .setStatus(status)
                .setEvidencePostIds(evidence)
                .setTopTerms(terms)
                .setRulesVersion("r1")
                .setCreatedAt(end)
                .build();
    }

    /** open (bucket 2) → update (bucket 3) → resolved (bucket 4) of surge {@code id}. */
    static List<Alert> lifecycle(String id) {
        return List.of(
                alert(id, AlertStatus.open, 2, 14, List.of("tw-1", "tw-2"), List.of("vechtpartij")),
                alert(id, AlertStatus.update, 3, 34, List.of("tw-3", "tw-4"), List.of("vechtpartij", "politie")),
                alert(id, AlertStatus.resolved, 4, 2, List.of("tw-5"), List.of("politie")));
    }
}
