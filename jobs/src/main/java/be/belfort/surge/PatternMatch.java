package be.belfort.surge;

/**
 * One CEP match, reduced to what the alert lifecycle needs. Flink POJO.
 *
 * <p>{@code topic} is the alert's topic: the key's topic for surge, spike and hotspot, the escalation
 * id for escalations. {@code newest} is the bucket the match ended with; the alert reports it.
 */
public class PatternMatch {

    /** Alert kinds, also the alert's {@code kind} field. */
    public static final String SURGE = "surge";
    public static final String SPIKE = "spike";
    public static final String HOTSPOT = "hotspot";
    public static final String ESCALATION = "escalation";

    public String kind;
    public String topic;
    public String area;
    /** Start of the first bucket of the match. */
    public long firstBucketStart;
    public ScoredBucket newest;
    /** Why it matched, in words, for the alert's {@code pattern} field. */
    public String description;

    public PatternMatch() {}

    public PatternMatch(String kind, String topic, String area, long firstBucketStart, ScoredBucket newest,
                        String description) {
        this.kind = kind;
        this.topic = topic;
        this.area = area;
        this.firstBucketStart = firstBucketStart;
        this.newest = newest;
        this.description = description;
    }

    /** The key of the alert this match belongs to. */
    public String alertKey() {
        return TopicHit.key(topic, area);
    }

    /** When two patterns end in the same bucket, the more specific one explains the alert. */
    int priority() {
        return switch (kind) {
            case ESCALATION -> 3;
            case SPIKE -> 2;
            case SURGE -> 1;
            default -> 0;
        };
    }

    @Override
    public String toString() {
        return "PatternMatch{" + kind + " " + topic + "|" + area + " from " + firstBucketStart + ": " + description + "}";
    }
}
