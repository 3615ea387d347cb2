package dev.handover.cluster;

import java.util.Objects;

/**
 * A replica as a handover target, with its place in the ranking.
 *
 * @param status the replica as the last status call saw it
 * @param rank   1 for the best target
 * @param reason why it sits where it does, e.g. "healthy, least lag, same region as n1"
 */
public record Candidate(NodeStatus status, int rank, String reason) {
    public Candidate {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    public String id() {
        return status.id();
    }
}
