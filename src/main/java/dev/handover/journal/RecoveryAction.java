package dev.handover.journal;

/** What an operator has to do about a run that did not end cleanly. */
public enum RecoveryAction {
    /** Writes may still be frozen on the old primary and nothing was committed: resume them there. */
    RESUME_WRITES,
    /** A commit had begun (or may have): check which node is primary under which term before anything else. */
    VERIFY_ROLES,
    /**
     * The handover committed, but the topology was seen degraded (a node not streaming from the new primary,
     * a fenced old primary with steps left by hand), or the run stopped before it could be verified: take
     * the remaining steps, then check that every node streams from the new primary.
     */
    CHECK_TOPOLOGY,
    /** Nothing was left frozen or half-committed (writes resumed, or never frozen): only acknowledge it. */
    NONE
}
