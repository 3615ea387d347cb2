package dev.handover.run;

import dev.handover.core.FailoverException;
import dev.handover.core.FailoverOutcome;

/** How the coordinator ended a run that started. */
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
}
