package be.belfort.local;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

import be.belfort.schema.Post;

/**
 * One record the firehose sends, at simulated time {@link #offset()} after the scenario start.
 *
 * <p>{@link #payload()} is the Kafka record value: the Avro single-object encoding of {@link #post()}
 * for posts and duplicates, the bad bytes for malformed records. {@link #post()} is present for
 * {@link Type#POST}, {@link Type#DUPLICATE} and the malformed kinds that are well-formed posts with
 * bad values ({@link MalformedKind#TIMESTAMP_OUT_OF_RANGE}, {@link MalformedKind#OVERSIZED_TEXT}), so a
 * JSON-lines writer can encode those itself. A post's {@code created_at} is a few seconds before
 * {@link #offset()} (delivery lag), so event times arrive slightly out of order, as from a real feed.
 *
 * @param offset simulated send time, relative to {@link Scenario#start()}
 * @param type valid post, re-sent duplicate or malformed record
 * @param key Kafka record key: the post id, or null for payloads that have none
 * @param payload Kafka record value
 * @param post the post, or null for payloads that are not a post
 * @param malformed the kind of bad record, null unless {@code type == MALFORMED}
 * @param content what the text is about, null for payloads without text
 * @param place canonical name of the place the text mentions, or null
 */
public record Emission(Duration offset, Type type, String key, byte[] payload, Post post,
                       MalformedKind malformed, ContentKind content, String place) {

    /** Why a record is in the stream. */
    public enum Type { POST, DUPLICATE, MALFORMED }

    public Emission {
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        if ((type == Type.MALFORMED) != (malformed != null)) {
            throw new IllegalArgumentException("malformed kind must be set exactly for MALFORMED records");
        }
        if (type != Type.MALFORMED && post == null) {
            throw new IllegalArgumentException(type + " record needs a post");
        }
    }

    /** Payload bytes are compared by content, so emissions from two equal runs are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Emission e
                && offset.equals(e.offset) && type == e.type && Objects.equals(key, e.key)
                && Arrays.equals(payload, e.payload) && Objects.equals(post, e.post)
                && malformed == e.malformed && content == e.content && Objects.equals(place, e.place);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offset, type, key, Arrays.hashCode(payload), post, malformed, content, place);
    }

    @Override
    public String toString() {
        // Deliberately without the post: it holds a raw author handle.
        return "Emission[" + offset + " " + type + (malformed != null ? " " + malformed : "")
                + " key=" + key + " " + payload.length + " bytes, " + content + " @ " + place + "]";
    }
}
