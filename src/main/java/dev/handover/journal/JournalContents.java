package dev.handover.journal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Everything a journal file holds: its runs in the order they started, and the lines it could not read. */
public record JournalContents(Path file, List<JournaledRun> runs, List<DamagedLine> damaged) {

    public JournalContents {
        runs = List.copyOf(runs);
        damaged = List.copyOf(damaged);
    }

    public Optional<JournaledRun> run(String id) {
        return runs.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Runs with a started line and no finished one, not yet acknowledged: the process died mid-run. */
    public List<JournaledRun> unfinished() {
        return runs.stream().filter(r -> !r.finished() && r.acknowledged().isEmpty()).toList();
    }
}
