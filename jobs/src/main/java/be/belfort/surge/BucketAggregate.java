package be.belfort.surge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Running aggregate of one open bucket of one key. Plain domain class (usable without Flink) that is
 * also a Flink POJO, because {@link BucketCounter} keeps it in keyed state.
 *
 * <p>Everything kept is bounded, so one viral bucket cannot blow up state: authors are an exact set up
 * to {@link #MAX_AUTHORS} (beyond that the distinct count saturates and is a lower bound), evidence
 * keeps the {@link #MAX_EVIDENCE} earliest posts, and at most {@link #MAX_TERMS} distinct terms are
 * counted (first come; the matched-term vocabulary of the saved searches is far smaller in practice).
 */
public class BucketAggregate {

    public static final int MAX_AUTHORS = 4096;
    public static final int MAX_EVIDENCE = 20;
    public static final int MAX_TERMS = 1024;
    public static final int TOP_TERMS = 5;

    /** Earliest-first order; ties on time broken by post id so replays give identical evidence. */
    private static final Comparator<Evidence> EARLIEST_FIRST =
            Comparator.comparingLong((Evidence e) -> e.eventTime).thenComparing(e -> e.postId);

    public long count;
    public Set<String> authors = new HashSet<>();
    /** Sorted by {@link #EARLIEST_FIRST}, at most {@link #MAX_EVIDENCE}. */
    public List<Evidence> evidence = new ArrayList<>();
    public Map<String, Integer> termCounts = new HashMap<>();
    /** Rules version of the most recently processed hit. */
    public String rulesVersion;

    /**
     * One evidence post (Flink POJO): id, event time, author pseudonym, text with handles masked
     * ({@link EvidenceText}) and the terms it matched.
     */
    public static class Evidence {
        public long eventTime;
        public String postId;
        public String author;
        public String text;
        public List<String> terms = new ArrayList<>();

        public Evidence() {}

        public Evidence(long eventTime, String postId) {
            this.eventTime = eventTime;
            this.postId = postId;
        }

        /** Takes author, masked text and terms from {@code hit}: done only for posts that are kept. */
        void describe(TopicHit hit) {
            author = hit.author;
            text = EvidenceText.pseudonymise(hit.text);
            terms = hit.terms == null ? new ArrayList<>() : new ArrayList<>(hit.terms);
        }
    }

    /** Adds one hit that happened at {@code eventTime}; hits may arrive in any order. */
    public void add(long eventTime, TopicHit hit) {
        count++;
        if (hit.author != null && authors.size() < MAX_AUTHORS) {
            authors.add(hit.author);
        }
        if (hit.postId != null) {
            addEvidence(new Evidence(eventTime, hit.postId), hit);
        }
        if (hit.terms != null) {
            for (String term : hit.terms) {
                if (term != null && (termCounts.containsKey(term) || termCounts.size() < MAX_TERMS)) {
                    termCounts.merge(term, 1, Integer::sum);
                }
            }
        }
        if (hit.rulesVersion != null) {
            rulesVersion = hit.rulesVersion;
        }
    }

    /**
     * Keeps {@code candidate} (time and post id only) if it is among the earliest, described by {@code hit}.
     * Most hits of a busy bucket are not: they skip masking the text, which cost the surge task a fifth of
     * its time.
     */
    private void addEvidence(Evidence candidate, TopicHit hit) {
        if (evidence.size() == MAX_EVIDENCE
                && EARLIEST_FIRST.compare(candidate, evidence.get(MAX_EVIDENCE - 1)) >= 0) {
            return;
        }
        candidate.describe(hit);
        int at = 0;
        while (at < evidence.size() && EARLIEST_FIRST.compare(evidence.get(at), candidate) <= 0) {
            at++;
        }
        evidence.add(at, candidate);
        if (evidence.size() > MAX_EVIDENCE) {
            evidence.remove(evidence.size() - 1);
        }
    }

    /** The {@link #TOP_TERMS} most frequent terms, ties in alphabetical order (deterministic). */
    public List<String> topTerms() {
        return termCounts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_TERMS)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The closed bucket {@code [bucketStart, bucketEnd)} of key topic|area. */
    public BucketCount toBucketCount(String topic, String area, long bucketStart, long bucketEnd) {
        List<String> evidenceIds = evidence.stream().map(e -> e.postId).toList();
        BucketCount closed = new BucketCount(topic, area, bucketStart, bucketEnd, count, authors.size(), evidenceIds,
                topTerms(), rulesVersion);
        closed.evidence = new ArrayList<>(evidence);
        return closed;
    }
}
