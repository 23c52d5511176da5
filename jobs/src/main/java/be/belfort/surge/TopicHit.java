package be.belfort.surge;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One post matching one topic (saved search or event) in one area: the unit the surge stage counts.
 *
 * <p>Travels with {@link TopicHitSerializer}. {@code author} is already a pseudonym (never a raw
 * handle). The record timestamp of the stream is authoritative for event time; {@link #eventTime} is kept as a fallback and for
 * debugging. {@code topic} and {@code area} are required (they end up in mandatory Alert fields); the
 * stage that builds hits from classified posts guarantees them ({@code area} "gent" when no wijk is known).
 * Everything else may be missing: such hits still count.
 */
@TypeInfo(TopicHitSerializer.Factory.class)
public class TopicHit {

    /** Phenomenon or event id, e.g. "brand". */
    public String topic;
    /** Wijk id, or "gent" for the whole city. */
    public String area;
    /** Event time in epoch milliseconds (normally the post's created_at). */
    public long eventTime;
    public String postId;
    /** Pseudonym of the author, see be.belfort.nlp.Pseudonymizer. */
    public String author;
    /** Matched terms, used for the alert's top terms. */
    public List<String> terms = new ArrayList<>();
    public String rulesVersion;
    /** The post's text, for evidence; may be null. Handles in it are masked before it leaves the stage. */
    public String text;

    public TopicHit() {}

    public TopicHit(String topic, String area, long eventTime, String postId, String author,
                    List<String> terms, String rulesVersion) {
        this.topic = topic;
        this.area = area;
        this.eventTime = eventTime;
        this.postId = postId;
        this.author = author;
        this.terms = terms == null ? new ArrayList<>() : new ArrayList<>(terms);
        this.rulesVersion = rulesVersion;
    }

    /** This hit with the post's text attached (evidence for alerts). */
    public TopicHit withText(String value) {
        TopicHit copy = new TopicHit(topic, area, eventTime, postId, author, terms, rulesVersion);
        copy.text = value;
        return copy;
    }

    /** The key the surge stage partitions by: {@code topic + "|" + area}. */
    public static String key(String topic, String area) {
        return topic + "|" + area;
    }

    /** This hit's surge key, see {@link #key(String, String)}. */
    public String surgeKey() {
        return key(topic, area);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TopicHit other)) {
            return false;
        }
        return eventTime == other.eventTime
                && Objects.equals(topic, other.topic)
                && Objects.equals(area, other.area)
                && Objects.equals(postId, other.postId)
                && Objects.equals(author, other.author)
                && Objects.equals(terms, other.terms)
                && Objects.equals(rulesVersion, other.rulesVersion)
                && Objects.equals(text, other.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, area, eventTime, postId, author, terms, rulesVersion, text);
    }

    /** Deliberately leaves out the author pseudonym: hits end up in logs of failing jobs. */
    @Override
    public String toString() {
        return "TopicHit{" + topic + "|" + area + " @" + eventTime + " post=" + postId + "}";
    }
}
