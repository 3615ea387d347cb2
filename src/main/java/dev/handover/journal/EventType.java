package dev.handover.journal;

import dev.handover.core.HandoverEvent;

/**
 * The type of a recorded event entry: one per {@link HandoverEvent} kind, the backend's steps around the cluster
 * ({@link #STEP_DONE}, {@link #STEP_FAILED}), and {@link #OTHER} for a type a newer build wrote (its word kept
 * in the entry). Written as {@link JournalNames} spells it.
 */
public enum EventType {
    FROZEN, POLLED, AWAITING_APPROVAL, APPROVAL_DECIDED, COMMIT_STEP, RESUMED,
    COMMITTED, ABORTED, OUTCOME_UNKNOWN, STILL_FROZEN,
    STEP_DONE, STEP_FAILED,
    OTHER;

    /** The type of {@code e} as a record writes it. */
    public static EventType of(HandoverEvent e) {
        if (e instanceof HandoverEvent.Frozen) {
            return FROZEN;
        }
        if (e instanceof HandoverEvent.Polled) {
            return POLLED;
        }
        if (e instanceof HandoverEvent.AwaitingApproval) {
            return AWAITING_APPROVAL;
        }
        if (e instanceof HandoverEvent.ApprovalDecided) {
            return APPROVAL_DECIDED;
        }
        if (e instanceof HandoverEvent.CommitStep) {
            return COMMIT_STEP;
        }
        if (e instanceof HandoverEvent.Resumed) {
            return RESUMED;
        }
        if (e instanceof HandoverEvent.Committed) {
            return COMMITTED;
        }
        if (e instanceof HandoverEvent.Aborted) {
            return ABORTED;
        }
        if (e instanceof HandoverEvent.OutcomeUnknown) {
            return OUTCOME_UNKNOWN;
        }
        return STILL_FROZEN; // the last of the sealed kinds
    }

    /** A recorded word back; {@link #OTHER} for one this build does not know. */
    static EventType of(String word) {
        return JournalNames.parse(EventType.class, word).filter(t -> t != OTHER).orElse(OTHER);
    }

    /** The word a record holds; {@link #OTHER} has none of its own. */
    String wire() {
        return JournalNames.wire(this);
    }

    /** As a record writes it: {@code awaiting-approval}. */
    @Override
    public String toString() {
        return wire();
    }
}
