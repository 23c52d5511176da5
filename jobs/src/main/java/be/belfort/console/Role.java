package be.belfort.console;

/** What a console account may do. */
public enum Role {
    /** Watches alerts and acts on them. */
    OPERATOR,
    /** An operator who may also read the audit log. */
    SUPERVISOR;

    public boolean mayReadAudit() {
        return this == SUPERVISOR;
    }
}
