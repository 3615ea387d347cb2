package dev.handover.run;

import dev.handover.journal.RunReport;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A run a pre-switchover hook vetoed: nothing was frozen, the transport was closed again, and the run is
 * recorded as aborted with reason {@code vetoed}, its hooks' exits and output in the record.
 */
public final class RunVetoed extends Exception {
    /** The record's reason for a vetoed run. */
    public static final String REASON = "vetoed";

    private final transient RunReport report;
    private final transient Optional<JournalEntry> journal;

    RunVetoed(String why, RunReport report, Optional<JournalEntry> journal) {
        super(why);
        this.report = Objects.requireNonNull(report, "report");
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /** The record as the journal holds it. */
    public RunReport report() {
        return report;
    }

    /** Where the journal took it; empty for a run recorded in memory only. */
    public Optional<JournalEntry> journal() {
        return journal;
    }

    /** Every hook called before the veto, the vetoing one last. */
    public List<RunReport.HookInfo> hooks() {
        return report.hooks();
    }
}
