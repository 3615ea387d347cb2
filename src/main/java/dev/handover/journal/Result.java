package dev.handover.journal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a recorded run ended: an outcome's {@code result}, and {@link #UNFINISHED} for a journaled run whose
 * finished line never came (no outcome ever holds that one). Written as {@link JournalNames} spells it.
 */
public enum Result {
    /** Handed over at the frontier: no acknowledged write lost. */
    COMMITTED,
    /** Handed over past acknowledged writes the target lacked. */
    FORCED,
    /** Nothing committed; writes resumed (or never frozen). */
    ABORTED,
    /** A commit may or may not have happened, or writes were left frozen: check the cluster by hand. */
    UNKNOWN,
    /** The journal holds no finished line for the run. */
    UNFINISHED;

    /** Whether the term was handed over. */
    public boolean handedOver() {
        return this == COMMITTED || this == FORCED;
    }

    /** Whether nobody knows how it ended: a commit may have gone through. */
    public boolean inDoubt() {
        return this == UNKNOWN || this == UNFINISHED;
    }

    /** The word a record holds. */
    @JsonValue
    public String wire() {
        return JournalNames.wire(this);
    }

    /**
     * A recorded word back: a result this build does not know reads as {@link #UNKNOWN} (check by hand), never as
     * a clean one. {@link #UNFINISHED} is no outcome either: read as unknown likewise.
     */
    @JsonCreator
    public static Result of(String word) {
        return JournalNames.parse(Result.class, word).filter(r -> r != UNFINISHED).orElse(UNKNOWN);
    }

    /** As a record and the CLI write it: {@code committed}. */
    @Override
    public String toString() {
        return wire();
    }
}
