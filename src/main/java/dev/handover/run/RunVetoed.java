package dev.handover.run;

import dev.handover.journal.HookInfo;
import dev.handover.journal.RunReport;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A run a pre-switchover hook vetoed: nothing was frozen, the transport was closed again, and the run is
 * recorded as aborted with reason {@code vetoed}, its hooks' exits and output in the record.
 */
public final class RunVetoed extends Exception {
    private final transient RunReport report;
    private final transient Optional<JournalEntry> journal;

    private final String by;

    /** @param by who vetoed and why, as said after "vetoed": {@code by the pre-switchover hook X (exit 3): ...} */
    RunVetoed(String by, RunReport report, Optional<JournalEntry> journal) {
        super("vetoed " + by);
        this.by = by;
        this.report = Objects.requireNonNull(report, "report");
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /** Who vetoed the run and why, without the word "vetoed": {@code by the pre-switchover hook X (exit 3): ...}. */
    public String by() {
        return by;
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
    public List<HookInfo> hooks() {
        return report.hooks();
    }
}
