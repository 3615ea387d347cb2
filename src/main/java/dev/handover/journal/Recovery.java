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
                       long newTerm, Optional<RunReport.EventEntry> lastEvent, boolean writesMayBeFrozen,
                       RecoveryAction action, String advice) {

    public String runId() {
        return run.id();
    }
}
