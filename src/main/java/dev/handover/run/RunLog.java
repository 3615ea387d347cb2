package dev.handover.run;

import dev.handover.cluster.AfterRun;
import dev.handover.core.FailoverTransport;
import dev.handover.core.HandoverEvent;
import dev.handover.core.HandoverListener;
import dev.handover.journal.RunReport;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Where one run's record goes while it runs: the journal ({@link JournalLog}) or memory only ({@link MemoryLog}). */
sealed interface RunLog permits JournalLog, MemoryLog {

    /** Who asked for the run and why, as its record keeps it. */
    dev.handover.journal.Requester requester();

    /** The run's id in the journal; empty in memory. */
    Optional<String> runId();

    /** Hears every event, on the coordinator's thread, before anyone else does. */
    HandoverListener listener();

    /** {@code tx}, with the freeze and the commit announced in the record before they are sent. */
    FailoverTransport watch(FailoverTransport tx);

    /** Where the backend's steps around the cluster are recorded: the journal's, or nowhere in memory. */
    dev.handover.cluster.StepJournal steps();

    /** Every event so far, in order. */
    List<HandoverEvent> events();

    /** The report as it stands, before the record is closed: what a post-run hook is told. */
    RunReport report(Optional<RunReport.InvariantsInfo> invariants, Optional<AfterRun> afterRun, List<RunReport.FaultInfo> faults);

    /**
     * Closes the record with its report, completed by {@code amend} (the hooks the run called; a veto's
     * outcome); never throws (a journal that fails is said in the entry).
     */
    Closed close(Optional<RunReport.InvariantsInfo> invariants, Optional<AfterRun> afterRun, List<RunReport.FaultInfo> faults,
                 UnaryOperator<RunReport> amend);

    /** The report as recorded, and where it went when a journal took it. */
    record Closed(RunReport report, Optional<JournalEntry> journal) {
    }
}
