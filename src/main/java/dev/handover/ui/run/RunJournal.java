package dev.handover.ui.run;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.Positions;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Records one console run, on the coordinator thread: in the journal when there is one — opened
 * before anything is frozen (a run that cannot be recorded does not start), every event appended as
 * it happens, the freeze and the commit announced before they are sent, the report with the
 * simulator's invariants or the backend's verification written at the end — and always in memory, so a debrief follows every run.
 */
final class RunJournal {
    /** The console always asks a person before a forced commit. */
    static final String APPROVAL_BY_PROMPT = "prompt";

    private final Optional<Journal> journal;
    private final Optional<RunRecording> recording;
    private final RunRecorder memory;
    private final RunReport.RunInfo who;
    private final RunReport.RequestInfo asked;
    private final List<RunReport.CandidateInfo> ranking;
    /** Simulated time when the run began, to pick out the faults that hit it; empty on a real cluster. */
    private final Optional<Duration> simStart;
    /** The simulator's accounting before the run: the record holds only what changed during it. */
    private final Optional<InvariantReport> simBefore;

    private RunJournal(Optional<Journal> journal, Optional<RunRecording> recording, RunReport.RunInfo who,
                       RunReport.RequestInfo asked, List<RunReport.CandidateInfo> ranking, Optional<Duration> simStart,
                       Optional<InvariantReport> simBefore, Positions positions) {
        this.memory = new RunRecorder(positions);
        this.journal = journal;
        this.recording = recording;
        this.who = who;
        this.asked = asked;
        this.ranking = ranking;
        this.simStart = simStart;
        this.simBefore = simBefore;
    }

    /** Open the run (in {@code journal} when present); the message of the exception says what to do. */
    static RunJournal start(Optional<Journal> journal, ClusterConnection cluster, SwitchoverPlan plan) throws IOException {
        Optional<Long> seed = cluster instanceof SimCluster sim ? Optional.of(sim.seed()) : Optional.empty();
        RunReport.RequestInfo asked = RunRecorder.request(plan.request(), plan.pollInterval(),
                Optional.of(APPROVAL_BY_PROMPT), seed);
        RunReport.RunInfo who = Who.now(cluster.name(), Instant.now());
        List<RunReport.CandidateInfo> ranking = TargetRanking.rank(plan.before());
        Optional<RunRecording> recording = journal.isPresent()
                ? Optional.of(RunRecording.start(journal.get(), who, asked, ranking, cluster.positions())) : Optional.empty();
        Optional<Duration> simStart = cluster instanceof SimCluster sim ? Optional.of(sim.clock().now()) : Optional.empty();
        Optional<InvariantReport> simBefore = cluster instanceof SimCluster sim ? Optional.of(sim.invariants())
                : Optional.empty();
        return new RunJournal(journal, recording, who, asked, ranking, simStart, simBefore, cluster.positions());
    }

    FailoverTransport watch(FailoverTransport tx) {
        return recording.map(r -> r.watch(tx)).orElse(tx);
    }

    HandoverListener listener() {
        return recording.map(RunRecording::listener).orElse(memory);
    }

    /** Close the run with its report: the report, and a line for the event log saying where it went, or what failed. */
    RunRecord finish(ClusterConnection cluster, Optional<AfterRun> afterRun) {
        Optional<RunReport.InvariantsInfo> invariants = Optional.empty();
        List<RunReport.FaultInfo> faults = List.of();
        if (cluster instanceof SimCluster sim) {
            InvariantReport now = sim.invariants();
            InvariantReport r = simBefore.map(now::since).orElse(now);
            invariants = Optional.of(new RunReport.InvariantsInfo(r.lostWrites(), r.primariesPerTerm(), r.leftFrozen(),
                    r.violations()));
            faults = faultsDuringRun(sim);
        }
        if (recording.isEmpty()) {
            return new RunRecord(memory.report(who, asked, invariants, ranking, afterRun).withFaults(faults), Optional.empty());
        }
        RunRecording rec = recording.get();
        Journal j = journal.orElseThrow();
        try {
            RunReport report = rec.finish(invariants, afterRun, faults);
            return new RunRecord(report, Optional.of(rec.failure()
                    .map(f -> "Journal trouble during run " + rec.id() + ": " + f)
                    .orElse("Recorded as run " + rec.id() + " in " + j.file())));
        } catch (IOException e) {
            return new RunRecord(rec.report(invariants, afterRun).withFaults(faults), Optional.of("The journal " + j.file()
                    + " could not record the end of run " + rec.id() + " (" + e.getMessage()
                    + "); it will read as unfinished there"));
        }
    }

    /** Faults injected from the panel or scripted by the scenario while the run went on, timed from its start. */
    private List<RunReport.FaultInfo> faultsDuringRun(SimCluster sim) {
        Duration start = simStart.orElse(Duration.ZERO);
        return sim.faultsSince(start).stream()
                .map(n -> new RunReport.FaultInfo(n.at().minus(start).toMillis(), n.text())).toList();
    }
}
