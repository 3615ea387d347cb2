package dev.handover.cli;

import dev.handover.cluster.CatchUp;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.PollRule;
import dev.handover.cluster.Positions;
import dev.handover.cluster.Preflight;
import dev.handover.cluster.PreflightCheck;
import dev.handover.core.Durations;
import dev.handover.core.FailoverRequest;
import dev.handover.run.HandoverPlanner;
import dev.handover.run.HandoverPlanner.Planned;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * What {@code run} and {@code plan} share before anything is done: the request made from one reading of the cluster,
 * the script's expectations held against it, the header and the preflight printed. Bad input ends here, with nothing
 * frozen.
 *
 * @param everyRun the node-answers and local-block checks a plain run adds (empty for a plan, which probes more, and
 *                 for a recorded plan, which checked them when it was made)
 */
record HandoverSetup(ClusterSnapshot before, FailoverRequest request, List<PreflightCheck> checks,
                     List<PreflightCheck> everyRun) {

    /** @param everyRun whether to add the checks every plain run makes ({@link RunGate#everyRun}) */
    static HandoverSetup read(String verb, RunFlags f, ClusterConnection cluster, ClusterSnapshot before, boolean everyRun,
                              PrintStream out) throws BadInput {
        Planned planned = HandoverPlanner.plan(before, f.targetId(), f.mode());
        if (planned instanceof Planned.NoSuchTarget none) {
            throw new BadInput(verb + ": --target " + none.target() + ": no such node in " + cluster.name() + " (nodes: "
                    + String.join(", ", none.nodes()) + ")");
        }
        if (planned instanceof Planned.NoPrimary) {
            throw new BadInput(verb + ": " + cluster.name() + " has no primary to hand over from" + unreachable(before)
                    + "; nothing was frozen");
        }
        if (planned instanceof Planned.TargetIsPrimary same) {
            throw new BadInput(verb + ": --target " + same.target() + " is the current primary; pick a replica ("
                    + String.join(", ", same.replicas()) + ")");
        }
        Planned.Ready ready = (Planned.Ready) planned;
        expected(verb, f.expectPrimary(), f.expectTerm(), ready.primary());
        FailoverRequest req = ready.request();
        Optional<String> pollTooLong = PollRule.problem("--poll", f.poll(), cluster.freezeLease());
        if (pollTooLong.isPresent()) {
            throw new BadInput(verb + ": " + pollTooLong.get() + "; nothing was frozen");
        }
        header(verb, f, cluster, before, req, out);
        List<PreflightCheck> added = everyRun ? RunGate.everyRun(cluster, req, out) : List.of();
        List<PreflightCheck> checks = RunGate.with(new Preflight().check(before, f.targetId(), f.mode(), f.freezeBudget()), added);
        RunPrinter.preflight(out, checks, before.positions(), f.mode());
        return new HandoverSetup(before, req, checks, added);
    }

    /** The cluster as a run or plan judges it ({@link CatchUp#measuredReading}), the second read said as it begins. */
    static ClusterSnapshot reading(ClusterConnection cluster, PrintStream out) throws ClusterException {
        return CatchUp.measuredReading(cluster, unmeasured -> {
            out.println("  measuring the apply rate of " + String.join(", ", unmeasured) + ": reading the cluster again in "
                    + Durations.format(CatchUp.RATE_WINDOW) + "…");
            out.flush();
        });
    }

    /** The same setup read again: a fresh snapshot, request and checks (the every-run checks are kept). */
    HandoverSetup again(RunGate.Again again) {
        return new HandoverSetup(again.snapshot(), again.request(), RunGate.with(again.checks(), everyRun), everyRun);
    }

    /** The run's first lines: who hands over to whom, how, and where both stand. */
    private static void header(String verb, RunFlags f, ClusterConnection cluster, ClusterSnapshot before,
                               FailoverRequest req, PrintStream out) {
        NodeStatus primary = before.node(req.oldPrimary().id()).orElseThrow();
        NodeStatus target = before.node(req.target().id()).orElseThrow();
        out.println((verb.equals("plan") ? "Plan of a handover on " : "Handover on ") + cluster.name()
                + (f.spec().simulated() ? " (seed " + f.seed() + ", virtual time)" : "")
                + ": " + primary.id() + " -> " + target.id() + ", " + f.modeName() + ", deadline "
                + Durations.format(f.mode().deadline()) + ", poll " + Durations.format(f.poll())
                + f.approval().map(d -> ", force approval: " + d).orElse(""));
        out.println("  asked " + f.requester().byLine()); // who and why, as the record keeps them
        Positions at = before.positions();
        String targetSeen = target.readings().map(r -> " durable at " + at.noun() + " " + at.position(r.durableLsn()) + " ("
                + at.amount(r.lagLsn()) + " behind").orElse(" position unknown (did not answer");
        out.println("  before: " + primary.id() + " primary under term " + primary.role().term() + " at " + at.noun() + " "
                + at.position(primary.lsn()) + "; " + target.id() + targetSeen
                + (target.detail().isEmpty() ? "" : ", " + target.detail()) + ")");
    }

    /** {@code --expect-primary} / {@code --expect-term}: a script's idea of the primary, refused when the cluster differs. */
    private static void expected(String verb, Optional<String> node, Optional<Long> term, NodeStatus primary) throws BadInput {
        if (node.isPresent() && !node.get().equals(primary.id())) {
            throw new BadInput(verb + ": the primary is " + primary.id() + " (term " + primary.role().term() + "), not "
                    + node.get() + " as --expect-primary says; nothing was frozen");
        }
        if (term.isPresent() && term.get() != primary.role().term()) {
            throw new BadInput(verb + ": " + primary.id() + " is primary under term " + primary.role().term() + ", not term "
                    + term.get() + " as --expect-term says; nothing was frozen");
        }
    }

    /** {@code " (unreachable: pg1, pg2)"}, or nothing when every node answered. */
    private static String unreachable(ClusterSnapshot s) {
        List<String> down = s.nodes().stream().filter(n -> n.health() == Health.UNREACHABLE).map(NodeStatus::id).toList();
        return down.isEmpty() ? "" : " (unreachable: " + String.join(", ", down) + ")";
    }
}
