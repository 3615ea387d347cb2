package dev.handover.core;

/** Why a run ended without handing over the term. */
public enum AbortReason {
    /** Coordinated mode: the target did not reach the frontier before the deadline. */
    CATCH_UP_TIMED_OUT("catch-up timed out"),
    /** The operator aborted during catch-up. */
    CANCELLED("cancelled by the operator"),
    /** Force mode: the operator declined to commit past the skipped LSNs. */
    FORCE_DECLINED("forced commit declined"),
    /** Force mode: nobody answered the approval prompt within its window. */
    FORCE_APPROVAL_LAPSED("force approval window lapsed"),
    /** Reading the target's frontier failed. */
    POLL_FAILED("polling the target failed"),
    /** Renewing the freeze lease failed, so the frontier could no longer be trusted to hold. */
    LEASE_LOST("renewing the freeze lease failed"),
    /** Freezing the primary failed; nothing was changed. */
    FREEZE_FAILED("freezing the primary failed"),
    /**
     * The commit was withdrawn before anything was handed over: the target did not promote in time, was made
     * unable to, and the old primary is the primary again ({@link CommitWithdrawnException}).
     */
    COMMIT_WITHDRAWN("the target did not promote; the commit was withdrawn");

    private final String description;

    AbortReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
