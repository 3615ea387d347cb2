package dev.handover.cli;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.PreflightCheck;
import dev.handover.core.Durations;
import dev.handover.core.FailoverRequest;
import dev.handover.run.HookSet;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code plan}'s second half, after the preflight {@link RunCommand} printed: the backend's read-only probes,
 * the steps a run would take, and go or no-go. Nothing is frozen, locked or recorded.
 */
final class PlanPrinter {
    private PlanPrinter() {
    }

    /** What the plan came to: its exit code, the probes it ran, and every failed check and probe. */
    record Verdict(ExitCode code, List<PreflightCheck> probes, List<PreflightCheck> failed) {
        boolean go() {
            return failed.isEmpty();
        }
    }

    static Verdict probeAndPrint(PrintStream out, ClusterConnection cluster, FailoverRequest req, ClusterSnapshot before,
                                 List<PreflightCheck> preflight, HookSet hooks) {
        if (cluster.planProbes().isPresent()) {
            out.println("  probing the cluster read-only…"); // each node is read: seconds on a real cluster
            out.flush();
        }
        List<PreflightCheck> probes = cluster.planProbes().map(p -> p.probe(req)).orElse(List.of());
        out.println("  probes (read-only):");
        if (probes.isEmpty()) {
            out.println(cluster.world().simulation() ? "    none on a simulated cluster" : "    none for this engine");
        }
        probes.forEach(c -> out.println("    " + String.format("%-5s", c.verdict().name()) + c.title() + ": " + c.why()));
        steps(out, req, before, hooks, cluster.afterRunVerifier().isPresent());
        List<PreflightCheck> all = new ArrayList<>(preflight);
        all.addAll(probes);
        List<PreflightCheck> failed = all.stream().filter(PreflightCheck::failed).toList();
        if (failed.isEmpty()) {
            long warnings = all.stream().filter(c -> c.verdict() == PreflightCheck.Verdict.WARN).count();
            out.println("GO" + (warnings == 0 ? "" : " (" + warnings + " warning" + (warnings == 1 ? "" : "s") + " above)")
                    + ": `handover run` with the same flags, or with --plan and the id below, takes these steps."
                    + " Nothing was changed.");
            return new Verdict(ExitCode.OK, probes, failed);
        }
        out.println("NO-GO: " + String.join("; ", failed.stream().map(c -> c.title() + ": " + c.why()).toList())
                + ". Nothing was changed.");
        return new Verdict(ExitCode.NO_GO, probes, failed);
    }

    /** What a run of {@code req} does, in order, in the coordinator's terms; the backend's commit is in its docs. */
    private static void steps(PrintStream out, FailoverRequest req, ClusterSnapshot before, HookSet hooks, boolean verifies) {
        String primary = req.oldPrimary().id();
        String target = req.target().id();
        List<String> others = before.nodes().stream().map(NodeStatus::id).filter(id -> !id.equals(primary) && !id.equals(target))
                .toList();
        List<String> steps = new ArrayList<>();
        if (!hooks.preSwitchover().isEmpty()) {
            steps.add("run " + hooks.preSwitchover().size() + " pre-switchover hook(s); any failure stops here, nothing frozen");
        }
        steps.add("freeze writes on " + primary + " and take its frontier");
        steps.add("wait at most " + Durations.format(req.mode().deadline()) + " for " + target + " to make the frontier durable");
        steps.add(req.mode().isForce()
                ? "if it has not by then: ask, and on approval hand over anyway, skipping what it lacks"
                : "if it has not by then: resume writes on " + primary + " and commit nothing");
        steps.add("hand over term " + req.currentTerm() + " -> " + req.newTerm() + ": promote " + target + ", demote " + primary
                + " to follow it" + (others.isEmpty() ? "" : ", point " + String.join(", ", others) + " at it"));
        if (verifies) {
            steps.add("read the topology back and check every node follows " + target);
        }
        if (!hooks.postSwitchover().isEmpty() || !hooks.onAbort().isEmpty()) {
            steps.add("run the post-switchover (or, after an abort, on-abort) hooks");
        }
        out.println("  steps:");
        for (int i = 0; i < steps.size(); i++) {
            out.println("    " + (i + 1) + ". " + steps.get(i));
        }
    }
}
