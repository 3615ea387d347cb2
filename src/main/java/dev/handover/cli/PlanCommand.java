package dev.handover.cli;

import dev.handover.cluster.Backends;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code plan}: {@code run}'s command line, checked to the end and probed, the steps printed, the plan recorded in the
 * plan book for {@code run --plan <id>}; nothing frozen. Exit 0 go, 6 no-go.
 */
final class PlanCommand {
    private PlanCommand() {
    }

    static ExitCode plan(List<String> argv, PrintStream out, PrintStream err, Path defaultJournal, Backends backends)
            throws BadInput {
        RunFlags f;
        try {
            f = RunFlags.parse("plan", argv, defaultJournal, false, backends);
        } catch (RecordedPlan.NotAGo no) { // not thrown for plan, which refuses --plan as bad input; said the same way
            out.println("REFUSED: " + no.getMessage() + "; nothing was frozen.");
            return ExitCode.NO_GO;
        }
        try (ClusterConnection cluster = Clusters.open(f.spec(), f.seed())) {
            HandoverSetup setup;
            try {
                // A plan probes more than a run's every-run checks (PlanPrinter), so it does not add them.
                setup = HandoverSetup.read("plan", f, cluster, HandoverSetup.reading(cluster, out), false, out);
            } catch (ClusterException | IllegalArgumentException e) {
                throw new BadInput("plan: " + e.getMessage());
            }
            PlanPrinter.Verdict verdict = PlanPrinter.probeAndPrint(out, cluster, setup.request(), setup.before(),
                    setup.checks(), f.hooks());
            RecordedPlan.record(f.journal(), f.requester(), cluster.name(), f.clusterFlag(), setup.request(), f.poll(),
                    f.budgetGiven() ? Optional.of(f.freezeBudget()) : Optional.empty(), setup.before(), setup.checks(),
                    verdict, out, err);
            return verdict.code();
        }
    }
}
