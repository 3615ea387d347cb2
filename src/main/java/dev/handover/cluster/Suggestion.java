package dev.handover.cluster;

import dev.handover.core.Durations;

import java.time.Duration;
import java.util.Objects;

/**
 * A change to the plan that the preflight checked would pass, carried by a blocking check: a longer
 * deadline, another target, a larger freeze budget, and last of all Force. Every one but Force was
 * run through the same preflight before it is offered.
 */
public sealed interface Suggestion {

    /** One line for the operator, positions as the cluster writes them. */
    String text(Positions positions);

    /**
     * The same target and mode with {@code deadline}: it would catch up within it. When that freeze is over the
     * budget, {@code budget} names the budget it needs too (the operator accepts the longer freeze).
     */
    record LongerDeadline(Duration deadline, Duration projectedCatchUp, java.util.Optional<Duration> budget)
            implements Suggestion {
        public LongerDeadline {
            Objects.requireNonNull(deadline, "deadline");
            Objects.requireNonNull(projectedCatchUp, "projectedCatchUp");
            Objects.requireNonNull(budget, "budget");
        }

        @Override
        public String text(Positions positions) {
            return "Set the deadline to " + Durations.format(deadline)
                    + budget.map(b -> " and accept a longer freeze (freeze budget " + Durations.format(b) + ")").orElse("")
                    + ": the target needs about " + Durations.format(Preflight.roughly(projectedCatchUp)) + " to catch up";
        }
    }

    /** Another replica the whole preflight passes for, with the freeze a run to it would take. */
    record OtherTarget(String nodeId, Duration projectedFreeze) implements Suggestion {
        public OtherTarget {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(projectedFreeze, "projectedFreeze");
        }

        @Override
        public String text(Positions positions) {
            return "Pick " + nodeId + " instead: every check passes, writes frozen " + (projectedFreeze.isZero()
                    ? "for the commit only (nothing to catch up)"
                    : Preflight.roughly(projectedFreeze).isZero() ? "under 1ms plus the commit"
                    : "about " + Durations.format(Preflight.roughly(projectedFreeze)) + " plus the commit");
        }
    }

    /** Accept a longer freeze: the run would pass with this budget (and the deadline it names). */
    record LargerFreezeBudget(Duration budget, Duration projectedFreeze) implements Suggestion {
        public LargerFreezeBudget {
            Objects.requireNonNull(budget, "budget");
            Objects.requireNonNull(projectedFreeze, "projectedFreeze");
        }

        @Override
        public String text(Positions positions) {
            return "Or accept a longer freeze: set the freeze budget to " + Durations.format(budget)
                    + " (writes frozen about " + Durations.format(Preflight.roughly(projectedFreeze)) + " plus the commit)";
        }
    }

    /** The last resort: hand over at the deadline anyway, losing what the target is missing then. */
    record Force(String targetId, long behindLsn) implements Suggestion {
        public Force {
            Objects.requireNonNull(targetId, "targetId");
        }

        @Override
        public String text(Positions positions) {
            return "Only as a last resort, Force: it hands " + targetId + " the primary role at the deadline and loses"
                    + " the acknowledged writes it is missing then (now " + positions.amount(behindLsn) + ")";
        }
    }
}
