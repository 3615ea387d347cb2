package dev.handover.cli;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.Preflight;
import dev.handover.cluster.PreflightCheck;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.run.HandoverPlanner;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether {@code run} may start on its preflight. A coordinated run with any failing line is refused before
 * anything is frozen (exit 6, as {@code plan}'s no-go): it would abort or freeze writes past the budget. A forced run
 * is refused on the lines that do not describe the loss it exists to accept — a target that cannot be reached, a
 * freeze past the budget; a target that would not catch up is the force prompt's question, asked before committing.
 * {@code --run-anyway} overrides, and the run's record keeps that it did.
 */
final class RunGate {
    /** The lines a forced run accepts failing: they say the target lags, which the force prompt states and asks about. */
    private static final Set<String> FORCE_ACCEPTS = Set.of(Preflight.CATCH_UP, Preflight.COORDINATED_RUN);

    private RunGate() {
    }

    /** The failing lines that stop a run in {@code mode}; empty when it may start. */
    static List<PreflightCheck> blocking(List<PreflightCheck> checks, FailoverMode mode) {
        return checks.stream().filter(PreflightCheck::failed)
                .filter(c -> !mode.isForce() || !FORCE_ACCEPTS.contains(c.title())).toList();
    }

    /**
     * The backend's checks every run makes before its preflight is judged ({@code plan} makes them among its probes):
     * each node answers, its {@code local} block holds. Said first, for they take a round trip to every node.
     */
    static List<PreflightCheck> everyRun(ClusterConnection cluster, FailoverRequest req, PrintStream out) {
        if (cluster.planProbes().isEmpty()) {
            return List.of();
        }
        out.println("  checking that each node answers and this host's control of it…");
        out.flush();
        try {
            return cluster.planProbes().get().everyRun(req);
        } catch (RuntimeException e) {
            return List.of(PreflightCheck.fail("Node answers", "the nodes could not be checked: " + e.getMessage()));
        }
    }

    /** {@code checks} followed by {@code more}. */
    static List<PreflightCheck> with(List<PreflightCheck> checks, List<PreflightCheck> more) {
        List<PreflightCheck> all = new java.util.ArrayList<>(checks);
        all.addAll(more);
        return List.copyOf(all);
    }

    /** The failing lines in one clause: {@code Projected catch-up: ...; Projected write freeze: ...}. */
    static String why(List<PreflightCheck> blocking) {
        return String.join("; ", blocking.stream().map(c -> c.title() + ": " + c.why()).toList());
    }

    /** The cluster read again: its snapshot, the request made on it, its preflight. */
    record Again(ClusterSnapshot snapshot, FailoverRequest request, List<PreflightCheck> checks) {
    }

    /**
     * The cluster read again after {@code wait}, and the preflight with it, when the primary and its term are still
     * the ones {@code asked} was made on and the target is still a replica; empty otherwise (the first reading stands).
     */
    static Optional<Again> again(ClusterConnection cluster, FailoverRequest asked, String targetId, FailoverMode mode,
                                 Duration budget, Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            ClusterSnapshot now = cluster.status();
            return HandoverPlanner.again(now, asked, mode)
                    .map(request -> new Again(now, request, new Preflight().check(now, targetId, mode, budget)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ClusterException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** What the record keeps of an override: the flag and the lines it overrode. */
    static String override(List<PreflightCheck> blocking) {
        return "--run-anyway over a failing preflight (" + String.join(", ", blocking.stream().map(PreflightCheck::title).toList())
                + ")";
    }
}
