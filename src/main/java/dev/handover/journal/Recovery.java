package dev.handover.journal;

import java.util.Optional;

/**
 * A run that needs an operator's attention, with what to do.
 *
 * @param run        the run as journaled
 * @param primary    the old primary's id; {@code primaryAddr} its address
 * @param target     the target's id; {@code newTerm} the term the run would mint
 * @param lastEvent  the last event that reached the journal, if any
 * @param writesMayBeFrozen whether writes may still be frozen on the old primary
 * @param advice     what to do, in words naming the nodes
 */
public record Recovery(JournaledRun run, String cluster, String primary, String primaryAddr, String target,
                       long newTerm, Optional<EventEntry> lastEvent, boolean writesMayBeFrozen,
                       RecoveryAction action, String advice) {

    public String runId() {
        return run.id();
    }

    /**
     * The connection pools the run paused (e.g. PgBouncer's {@code pgb1/app}) and was not seen resuming, from
     * its journaled steps: their clients may still be waiting.
     */
    public java.util.List<String> stillPaused() {
        return run.stillPaused();
    }

    /** The exact steps left for a person, as the run recorded them; empty when none were listed. */
    public java.util.List<String> remainingSteps() {
        return run.report().verified().map(VerificationInfo::remaining).orElse(java.util.List.of());
    }

    /** The checks of the topology that failed, as the run recorded them. */
    public java.util.List<CheckInfo> failedChecks() {
        return run.report().verified().map(VerificationInfo::failed).orElse(java.util.List.of());
    }
}
