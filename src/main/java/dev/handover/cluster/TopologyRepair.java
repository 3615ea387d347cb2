package dev.handover.cluster;

import java.util.Optional;

/**
 * A backend whose nodes a dead run can leave half-way: brings the cluster to one writable primary with
 * every other node following it, from what the nodes show now — never from what the run meant to do —
 * and reads the topology back. It plans first and changes nothing then; it acts only on an approval
 * that covers what the plan, made again at that moment, would discard. Asked of a connection with
 * {@link ClusterConnection#topologyRepair()}.
 */
public interface TopologyRepair {

    /**
     * What a repair would do now; changes nothing.
     *
     * @param primary the primary the operator asks for; empty lets the repair pick the node holding the most
     */
    RepairPlan plan(Optional<String> primary);

    /**
     * Plans again, and acts only when {@code approval} covers that plan (else changes nothing and says
     * why as a remaining step). Every step is written to {@code journal} as an intent before it is taken
     * and an event after. Never throws: what could not be done is a remaining step, what could not be
     * checked a failed check.
     */
    AfterRun repair(RepairApproval approval, StepJournal journal);
}
