package dev.handover.core;

/** A run aborted and resuming writes failed: the old primary is still frozen and needs a hand. */
public final class WritesStillFrozenException extends FailoverException {
    private final FailoverNode primary;

    public WritesStillFrozenException(FailoverNode primary, String message, Throwable cause) {
        super(message, cause);
        this.primary = primary;
    }

    public FailoverNode primary() {
        return primary;
    }
}
