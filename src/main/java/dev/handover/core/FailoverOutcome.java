package dev.handover.core;

import java.time.Duration;

/**
 * The result of a completed handover.
 *
 * @param newTerm     the term the new primary now serves
 * @param frontierLsn the primary frontier frozen when writes were paused: the catch-up target
 * @param reachedLsn  the target's durable frontier when the term was handed over
 * @param skippedLsn  {@code frontierLsn - reachedLsn}: acknowledged LSNs a forced handover skipped; 0 when clean
 * @param forced      whether the handover was forced past an un-caught-up target
 * @param waited      how long the catch-up wait ran before the term was handed over
 * @param roles       post-handover roles of the two nodes
 */
public record FailoverOutcome(long newTerm, long frontierLsn, long reachedLsn, long skippedLsn, boolean forced,
                              Duration waited, RoleAssignment roles) {

    /** True when the target reached the full frontier: nothing skipped. */
    public boolean isZeroRpo() {
        return skippedLsn == 0;
    }
}
