package dev.handover.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a run went in the journal, and what went wrong writing it.
 *
 * @param runId      the run's id in the journal
 * @param file       the journal file
 * @param trouble    the first write during the run that failed (the journal then misses lines of it)
 * @param endFailure why the finished line could not be written: the run then reads as unfinished there,
 *                   and the report given back was built in memory
 */
public record JournalEntry(String runId, Path file, Optional<String> trouble, Optional<IOException> endFailure) {

    public JournalEntry {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(trouble, "trouble");
        Objects.requireNonNull(endFailure, "endFailure");
    }
}
