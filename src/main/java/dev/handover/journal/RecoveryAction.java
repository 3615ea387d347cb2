package dev.handover.journal;

/** What an operator has to do about a run that did not end cleanly. */
public enum RecoveryAction {
    /** Writes may still be frozen on the old primary and nothing was committed: resume them there. */
    RESUME_WRITES,
    /** A commit had begun (or may have): check which node is primary under which term before anything else. */
    VERIFY_ROLES,
    /** Nothing was left frozen or half-committed (writes resumed, or never frozen): only acknowledge it. */
    NONE
}
