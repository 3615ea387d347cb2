package dev.handover.run;

import dev.handover.core.FailoverException;
import dev.handover.core.FailoverOutcome;

/**
 * How a run ended, for the CLI and the console alike: handed over, ended by the coordinator without a handover,
 * broken outside the coordinator's contract, or never started.
 */
public sealed interface RunEnd {

    /** The term was handed over: cleanly, or forced past the skipped LSNs. */
    record Handed(FailoverOutcome outcome) implements RunEnd {
    }

    /** The coordinator ended the run without a handover; the exception says what state it left. */
    record Ended(FailoverException failure) implements RunEnd {
    }

    /** Something outside the coordinator's contract broke mid-run; the cluster's state must be verified. */
    record Broken(RuntimeException failure) implements RunEnd {
    }

    /**
     * Refused before anything was frozen: nothing changed. {@code why} is the caller's own sentence for it; the CLI
     * says these as bad input instead.
     */
    record NotStarted(Cause cause, String why) implements RunEnd {
        /** Who refused. */
        public enum Cause {
            /** No transport toward the target: the primary changed, another run holds the lock, a node is away. */
            CLUSTER,
            /** The run could not be opened in the journal, and every run must be recorded. */
            JOURNAL,
            /** An operator's before-hook vetoed it. */
            VETOED
        }

        public NotStarted {
            java.util.Objects.requireNonNull(cause, "cause");
            java.util.Objects.requireNonNull(why, "why");
        }
    }
}
