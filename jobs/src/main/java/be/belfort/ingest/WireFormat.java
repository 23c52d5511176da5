package be.belfort.ingest;

/** How posts are encoded on an input. */
public enum WireFormat {
    /** Avro single-object encoding: {@code C3 01}, schema fingerprint, binary body. */
    AVRO,
    /** One UTF-8 JSON object per message or line, see {@link JsonEdge}. */
    JSON,
    /** Per payload: the Avro marker means Avro, a first non-blank {@code '{'} means JSON. */
    AUTO
}
