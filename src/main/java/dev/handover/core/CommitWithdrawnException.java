package dev.handover.core;

/**
 * The commit did not happen and can no longer happen: the transport saw that the target never left recovery,
 * made sure it cannot promote later (stopped it, its promotion request withdrawn), and put the old primary back
 * as the primary, still frozen. Unlike any other failed commit this is a known outcome, so the coordinator ends
 * the run as an abort ({@link AbortReason#COMMIT_WITHDRAWN}) and resumes writes. A transport that cannot be sure
 * of all three throws a plain {@link TransportException}: the outcome is then unknown and writes stay frozen.
 */
public final class CommitWithdrawnException extends TransportException {
    public CommitWithdrawnException(String message) {
        super(message);
    }
}
