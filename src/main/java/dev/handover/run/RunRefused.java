package dev.handover.run;

import java.util.Objects;

/**
 * A run that did not start: nothing was frozen, nothing changed, nothing was recorded. The cause is the
 * cluster's or the journal's own exception; each caller words it (a flag to fix, a directory to choose).
 */
public final class RunRefused extends Exception {

    /** Which side refused. */
    public enum Reason {
        /** No transport toward the target: the primary changed, another run holds the lock, a node is away. */
        CLUSTER,
        /** The run could not be opened in the journal, and every run must be recorded. */
        JOURNAL
    }

    private final Reason reason;

    RunRefused(Reason reason, Exception cause) {
        super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    /** The cluster's or the journal's exception, as thrown. */
    public Exception cause() {
        return (Exception) getCause();
    }
}
