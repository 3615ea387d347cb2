package dev.handover.core;

/**
 * The commit failed part-way. Roles may already have changed, so writes were deliberately not
 * resumed on the old primary: the message says what the operator must verify.
 */
public final class OutcomeUnknownException extends FailoverException {
    private final long newTerm;

    public OutcomeUnknownException(long newTerm, String message, Throwable cause) {
        super(message, cause);
        this.newTerm = newTerm;
    }

    public long newTerm() {
        return newTerm;
    }
}
