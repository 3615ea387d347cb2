package dev.handover.core;

import java.time.Duration;

/**
 * A coordinated handover aborted because the target could not reach the frozen frontier before
 * the deadline. Writes have been resumed on the old primary; no acknowledged write was lost.
 */
public final class CatchUpTimedOut extends FailoverException {
    private final long frontierLsn;
    private final long reachedLsn;
    private final Duration waited;

    public CatchUpTimedOut(long frontierLsn, long reachedLsn, Duration waited) {
        super("coordinated failover aborted: target reached LSN " + reachedLsn + " of " + frontierLsn
                + " after " + Durations.format(waited) + "; writes resumed on the old primary, no write lost", null);
        this.frontierLsn = frontierLsn;
        this.reachedLsn = reachedLsn;
        this.waited = waited;
    }

    public long frontierLsn() {
        return frontierLsn;
    }

    public long reachedLsn() {
        return reachedLsn;
    }

    public Duration waited() {
        return waited;
    }
}
