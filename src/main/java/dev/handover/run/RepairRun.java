package dev.handover.run;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ObservedRole;
import dev.handover.cluster.RepairApproval;
import dev.handover.cluster.RepairPlan;
import dev.handover.cluster.StepJournal;
import dev.handover.cluster.TopologyRepair;
import dev.handover.journal.Journal;
import dev.handover.journal.Who;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Carrying out an approved repair of a dead run's topology, for {@code recover --repair} and the console's recovery
 * prompt alike: the plan is journaled under the run, the engine acts (planning again and refusing when what it would
 * discard moved), and the run is acknowledged only when there were checks and every one holds: a repair that checked
 * nothing proves nothing. How the plan is shown and approved stays with each caller.
 */
public final class RepairRun {
    private RepairRun() {
    }

    /** What the repaired topology adds up to. */
    public enum Verdict {
        /** Every check holds (and there were checks): the run is acknowledged. */
        REPAIRED,
        /** A primary was settled on, but checks failed or steps remain by hand. */
        DEGRADED,
        /** No node is primary, or nothing could be checked: nothing proves the repair. */
        UNSETTLED
    }

    /**
     * How a repair went.
     *
     * @param notRecorded why a repaired run could not be acknowledged in the journal (then it is acknowledged by hand)
     */
    public record Repaired(Verdict verdict, AfterRun afterRun, Optional<IOException> notRecorded) {
        /** Whether a node was seen primary after the repair (the wording of a repair that did not hold). */
        public boolean primarySettled() {
            return afterRun.roles().stream().anyMatch(r -> r.kind() == ObservedRole.Kind.PRIMARY);
        }
    }

    /** The approval of exactly what {@code plan} shows: its primary and each node's discarded count. */
    public static RepairApproval approvalOf(RepairPlan plan) {
        Map<String, Long> counts = new LinkedHashMap<>();
        plan.discards().forEach(d -> counts.put(d.node(), d.transactions()));
        return new RepairApproval(plan.primary(), counts, Who.operator(), true);
    }

    /**
     * Carry out {@code plan} as {@code approval} allows, journaling every step under {@code runId} when there is a
     * journal, and acknowledge the run when every check holds.
     *
     * @param where who repaired, for the journal's note ("recover --repair", "the console's recovery prompt")
     */
    public static Repaired carryOut(TopologyRepair repair, RepairPlan plan, RepairApproval approval,
                                    Optional<Journal> journal, String runId, String where)
            throws IOException {
        StepJournal steps = journal.isPresent() ? journal.get().stepsOf(runId) : StepJournal.NONE;
        steps.done("repair-plan", plan.primary().orElseThrow(), planLine(plan));
        AfterRun after = repair.repair(approval, steps);
        Repaired judged = judge(after);
        if (judged.verdict() != Verdict.REPAIRED || journal.isEmpty()) {
            return judged;
        }
        try {
            journal.get().acknowledge(runId, Who.operator(), note(where, plan));
            return judged;
        } catch (IOException e) {
            return new Repaired(Verdict.REPAIRED, after, Optional.of(e));
        }
    }

    /** Repaired only when there were checks and none degrades. */
    static Repaired judge(AfterRun after) {
        boolean primary = after.roles().stream().anyMatch(r -> r.kind() == ObservedRole.Kind.PRIMARY);
        Verdict verdict = !after.degraded() && !after.checks().isEmpty() ? Verdict.REPAIRED
                : primary && !after.checks().isEmpty() ? Verdict.DEGRADED : Verdict.UNSETTLED;
        return new Repaired(verdict, after, Optional.empty());
    }

    /** The journaled plan: the primary, why, and what it discards. */
    static String planLine(RepairPlan plan) {
        return "primary " + plan.primary().orElseThrow() + " (" + plan.why() + "); " + discarded(plan, "discards nothing",
                "discards ");
    }

    /** The acknowledgement's note: who repaired, and what was discarded as approved. */
    public static String note(String where, RepairPlan plan) {
        return "repaired by " + where + ": every check holds" + discarded(plan, "", "; discarded as approved: ");
    }

    private static String discarded(RepairPlan plan, String none, String lead) {
        return plan.discards().isEmpty() ? none
                : lead + String.join("; ", plan.discards().stream().map(RepairPlan.Discard::text).toList());
    }
}
