package be.belfort.ingest;

/**
 * Input that cannot be turned into a record. The message is a short human reason meant for a
 * {@link be.belfort.schema.RejectedRecord}, e.g. {@code missing field 'text'}; it never quotes
 * the offending payload, so it is safe to log.
 *
 * <p>Checked on purpose: every caller on the ingest path has to decide how bad input becomes a
 * rejected record instead of an operator failure.
 */
public class InvalidInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String reason) {
        super(reason);
    }

    /** The human reason, identical to {@link #getMessage()}. */
    public String reason() {
        return getMessage();
    }
}
