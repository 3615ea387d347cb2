package dev.handover.cli;

import dev.handover.cluster.Backends;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.StaleFreezeRelease;
import dev.handover.run.FreezeLift;
import dev.handover.journal.Journal;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.Recovery;
import dev.handover.journal.RunReport;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;

/**
 * {@code recover --release <run id>}: the headless twin of the console's "release the stale freeze".
 * Reopens the run's cluster from its record, asks the backend to lift the freeze the run left on its old
 * primary — which it does only when the cluster shows nothing was committed — and acknowledges the run
 * when writes flow again.
 */
final class FreezeReleaseCommand {
    private FreezeReleaseCommand() {
    }

    static ExitCode release(String runId, Journal journal, PrintStream out, PrintStream err, Backends backends)
            throws BadInput, IOException {
        JournaledRun run = journal.find(runId);
        Optional<Recovery> pending = journal.pendingRecoveries(backends::positionsOf).stream().filter(r -> r.runId().equals(run.id())).findFirst();
        if (pending.isEmpty()) {
            throw new BadInput("recover: run " + run.id() + (run.acknowledged().isPresent() ? " was already acknowledged"
                    : " ended cleanly (" + run.result() + ")") + "; there is no freeze of it to release");
        }
        String name = run.cluster() == null ? "" : run.cluster();
        ClusterSpec spec = ClusterSpec.parse(name, backends);
        if (spec.simulated()) {
            throw new BadInput("recover: run " + run.id() + " was on the simulated cluster " + name + ", which ended with "
                    + "its process: there is no freeze to release");
        }
        RunReport.RequestInfo q = run.report().request();
        StaleFreezeRelease.StaleRun stale = new StaleFreezeRelease.StaleRun(q.oldPrimary(), q.currentTerm(), q.target());
        try (ClusterConnection cluster = Clusters.open(spec, 1)) {
            if (cluster.staleFreezeRelease().isEmpty()) {
                throw cannotLift(name, q);
            }
            out.println("Run " + run.id() + " on " + name + ": " + q.oldPrimary() + " -> " + q.target() + " (term "
                    + q.currentTerm() + " -> " + q.newTerm() + "), " + run.result());
            FreezeLift.Lifted lifted = FreezeLift.lift(cluster, stale, Optional.of(journal), run.id(), "recover --release");
            // Java 17 has no pattern switch; the three outcomes of the sealed type, in turn.
            if (lifted instanceof FreezeLift.Lifted.NotHere) {
                throw cannotLift(name, q);
            }
            if (lifted instanceof FreezeLift.Lifted.WritesFlow flows) {
                out.println((flows.wasFrozen() ? "Released: " : "Nothing to release: ") + flows.detail() + ".");
                if (flows.notRecorded().isPresent()) {
                    throw flows.notRecorded().get();
                }
                out.println("Run " + run.id() + " acknowledged in " + journal.file() + ".");
                return ExitCode.OK;
            }
            FreezeLift.Lifted.Left left = (FreezeLift.Lifted.Left) lifted;
            out.println("NOT RELEASED: the cluster does not show that nothing was committed, so " + q.oldPrimary()
                    + " was left as it is:");
            left.reasons().forEach(why -> out.println("  - " + why));
            out.println("Once roles are sorted out: handover recover --journal " + journal.directory()
                    + " --acknowledge " + run.id());
            return ExitCode.UNKNOWN;
        } catch (ClusterException e) {
            err.println("handover: recover: " + e.getMessage() + "; nothing was released");
            return ExitCode.UNKNOWN;
        }
    }

    private static BadInput cannotLift(String name, RunReport.RequestInfo q) {
        return new BadInput("recover: " + name + " cannot lift a freeze from here; resume writes on " + q.oldPrimary()
                + " by hand");
    }
}
