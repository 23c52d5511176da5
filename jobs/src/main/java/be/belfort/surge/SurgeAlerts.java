package be.belfort.surge;

import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.Severity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** Builds surge {@link Alert}s: stable ids, score and severity. Plain domain code, no Flink. */
public final class SurgeAlerts {

    public static final String KIND = "surge";
    /** Rules version used when no hit carried one; the Alert field is mandatory. */
    public static final String UNKNOWN_RULES_VERSION = "unknown";

    private SurgeAlerts() {}

    /**
     * Stable alert id: the first 16 hex characters of SHA-256("kind|topic|area|firstBucketStart").
     * The same surge gets the same id in every replay, so downstream upserts are idempotent.
     */
    public static String alertId(String kind, String topic, String area, long firstBucketStart) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((kind + "|" + topic + "|" + area + "|" + firstBucketStart)
                            .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required on every Java platform", e);
        }
    }

    /** count / max(baseline, 1): how many times the expected level the latest bucket reached. */
    public static double score(long count, double baseline) {
        return count / Math.max(baseline, 1.0);
    }

    /**
     * Severity from the score: at least 4 critical, at least 2 high, at least 1.5 medium, else low. A
     * bucket just at the threshold (score 1) is a surge worth a look, not yet one worth escalating.
     */
    public static Severity severity(double score) {
        if (score >= 4) {
            return Severity.critical;
        }
        if (score >= 2) {
            return Severity.high;
        }
        if (score >= 1.5) {
            return Severity.medium;
        }
        return Severity.low;
    }

    /**
     * The alert for one surge as of {@code latest}, the most recent bucket looked at.
     *
     * @param surgeStart start of the surge's first bucket (window_start, and part of the id)
     * @param baseline   expected hits per bucket
     */
    public static Alert alert(AlertStatus status, long surgeStart, BucketCount latest, double baseline) {
        double score = score(latest.count, baseline);
        return Alert.newBuilder()
                .setId(alertId(KIND, latest.topic, latest.area, surgeStart))
                .setKind(KIND)
                .setTopic(latest.topic)
                .setArea(latest.area)
                .setWindowStart(Instant.ofEpochMilli(surgeStart))
                .setWindowEnd(Instant.ofEpochMilli(latest.bucketEnd))
                .setCount(latest.count)
                .setBaseline(baseline)
                .setScore(score)
                .setSeverity(severity(score))
                .setStatus(status)
                .setEvidencePostIds(latest.evidencePostIds)
                .setTopTerms(latest.topTerms)
                .setRulesVersion(latest.rulesVersion == null ? UNKNOWN_RULES_VERSION : latest.rulesVersion)
                // Event time, not wall clock: a replay of the same hits yields byte-identical alerts.
                .setCreatedAt(Instant.ofEpochMilli(latest.bucketEnd))
                .build();
    }
}
