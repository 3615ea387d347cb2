package dev.handover.core;

/**
 * A run ended without handing over, for a reason other than a coordinated timeout (cancel, a
 * declined or lapsed force prompt, a failed poll or freeze). Writes were resumed, or never frozen.
 */
public final class HandoverAborted extends FailoverException {
    private final AbortReason reason;
    private final long frontierLsn;
    private final long reachedLsn;

    public HandoverAborted(AbortReason reason, long frontierLsn, long reachedLsn, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.frontierLsn = frontierLsn;
        this.reachedLsn = reachedLsn;
    }

    public AbortReason reason() {
        return reason;
    }

    public long frontierLsn() {
        return frontierLsn;
    }

    public long reachedLsn() {
        return reachedLsn;
    }
}
