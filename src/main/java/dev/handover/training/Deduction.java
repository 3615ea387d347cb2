package dev.handover.training;

/** Points taken off a drill's score: for what (typed), and why, in words naming the nodes. */
public record Deduction(Kind kind, int points, String reason) {
    /** What the points are taken off for. */
    public enum Kind {
        /** The simulation's invariants were broken (two primaries, a lost acknowledged write…). */
        INVARIANT_VIOLATED,
        /** The outcome is unknown, or writes were left frozen. */
        LEFT_FROZEN_OR_UNKNOWN,
        /** Acknowledged writes were lost or skipped by a force. */
        LOST_WRITES,
        /** The handover committed but left the topology degraded. */
        TOPOLOGY_DEGRADED,
        /** Another target was the better choice. */
        NOT_BEST_TARGET,
        /** The target was not healthy when picked. */
        UNHEALTHY_TARGET,
        /** Force was chosen where a coordinated run would have done. */
        FORCE_MODE,
        /** No handover: the target missed the deadline, or the force prompt lapsed. */
        TIMED_OUT_OR_LAPSED,
        /** No handover: the force was declined. */
        DECLINED,
        /** No handover: the run aborted for another reason. */
        ABORTED,
        /** Writes were frozen longer than the allowance. */
        FROZEN_LONG,
        /** The force prompt was answered slowly, writes frozen meanwhile. */
        SLOW_PROMPT
    }

    public Deduction {
        java.util.Objects.requireNonNull(kind, "kind");
        if (points <= 0) {
            throw new IllegalArgumentException("a deduction takes off at least one point, got " + points);
        }
    }
}
