package dev.handover.core;

import java.time.Duration;
import java.util.Objects;

/** How a failover is executed. */
public sealed interface FailoverMode {

    /**
     * Upper bound on how long the catch-up wait may run before the mode's terminal behaviour
     * (abort vs. force) kicks in.
     */
    Duration deadline();

    default boolean isForce() {
        return this instanceof Force;
    }

    /**
     * Zero-RPO coordinated handover. The target must reach the frozen frontier within
     * {@code catchUpDeadline}; otherwise the handover aborts and writes resume on the old primary.
     */
    record Coordinated(Duration catchUpDeadline) implements FailoverMode {
        public Coordinated {
            requireNonNegative(catchUpDeadline, "catch-up deadline");
        }

        @Override
        public Duration deadline() {
            return catchUpDeadline;
        }
    }

    /** Emergency handover: tries to reach the frontier but completes within {@code timeout} regardless. */
    record Force(Duration timeout) implements FailoverMode {
        public Force {
            requireNonNegative(timeout, "force timeout");
        }

        @Override
        public Duration deadline() {
            return timeout;
        }
    }

    private static void requireNonNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, got " + Durations.format(d));
        }
    }
}
