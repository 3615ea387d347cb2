package dev.handover.core;

import java.util.Objects;

/**
 * A request to hand the primary role from {@code oldPrimary} to {@code target}. Validated on
 * construction, so a request that exists can be run.
 *
 * @param oldPrimary         the node currently serving as primary
 * @param target             the replica being promoted
 * @param currentTerm        the replication term the cluster serves now; the handover mints {@code currentTerm + 1}
 * @param targetFrontierHint last known durable frontier of the target, for the no-wait fast path
 * @param mode               coordinated vs. forced execution
 */
public record FailoverRequest(FailoverNode oldPrimary, FailoverNode target, long currentTerm,
                              long targetFrontierHint, FailoverMode mode) {

    public FailoverRequest {
        Objects.requireNonNull(oldPrimary, "old primary");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        if (oldPrimary.id().equals(target.id())) {
            throw new IllegalArgumentException(
                    "target " + target.id() + " is the current primary; pick a replica to promote");
        }
        if (currentTerm < 0) {
            throw new IllegalArgumentException("current term must not be negative, got " + currentTerm);
        }
        if (currentTerm == Long.MAX_VALUE) {
            throw new IllegalArgumentException("current term " + currentTerm + " cannot be incremented (term overflow)");
        }
        if (targetFrontierHint < 0) {
            throw new IllegalArgumentException("target frontier hint must not be negative, got LSN " + targetFrontierHint);
        }
    }

    /** The term the cluster serves after a successful handover. */
    public long newTerm() {
        return currentTerm + 1;
    }
}
