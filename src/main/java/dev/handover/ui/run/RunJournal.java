package dev.handover.ui.run;

import dev.handover.cluster.ClusterConnection;
import dev.handover.core.FailoverTransport;
import dev.handover.core.HandoverListener;
import dev.handover.journal.Journal;
import dev.handover.journal.RunRecorder;
import dev.handover.journal.RunRecording;
import dev.handover.journal.RunReport;
import dev.handover.journal.Who;
import dev.handover.sim.InvariantReport;
import dev.handover.sim.SimCluster;
import dev.handover.training.TargetRanking;
import dev.handover.ui.switchover.SwitchoverPlan;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Records one console run in the journal, on the coordinator thread: opened before anything is
 * frozen (a run that cannot be recorded does not start), every event appended as it happens, the
 * freeze and the commit announced before they are sent, and the report with the simulator's
 * invariants written at the end.
 */
final class RunJournal {
    /** The console always asks a person before a forced commit. */
    static final String APPROVAL_BY_PROMPT = "prompt";

    private final Journal journal;
    private final RunRecording recording;

    private RunJournal(Journal journal, RunRecording recording) {
        this.journal = journal;
        this.recording = recording;
    }

    /** Open the run in {@code journal}; the message of the exception says what to do. */
    static RunJournal start(Journal journal, ClusterConnection cluster, SwitchoverPlan plan) throws IOException {
        Optional<Long> seed = cluster instanceof SimCluster sim ? Optional.of(sim.seed()) : Optional.empty();
        RunReport.RequestInfo asked = RunRecorder.request(plan.request(), plan.pollInterval(),
                Optional.of(APPROVAL_BY_PROMPT), seed);
        RunRecording recording = RunRecording.start(journal, Who.now(cluster.name(), Instant.now()), asked,
                TargetRanking.rank(plan.before()));
        return new RunJournal(journal, recording);
    }

    FailoverTransport watch(FailoverTransport tx) {
        return recording.watch(tx);
    }

    HandoverListener listener() {
        return recording.listener();
    }

    /** Close the run with its report; returns a line for the event log saying where it went, or what failed. */
    String finish(ClusterConnection cluster) {
        Optional<RunReport.InvariantsInfo> invariants = Optional.empty();
        if (cluster instanceof SimCluster sim) {
            InvariantReport r = sim.invariants();
            invariants = Optional.of(new RunReport.InvariantsInfo(r.lostWrites(), r.primariesPerTerm(), r.leftFrozen(),
                    r.violations()));
        }
        try {
            recording.finish(invariants);
        } catch (IOException e) {
            return "The journal " + journal.file() + " could not record the end of run " + recording.id() + " ("
                    + e.getMessage() + "); it will read as unfinished there";
        }
        return recording.failure()
                .map(f -> "Journal trouble during run " + recording.id() + ": " + f)
                .orElse("Recorded as run " + recording.id() + " in " + journal.file());
    }
}
