package dev.handover.journal;

import java.nio.file.Path;

/** A journal line that could not be read; the rest of the journal loads without it. */
public record DamagedLine(Path file, int line, String problem) {

    /** {@code /home/dba/.local/share/handover/journal/journal.jsonl:7: truncated ...} */
    public String message() {
        return file + ":" + line + ": " + problem;
    }
}
