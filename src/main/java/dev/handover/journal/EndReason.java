package dev.handover.journal;

/**
 * What an outcome's {@code reason} says, typed: an {@link dev.handover.core.AbortReason} ({@link #ABORT}, read it as
 * {@link OutcomeInfo#abortReason()}), or one of the reasons no abort has. Written as {@link JournalNames}
 * spells it.
 */
public enum EndReason {
    /** An abort's reason: {@code catch-up-timed-out}, {@code force-declined}, ... */
    ABORT,
    /** The commit failed part-way: the roles may or may not have changed. */
    COMMIT_FAILED,
    /** The run aborted but resuming writes failed. */
    RESUME_FAILED,
    /** Rebuilt from a journal without the run's terminal event. */
    UNFINISHED,
    /** A pre-switchover hook vetoed the run before anything was frozen. */
    VETOED,
    /** No reason recorded (a handover has none). */
    NONE,
    /** A reason this build does not know (a newer writer's). */
    OTHER
}
