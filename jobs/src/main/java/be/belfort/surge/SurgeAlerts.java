package be.belfort.surge;

import be.belfort.schema.Alert;
import be.belfort.schema.AlertStatus;
import be.belfort.schema.EvidencePost;
import be.belfort.schema.Severity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** Builds surge {@link Alert}s: stable ids, severity and the explanation. Plain domain code, no Flink. */
public final class SurgeAlerts {

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

    /**
     * Severity from three things: how far above expectation (the larger of the bucket's and the sustained
     * score, in multiples of the surge threshold; for a key without history, the count in multiples of the minimum), how grave the
     * topic is (a saved search's severity: high raises one step, critical two, low lowers one), and how
     * many people post (fewer than twice the minimum distinct authors caps it at medium: a handful of
     * accounts is worth a look, not an escalation). Unknown authors (counts-only input) do not cap.
     */
    public static Severity severity(ScoredBucket latest, SurgeRules rules, Severity topicSeverity) {
        double strength = latest.warm
                ? Math.max(latest.score, latest.sustained) / rules.surgeThreshold()
                : (double) latest.bucket.count / rules.minCount();
        int level = strength >= 4 ? 2 : strength >= 2 ? 1 : 0;
        if (topicSeverity != null) {
            level += switch (topicSeverity) {
                case critical -> 2;
                case high -> 1;
                case medium -> 0;
                case low -> -1;
            };
        }
        long authors = latest.bucket.distinctAuthors;
        if (authors >= 0 && authors < 2L * rules.minAuthors()) {
            level = Math.min(level, Severity.medium.ordinal());
        }
        return Severity.values()[Math.max(0, Math.min(level, Severity.critical.ordinal()))];
    }

    /** The alert as of {@code latest}, the most recent bucket decided on. */
    static Alert alert(AlertStatus status, AlertTracker.OpenAlert open, ScoredBucket latest, SurgeRules rules,
                       Severity topicSeverity) {
        BucketCount b = latest.bucket;
        String rulesVersion = b.rulesVersion != null ? b.rulesVersion
                : open.rulesVersion != null ? open.rulesVersion : UNKNOWN_RULES_VERSION;
        String pattern = open.pattern + (latest.eventActive
                ? String.format(java.util.Locale.ROOT, "; event active, expected %.1f per bucket", latest.expected)
                : "");
        return Alert.newBuilder()
                .setId(open.id)
                .setKind(open.kind)
                .setTopic(open.topic)
                .setArea(open.area)
                .setWindowStart(Instant.ofEpochMilli(open.surgeStart))
                .setWindowEnd(Instant.ofEpochMilli(b.bucketEnd))
                .setCount(b.count)
                .setBaseline(latest.expected)
                .setBaselineSpread(latest.spread)
                .setScore(latest.score)
                .setSeverity(severity(latest, rules, topicSeverity))
                .setStatus(status)
                .setDistinctAuthors(Math.max(0, b.distinctAuthors))
                .setEvidencePostIds(b.evidencePostIds)
                .setEvidence(b.evidence.stream().map(e -> EvidencePost.newBuilder()
                        .setPostId(e.postId)
                        .setAuthor(e.author == null ? "" : e.author)
                        .setText(e.text == null ? "" : e.text)
                        .setTerms(e.terms)
                        .build()).toList())
                .setTopTerms(b.topTerms)
                .setPattern(pattern)
                .setRulesVersion(rulesVersion)
                .setDetectorVersion(rules.version())
                // Event time, not wall clock: a replay of the same hits yields byte-identical alerts.
                .setCreatedAt(Instant.ofEpochMilli(b.bucketEnd))
                .build();
    }
}
