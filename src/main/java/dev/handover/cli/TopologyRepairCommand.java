package dev.handover.cli;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.TopologyRepair;
import dev.handover.journal.Journal;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.RunReport;
import dev.handover.journal.Who;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code recover --repair <run id>}: finishes what a run that died part-way left on a real cluster —
 * after its freeze, after stopping the old primary, after the promotion — from what the nodes show now:
 * one writable primary (the old one started again if nothing was promoted), every other node following
 * it, stale slots dropped; then the same checks as after a commit. The run is acknowledged when the
 * topology checks out. Exit 0 then, 5 when steps or failed checks remain, 4 when no primary could be
 * settled on, 1 for a run that cannot be repaired from here.
 */
final class TopologyRepairCommand {
    private TopologyRepairCommand() {
    }

    static ExitCode repair(String runId, Journal journal, PrintStream out, PrintStream err) throws BadInput, IOException {
        JournaledRun run = journal.find(runId);
        String name = run.cluster() == null ? "" : run.cluster();
        ClusterSpec spec = ClusterSpec.parse(name);
        if (spec.simulated()) {
            throw new BadInput("recover: run " + run.id() + " was on the simulated cluster " + name + ", which ended with "
                    + "its process: there is nothing to repair");
        }
        RunReport.RequestInfo q = run.report().request();
        try (ClusterConnection cluster = Clusters.open(spec, 1)) {
            TopologyRepair repair = cluster.topologyRepair().orElseThrow(() -> new BadInput("recover: " + name
                    + " cannot be repaired from here; check its roles by hand"));
            out.println("Run " + run.id() + " on " + name + ": " + q.oldPrimary() + " -> " + q.target() + " (term "
                    + q.currentTerm() + " -> " + q.newTerm() + "), " + run.result() + "; repairing from what the nodes show");
            AfterRun result = repair.repair();
            if (!result.done().isEmpty()) {
                out.println("Done:");
                result.done().forEach(s -> out.println("  " + s.text()));
            }
            RunPrinter.verificationLines(new RunReport.VerificationInfo(List.of(), result.remaining(),
                    RunReport.VerificationInfo.of(result).checks())).forEach(out::println);
            boolean primary = result.roles().stream().anyMatch(r -> r.kind() == dev.handover.cluster.ObservedRole.Kind.PRIMARY);
            if (result.degraded() || result.checks().isEmpty()) {
                out.println("NOT REPAIRED: " + (primary ? "the topology is still degraded" : "no primary could be settled on")
                        + "; once sorted out: handover recover --journal " + journal.directory() + " --acknowledge " + run.id());
                return primary && !result.checks().isEmpty() ? ExitCode.DEGRADED : ExitCode.UNKNOWN;
            }
            journal.acknowledge(run.id(), Who.operator(), "repaired by recover --repair: every check holds");
            out.println("Repaired: every check holds. Run " + run.id() + " acknowledged in " + journal.file() + ".");
            return ExitCode.OK;
        }
    }
}
