package dev.handover.ui.run;

import dev.handover.journal.RunReport;
import dev.handover.training.TimelineEntry;

import java.util.List;
import java.util.Optional;

/**
 * A finished console run as recorded: its report (what the debrief is built from), the faults the
 * simulator took while it ran (injected or scripted; they are the cluster's, not the coordinator's,
 * so the record does not hold them), and, when a journal took it, the line saying where it went or
 * what went wrong writing it.
 */
public record RunRecord(RunReport report, List<TimelineEntry> faults, Optional<String> journalLine) {
    public RunRecord {
        faults = List.copyOf(faults);
    }
}
