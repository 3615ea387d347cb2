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
     * Refused before anything was frozen (no transport toward the target, a journal that cannot be written, a veto):
     * nothing changed. {@code why} is the caller's own sentence for it; the CLI says these as bad input instead.
     */
    record NotStarted(String why) implements RunEnd {
    }
}
