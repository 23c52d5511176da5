package be.belfort.surge;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one closed time bucket of one topic|area key held. Zero buckets (count 0) are emitted too while
 * the key is active, so that consecutive BucketCounts of a key are consecutive in time.
 *
 * <p>Flink POJO. The bucket covers {@code [bucketStart, bucketEnd)} in epoch milliseconds.
 */
public class BucketCount {

    public String topic;
    public String area;
    public long bucketStart;
    public long bucketEnd;
    public long count;
    /** Distinct author pseudonyms; saturates at {@link BucketAggregate#MAX_AUTHORS}; -1 when unknown (counts-only input). */
    public long distinctAuthors;
    /** Up to {@link BucketAggregate#MAX_EVIDENCE} post ids, earliest event time first. */
    public List<String> evidencePostIds = new ArrayList<>();
    /** Up to {@link BucketAggregate#TOP_TERMS} matched terms, most frequent first. */
    public List<String> topTerms = new ArrayList<>();
    /** Rules version of the latest hit that reached this key (also on zero buckets). */
    public String rulesVersion;
    /** The evidence posts behind {@link #evidencePostIds}, pseudonymised; empty for counts-only input. */
    public List<BucketAggregate.Evidence> evidence = new ArrayList<>();

    public BucketCount() {}

    public BucketCount(String topic, String area, long bucketStart, long bucketEnd, long count,
                       long distinctAuthors, List<String> evidencePostIds, List<String> topTerms,
                       String rulesVersion) {
        this.topic = topic;
        this.area = area;
        this.bucketStart = bucketStart;
        this.bucketEnd = bucketEnd;
        this.count = count;
        this.distinctAuthors = distinctAuthors;
        this.evidencePostIds = new ArrayList<>(evidencePostIds);
        this.topTerms = new ArrayList<>(topTerms);
        this.rulesVersion = rulesVersion;
    }

    /** An empty bucket of a key that is still active. */
    public static BucketCount zero(String topic, String area, long bucketStart, long bucketEnd,
                                   String rulesVersion) {
        return new BucketCount(topic, area, bucketStart, bucketEnd, 0, 0, List.of(), List.of(), rulesVersion);
    }

    /** Same key as {@link TopicHit#surgeKey()}. */
    public String surgeKey() {
        return TopicHit.key(topic, area);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BucketCount other)) {
            return false;
        }
        return bucketStart == other.bucketStart
                && bucketEnd == other.bucketEnd
                && count == other.count
                && distinctAuthors == other.distinctAuthors
                && Objects.equals(topic, other.topic)
                && Objects.equals(area, other.area)
                && Objects.equals(evidencePostIds, other.evidencePostIds)
                && Objects.equals(topTerms, other.topTerms)
                && Objects.equals(rulesVersion, other.rulesVersion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, area, bucketStart, bucketEnd, count, distinctAuthors, evidencePostIds,
                topTerms, rulesVersion);
    }

    @Override
    public String toString() {
        return "BucketCount{" + topic + "|" + area + " [" + bucketStart + "," + bucketEnd + ") count=" + count
                + " authors=" + distinctAuthors + " terms=" + topTerms + "}";
    }
}
