package be.belfort.surge;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Shared test data: a minute-aligned clock and builders for hits and buckets. */
final class SurgeFixtures {

    static final long BASE = Instant.parse("2026-07-20T21:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000;
    static final String RULES = "r1";

    private SurgeFixtures() {}

    /** 1 minute buckets, threshold 3, 2 in a row, quiet after 3 minutes, no lateness. */
    static SurgeConfig minuteConfig() {
        return new SurgeConfig(Duration.ofMinutes(1), 3, 2, Duration.ofMinutes(3), Duration.ZERO);
    }

    /** Event time {@code minutes}:{@code seconds} after {@link #BASE}. */
    static long at(int minutes, int seconds) {
        return BASE + minutes * MINUTE + seconds * 1000L;
    }

    static TopicHit hit(String topic, String area, long eventTime, String postId, String author, String... terms) {
        return new TopicHit(topic, area, eventTime, postId, author, List.of(terms), RULES);
    }

    static TopicHit brandHit(long eventTime, String postId, String author, String... terms) {
        return hit("brand", "binnenstad", eventTime, postId, author, terms);
    }

    /**
     * Bucket {@code minute} of brand|binnenstad scored as a key past warm-up: expected 1, spread 1, so
     * the score is count - 1; flags as the default rules (threshold 4, resolve below 2) and minimum 3 set them.
     */
    static ScoredBucket scored(int minute, long count) {
        ScoredBucket s = new ScoredBucket();
        s.bucket = bucket(minute, count);
        s.expected = 1;
        s.spread = 1;
        s.score = count - 1;
        s.warm = true;
        s.above = count >= 3 && s.score >= 4;
        s.elevated = count >= 3 && s.score >= 2;
        return s;
    }

    /** A surge match of brand|binnenstad over buckets {@code firstMinute}..{@code lastMinute}. */
    static PatternMatch surgeMatch(int firstMinute, ScoredBucket newest) {
        return new PatternMatch(PatternMatch.SURGE, "brand", "binnenstad", at(firstMinute, 0), newest, "surge: test");
    }

    /** A closed bucket of brand|binnenstad starting {@code minute} minutes after BASE, holding {@code count} hits. */
    static BucketCount bucket(int minute, long count) {
        List<String> evidence = count == 0 ? List.of() : List.of("p" + minute);
        return new BucketCount("brand", "binnenstad", at(minute, 0), at(minute + 1, 0), count, count,
                evidence, count == 0 ? List.of() : List.of("brand"), RULES);
    }
}
