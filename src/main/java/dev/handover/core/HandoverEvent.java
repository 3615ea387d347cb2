package dev.handover.core;

import java.time.Duration;

/**
 * Progress of one run, in order: {@link Frozen}; a {@link Polled} per reading; {@link AwaitingApproval}
 * and {@link ApprovalDecided} for a force prompt; a {@link CommitStep} per step of a commit as it is taken;
 * {@link Resumed} when writes resume; then exactly one
 * terminal event ({@link Committed}, {@link Aborted}, {@link OutcomeUnknown}, {@link StillFrozen}),
 * always last. Every event carries the transport's elapsed time when it happened.
 */
public sealed interface HandoverEvent {

    Duration at();

    /** True for the one event that ends a run. */
    default boolean isTerminal() {
        return false;
    }

    /** Writes on the primary stopped at {@code frontierLsn}. */
    record Frozen(Duration at, long frontierLsn) implements HandoverEvent {
    }

    /** One reading of the target's durable frontier. */
    record Polled(Duration at, long reachedLsn, long frontierLsn) implements HandoverEvent {
    }

    /** A force run hit its timeout with skipped LSNs; the approval hook is being asked. */
    record AwaitingApproval(Duration at, long frontierLsn, long reachedLsn, long skippedLsn, Duration window)
            implements HandoverEvent {
    }

    /** The approval hook answered (or its window lapsed). */
    record ApprovalDecided(Duration at, ForceDecision decision) implements HandoverEvent {
    }

    /**
     * One step of the commit as the transport took it ("stopped pg1 cleanly", "asking pg2 to promote, 12 s …"):
     * live progress between the approval and the terminal event. Its words are for people; nothing is decided
     * from them.
     */
    record CommitStep(Duration at, String step) implements HandoverEvent {
    }

    /** Writes were resumed on the old primary. */
    record Resumed(Duration at) implements HandoverEvent {
    }

    /** The term was handed over. */
    record Committed(Duration at, FailoverOutcome outcome) implements HandoverEvent {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    /** Nothing was committed; writes were resumed (or, for a failed freeze, never frozen). */
    record Aborted(Duration at, AbortReason reason, long frontierLsn, long reachedLsn, String message)
            implements HandoverEvent {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    /** The commit failed part-way: roles may or may not have changed. Writes were not resumed. */
    record OutcomeUnknown(Duration at, long newTerm, long frontierLsn, long reachedLsn, String message)
            implements HandoverEvent {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    /** The run aborted but resuming writes failed: the old primary is still frozen. */
    record StillFrozen(Duration at, AbortReason reason, long frontierLsn, long reachedLsn, String message)
            implements HandoverEvent {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }
}
