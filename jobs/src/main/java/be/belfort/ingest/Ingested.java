package be.belfort.ingest;

import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Outcome of decoding one input record: either an accepted {@link Post} or a {@link RejectedRecord},
 * which says where the record was read ("topic/partition/offset" or "path:line"). An accepted post
 * does not: nothing downstream needs it, and naming it cost a string per post.
 *
 * <p>Travels between Flink tasks with {@link IngestedSerializer}, which sends an accepted post as the
 * Avro bytes it arrived in.
 */
@TypeInfo(IngestedSerializer.Factory.class)
public class Ingested {
    /** Flink type of this class. */
    public static final TypeInformation<Ingested> TYPE = TypeInformation.of(Ingested.class);

    /** The accepted post, or null when rejected. */
    public Post post;
    /** The reject, or null when accepted. */
    public RejectedRecord rejected;
    /**
     * The accepted post's Avro single-object encoding, when it arrived so (null for JSON lines and for
     * rejects): checked byte by byte when it was decoded, so it can travel on as it is.
     */
    public byte[] avro;

    /** For Flink's POJO serializer; use the factories. */
    public Ingested() {}

    public static Ingested accepted(Post post) {
        return accepted(post, null);
    }

    /** An accepted post with the Avro bytes it was decoded from ({@code avro} may be null). */
    public static Ingested accepted(Post post, byte[] avro) {
        Ingested result = new Ingested();
        result.post = Objects.requireNonNull(post, "post");
        result.avro = avro;
        return result;
    }

    public static Ingested rejected(RejectedRecord rejected) {
        Ingested result = new Ingested();
        result.rejected = Objects.requireNonNull(rejected, "rejected");
        return result;
    }

    public boolean isRejected() {
        return rejected != null;
    }

    /** {@link #avro}, where present, is the post's encoding: not compared. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Ingested other && Objects.equals(post, other.post) && Objects.equals(rejected, other.rejected);
    }

    @Override
    public int hashCode() {
        return Objects.hash(post, rejected);
    }

    /** Names the post id or reject reason only: the post's raw author must not reach logs. */
    @Override
    public String toString() {
        return isRejected()
                ? "Ingested{rejected at " + rejected.getSource() + ": " + rejected.getReason() + "}"
                : "Ingested{post " + (post == null ? null : post.getId()) + "}";
    }
}
