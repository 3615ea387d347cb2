package dev.handover.run;

import dev.handover.cluster.AfterRun;
import dev.handover.core.FailoverTransport;
import dev.handover.core.HandoverEvent;
import dev.handover.core.HandoverListener;
import dev.handover.journal.Journal;
import dev.handover.journal.RunRecording;
import dev.handover.journal.RunReport;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A run recorded in the journal: every event appended as it happens, the report in its finished line. */
final class JournalLog implements RunLog {
    private final Journal journal;
    private final RunRecording recording;

    JournalLog(Journal journal, RunRecording recording) {
        this.journal = journal;
        this.recording = recording;
    }

    @Override
    public dev.handover.journal.Requester requester() {
        return recording.who().requester();
    }

    @Override
    public Optional<String> runId() {
        return Optional.of(recording.id());
    }

    @Override
    public HandoverListener listener() {
        return recording.listener();
    }

    @Override
    public FailoverTransport watch(FailoverTransport tx) {
        return recording.watch(tx);
    }

    @Override
    public dev.handover.cluster.StepJournal steps() {
        return recording.steps();
    }

    @Override
    public List<HandoverEvent> events() {
        return recording.events();
    }

    @Override
    public RunReport report(Optional<RunReport.InvariantsInfo> invariants, Optional<AfterRun> afterRun,
                            List<RunReport.FaultInfo> faults) {
        return recording.report(invariants, afterRun).withFaults(faults);
    }

    @Override
    public Closed close(Optional<RunReport.InvariantsInfo> invariants, Optional<AfterRun> afterRun,
                        List<RunReport.FaultInfo> faults, UnaryOperator<RunReport> amend) {
        RunReport built = amend.apply(report(invariants, afterRun, faults));
        RunReport report;
        Optional<IOException> endFailure = Optional.empty();
        try {
            report = recording.finish(built);
        } catch (IOException e) {
            // The run happened all the same: its report is given back as the journal would have held it.
            report = built.redacted();
            endFailure = Optional.of(e);
        }
        return new Closed(report, Optional.of(new JournalEntry(recording.id(), journal.file(), recording.failure(),
                endFailure)));
    }
}
