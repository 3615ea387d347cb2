package dev.handover.run;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.Positions;
import dev.handover.core.FailoverTransport;
import dev.handover.core.HandoverEvent;
import dev.handover.core.HandoverListener;
import dev.handover.journal.RunRecorder;
import dev.handover.journal.RunReport;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A run with no journal to go to: recorded in memory only, so a debrief still follows it. */
final class MemoryLog implements RunLog {
    private final RunRecorder recorder;
    private final RunReport.RunInfo who;
    private final RunReport.RequestInfo asked;
    private final List<RunReport.CandidateInfo> ranking;

    MemoryLog(RunReport.RunInfo who, RunReport.RequestInfo asked, List<RunReport.CandidateInfo> ranking,
              Positions positions) {
        this.recorder = new RunRecorder(positions);
        this.who = who;
        this.asked = asked;
        this.ranking = List.copyOf(ranking);
    }

    @Override
    public dev.handover.journal.Requester requester() {
        return who.requester();
    }

    @Override
    public Optional<String> runId() {
        return Optional.empty();
    }

    @Override
    public HandoverListener listener() {
        return recorder;
    }

    @Override
    public FailoverTransport watch(FailoverTransport tx) {
        return tx;
    }

    @Override
    public dev.handover.cluster.StepJournal steps() {
        return dev.handover.cluster.StepJournal.NONE;
    }

    @Override
    public List<HandoverEvent> events() {
        return recorder.events();
    }

    @Override
    public RunReport report(Optional<RunReport.InvariantsInfo> invariants, Optional<AfterRun> afterRun,
                            List<RunReport.FaultInfo> faults) {
        return recorder.report(who, asked, invariants, ranking, afterRun).withFaults(faults);
    }

    @Override
    public Closed close(Optional<RunReport.InvariantsInfo> invariants, Optional<AfterRun> afterRun,
                        List<RunReport.FaultInfo> faults, UnaryOperator<RunReport> amend) {
        return new Closed(amend.apply(report(invariants, afterRun, faults)), Optional.empty());
    }
}
