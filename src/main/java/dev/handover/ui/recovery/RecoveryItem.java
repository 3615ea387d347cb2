package dev.handover.ui.recovery;

import dev.handover.cluster.StaleFreezeRelease;
import dev.handover.journal.Recovery;
import dev.handover.journal.RecoveryAction;
import dev.handover.journal.RunReport;

/**
 * One run needing the operator's attention, as the prompt shows it: what happened and what to do.
 *
 * @param cluster the cluster the run was on, as journaled ({@code sim:…}, {@code pg:<definition file>})
 * @param run     the run as its record says (old primary, its term, target), for a per-run freeze release
 * @param stillPaused connection pools the run paused (PgBouncer's {@code pgb1/app}) and was not seen resuming
 * @param onRealCluster the run's cluster outlives the process that ran on it; a simulated one ended with it, freeze
 *                      and all
 */
public record RecoveryItem(String runId, String headline, String advice, RecoveryAction action, String cluster,
                           StaleFreezeRelease.StaleRun run, java.util.List<String> stillPaused, boolean onRealCluster) {
    public RecoveryItem {
        stillPaused = stillPaused == null ? java.util.List.of() : java.util.List.copyOf(stillPaused);
    }

    /**
     * @param outlivesProcess whether the run's cluster may outlive the process that ran on it: every cluster but
     *                        one whose kind the registry knows to end with its process (a simulation). Only such a
     *                        cluster is offered a release or a repair, and its urgent runs unfold the prompt; an
     *                        unknown kind counts as real, so the prompt never waves off a freeze it cannot rule out
     */
    static RecoveryItem of(Recovery r, boolean outlivesProcess) {
        String what = switch (r.action()) {
            case RESUME_WRITES -> "RESUME WRITES on " + r.primary() + (r.primaryAddr() == null ? "" : " (" + r.primaryAddr() + ")");
            case VERIFY_ROLES -> "VERIFY ROLES: is " + r.target() + " primary under term " + r.newTerm() + "?";
            case CHECK_TOPOLOGY -> "TOPOLOGY DEGRADED: " + r.target() + " took over; take the remaining steps";
            case NONE -> r.stillPaused().isEmpty() ? "Nothing left frozen: acknowledge it"
                    : "Nothing left frozen, but pools may still be paused: " + String.join(", ", r.stillPaused());
        };
        StringBuilder advice = new StringBuilder(r.advice());
        for (int i = 0; i < r.remainingSteps().size(); i++) {
            advice.append('\n').append(i + 1).append(". ").append(r.remainingSteps().get(i));
        }
        RunReport.RequestInfo q = r.run().report().request();
        return new RecoveryItem(r.runId(), "Run " + r.runId() + " on " + r.cluster() + " (" + r.primary() + " → "
                + r.target() + "): " + what, advice.toString(), r.action(), r.cluster(),
                new StaleFreezeRelease.StaleRun(r.primary(), q.currentTerm(), r.target()), r.stillPaused(), outlivesProcess);
    }

    /**
     * The run may have left a freeze that cannot lapse by itself (no lease timer on the server), so the
     * prompt offers to release it — the backend checks first that the run committed nothing.
     */
    public boolean offersRelease() {
        // A degraded topology after a commit is no stale freeze: the frozen node is a fenced old primary.
        // Pools a dead run left paused are resumed by the release too, once it finds nothing committed.
        return onRealCluster() && (action == RecoveryAction.RESUME_WRITES || action == RecoveryAction.VERIFY_ROLES
                || action == RecoveryAction.NONE && !stillPaused.isEmpty());
    }

    /**
     * A commit had begun (or the topology was seen degraded), so the nodes may be half-way: the prompt
     * offers to bring them to one writable primary with every other node following it.
     */
    public boolean offersRepair() {
        return onRealCluster() && (action == RecoveryAction.VERIFY_ROLES || action == RecoveryAction.CHECK_TOPOLOGY);
    }
}
