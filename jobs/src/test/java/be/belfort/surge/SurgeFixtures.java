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

    /** A closed bucket of brand|binnenstad starting {@code minute} minutes after BASE, holding {@code count} hits. */
    static BucketCount bucket(int minute, long count) {
        List<String> evidence = count == 0 ? List.of() : List.of("p" + minute);
        return new BucketCount("brand", "binnenstad", at(minute, 0), at(minute + 1, 0), count, count,
                evidence, count == 0 ? List.of() : List.of("brand"), RULES);
    }
}
