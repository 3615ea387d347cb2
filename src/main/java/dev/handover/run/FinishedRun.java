package dev.handover.run;

import dev.handover.cluster.AfterRun;
import dev.handover.core.HandoverEvent;
import dev.handover.journal.RunReport;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A run over and recorded.
 *
 * @param end      how the coordinator ended it
 * @param events   every event, in order, each reading included
 * @param afterRun what the backend read back after a commit; empty where it does not verify, or nothing was sent
 * @param report   the record as the journal holds it (built in memory when the journal failed at the end, or
 *                 there was none): what {@code --report} writes and the debrief reads
 * @param journal  where the journal took it; empty for a run recorded in memory only
 */
public record FinishedRun(RunEnd end, List<HandoverEvent> events, Optional<AfterRun> afterRun, RunReport report,
                          Optional<JournalEntry> journal) {

    public FinishedRun {
        Objects.requireNonNull(end, "end");
        events = List.copyOf(events);
        Objects.requireNonNull(afterRun, "afterRun");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(journal, "journal");
    }
}
