package dev.handover.ui.run;

import dev.handover.core.FailoverException;
import dev.handover.core.FailoverOutcome;

/** How one run ended, as the console reports it. */
public sealed interface RunResult {

    /** The term was handed over: cleanly, or forced past the skipped LSNs. */
    record Handed(FailoverOutcome outcome) implements RunResult {
    }

    /** The coordinator ended the run without a handover; the exception says what state it left. */
    record Ended(FailoverException failure) implements RunResult {
    }

    /** No transport could be had toward the target: nothing was frozen, nothing changed. */
    record NotStarted(String message) implements RunResult {
    }

    /** Something outside the coordinator's contract broke; the cluster's state must be verified. */
    record Broken(String message) implements RunResult {
    }
}
