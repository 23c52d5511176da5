package be.belfort.local;

/**
 * The kinds of bad records the simulator mixes into the stream. Ingest must turn every one of them
 * into a {@code RejectedRecord}; none may stop the job.
 */
public enum MalformedKind {
    /** A valid Avro single-object encoding cut short. */
    TRUNCATED_AVRO(true),
    /** 16 to 512 random bytes. */
    RANDOM_BYTES(true),
    /** A JSON post whose text holds bytes that are not valid UTF-8. */
    INVALID_UTF8_JSON(false),
    /** A well-formed JSON object without the {@code author} and {@code text} fields. */
    JSON_MISSING_FIELDS(false),
    /**
     * A well-formed Avro post created ten years in the future. Future rather than past because a
     * ten-year-old post is legitimate input for a replay (no maximum age there).
     */
    TIMESTAMP_OUT_OF_RANGE(true),
    /** A well-formed Avro post whose text is a sentence repeated to about 1 MB of UTF-8. */
    OVERSIZED_TEXT(true);

    private final boolean avro;

    MalformedKind(boolean avro) {
        this.avro = avro;
    }

    /**
     * True when the payload is (or was meant to be) Avro, false when it is JSON. JSON payloads are
     * single lines, usable as-is in a JSON-lines file; Avro payloads of the two kinds without a
     * {@code Post} ({@link #TRUNCATED_AVRO}, {@link #RANDOM_BYTES}) may contain line breaks.
     */
    public boolean avro() {
        return avro;
    }
}
