package be.belfort.ingest;

import be.belfort.schema.Post;
import be.belfort.schema.RejectedRecord;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one raw payload into an accepted {@link Post} or a {@link RejectedRecord}: size cap,
 * format detection, strict decoding ({@link AvroCodec}, {@link JsonEdge}), then
 * {@link PostValidator}. {@link #decode} never throws.
 */
public class PostDecoder implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PostDecoder.class);

    /** Larger payloads are rejected unparsed: no real post comes near, parsing costs memory. */
    public static final int MAX_PAYLOAD_BYTES = 2 * 1024 * 1024;
    /** Rejects keep at most this much of the payload, enough to diagnose, bounded in size. */
    public static final int MAX_KEPT_PAYLOAD_BYTES = 64 * 1024;
    private static final int MAX_REASON_CHARS = 500;

    private final WireFormat format;
    private final PostValidator validator;

    public PostDecoder(WireFormat format, PostValidator validator) {
        this.format = Objects.requireNonNull(format, "format");
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    /** A decoder with the same validation for another wire format. */
    public PostDecoder withFormat(WireFormat newFormat) {
        return newFormat == format ? this : new PostDecoder(newFormat, validator);
    }

    /**
     * Decodes and validates {@code payload} (null is treated as empty, e.g. a Kafka tombstone).
     *
     * @param source where the payload was read, for a reject
     */
    public Ingested decode(byte[] payload, String source) {
        return decode(payload, () -> source);
    }

    /**
     * {@link #decode(byte[], String)} for readers of many records: where a record was read is only
     * named when it is rejected.
     */
    public Ingested decode(byte[] payload, Supplier<String> source) {
        byte[] bytes = payload == null ? new byte[0] : payload;
        try {
            Post post = parse(bytes);
            // A payload that decoded as a post and carries the marker is its Avro encoding (JSON never does).
            boolean avro = AvroCodec.hasSingleObjectMarker(bytes);
            String problem = avro ? validator.problemOfStrictUtf8(post) : validator.problem(post);
            return problem == null ? Ingested.accepted(post, avro ? bytes : null) : reject(bytes, source.get(), problem);
        } catch (InvalidInputException e) {
            return reject(bytes, source.get(), e.reason());
        } catch (RuntimeException e) {
            // Only a gap in the checks gets here. The exception message may quote the payload,
            // so log and keep the type only.
            String at = source.get();
            LOG.warn("Unexpected {} while decoding the record at {}",
                    e.getClass().getName(), at);
            return reject(bytes, at,
                    "undecodable payload (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * A reject for {@code payload} read at {@code source}: payload truncated to
     * {@link #MAX_KEPT_PAYLOAD_BYTES}, rejected_at from the validator's clock.
     */
    public Ingested reject(byte[] payload, String source, String reason) {
        byte[] kept = Arrays.copyOf(payload, Math.min(payload.length, MAX_KEPT_PAYLOAD_BYTES));
        String shortReason = reason.length() > MAX_REASON_CHARS
                ? reason.substring(0, MAX_REASON_CHARS) + "…" : reason;
        return Ingested.rejected(new RejectedRecord(String.valueOf(source),
                ByteBuffer.wrap(kept), shortReason, validator.clock().instant()));
    }

    /** Reason for a payload over {@link #MAX_PAYLOAD_BYTES}; also used by readers that skip it. */
    static String tooLarge(long size) {
        return "payload of " + size + " bytes exceeds " + MAX_PAYLOAD_BYTES;
    }

    private Post parse(byte[] payload) throws InvalidInputException {
        if (payload.length == 0) {
            throw new InvalidInputException("empty payload");
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new InvalidInputException(tooLarge(payload.length));
        }
        return switch (format) {
            case AVRO -> AvroCodec.decode(payload, Post.class);
            case JSON -> json(payload);
            case AUTO -> auto(payload);
        };
    }

    private static Post auto(byte[] payload) throws InvalidInputException {
        if (AvroCodec.hasSingleObjectMarker(payload)) {
            return AvroCodec.decode(payload, Post.class);
        }
        int first = firstNonBlank(payload);
        if (first == payload.length) {
            throw new InvalidInputException("empty payload");
        }
        if (payload[first] == '{') {
            return json(payload);
        }
        throw new InvalidInputException(String.format(
                "neither Avro single-object (C3 01) nor a JSON object: starts with byte 0x%02X",
                payload[first] & 0xFF));
    }

    private static Post json(byte[] payload) throws InvalidInputException {
        if (AvroCodec.hasSingleObjectMarker(payload)) {
            throw new InvalidInputException("Avro single-object payload where JSON was expected");
        }
        if (firstNonBlank(payload) == payload.length) {
            throw new InvalidInputException("empty payload");
        }
        String text = StrictUtf8.decode(payload);
        return JsonEdge.fromJson(text.startsWith("\uFEFF") ? text.substring(1) : text, Post.class);
    }

    /** Index of the first byte that is neither JSON whitespace nor part of a UTF-8 BOM. */
    private static int firstNonBlank(byte[] payload) {
        int i = 0;
        if (payload.length >= 3 && (payload[0] & 0xFF) == 0xEF && (payload[1] & 0xFF) == 0xBB
                && (payload[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        while (i < payload.length && (payload[i] == ' ' || payload[i] == '\t'
                || payload[i] == '\n' || payload[i] == '\r')) {
            i++;
        }
        return i;
    }
}
