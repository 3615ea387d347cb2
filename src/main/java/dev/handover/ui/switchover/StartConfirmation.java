package dev.handover.ui.switchover;

import dev.handover.cluster.Preflight;
import dev.handover.cluster.PreflightCheck;
import dev.handover.core.Durations;
import dev.handover.core.FailoverMode;

import java.util.List;
import java.util.Optional;

/**
 * What the operator confirms before a start that is not one click: a run on a real cluster, or a run whose
 * preflight fails (the override). Read from the plan and the checklist the form shows now.
 *
 * @param cluster       the cluster's short name, as the band shows it (the definition file, the scenario)
 * @param address       its full address ({@code pg:/etc/handover/prod.json})
 * @param realCluster   true on a real cluster: the operator types the target's id to enable Proceed
 * @param primary       the primary handing over
 * @param target        the replica taking over
 * @param mode          Coordinated (zero RPO) or Force, with what it means
 * @param deadline      the deadline (Coordinated) or timeout (Force), as typed
 * @param freeze        the projected write freeze against the freeze budget, as the preflight judged it
 * @param verdict       the preflight's verdict in one line
 * @param failing       the failing preflight lines, each "title: why"; non-empty: a typed reason is required
 */
public record StartConfirmation(String cluster, String address, boolean realCluster, String primary, String target, String mode,
                                String deadline, String freeze, String verdict, List<String> failing) {

    public StartConfirmation {
        failing = List.copyOf(failing);
    }

    /** The confirmation of {@code plan} with the checklist {@code checks} the form holds for it. */
    public static StartConfirmation of(SwitchoverPlan plan, List<PreflightCheck> checks, String cluster,
                                       String address, boolean realCluster) {
        FailoverMode m = plan.request().mode();
        String mode = m.isForce() ? "Force: hands over at the timeout even if writes would be lost (you are asked first)"
                : "Coordinated (zero RPO): writes resume on the old primary if the target does not catch up in time";
        String deadline = (m.isForce() ? "timeout " : "deadline ") + Durations.format(m.deadline());
        String budget = Durations.format(plan.freezeBudget());
        String freeze = checks.stream().filter(c -> c.title().equals(Preflight.FREEZE)).findFirst()
                .map(c -> c.verdict().name() + " · " + c.why()) // the preflight's freeze line names the budget
                .orElse("not projected (budget " + budget + ")");
        List<String> failing = checks.stream().filter(PreflightCheck::failed).map(c -> c.title() + ": " + c.why()).toList();
        long warns = checks.stream().filter(c -> c.verdict() == PreflightCheck.Verdict.WARN).count();
        String verdict = !failing.isEmpty() ? "FAILS: " + failing.size() + " of " + checks.size() + " checks fail"
                : warns > 0 ? "passes with " + warns + " warning" + (warns == 1 ? "" : "s") + " (" + checks.size() + " checks)"
                : "passes (" + checks.size() + " checks)";
        return new StartConfirmation(cluster, address, realCluster, plan.request().oldPrimary().id(), plan.request().target().id(),
                mode, deadline, freeze, verdict, failing);
    }

    /** A failing preflight is run only for a reason the operator types, kept in the run's record. */
    public boolean needsReason() {
        return !failing.isEmpty();
    }

    /** The dialog's title line. */
    public String title() {
        return (realCluster ? "Start a switchover on the REAL CLUSTER " + cluster : "Start a switchover on " + cluster)
                + (needsReason() ? " although its preflight fails" : "");
    }

    /** Kept for the caller's answer: empty reason when none was asked. */
    public record Answer(Optional<String> runAnyway) {
    }
}
