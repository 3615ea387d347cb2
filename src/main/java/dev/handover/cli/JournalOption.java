package dev.handover.cli;

import dev.handover.journal.Journal;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** {@code --journal DIR}: which journal a command records to or reads; the user's data directory without it. */
final class JournalOption {
    private JournalOption() {
    }

    static Journal open(String command, Optional<String> flag, Path defaultDirectory) throws BadInput {
        if (flag.isEmpty()) {
            return Journal.at(defaultDirectory);
        }
        Path dir;
        try {
            dir = Path.of(flag.get());
        } catch (InvalidPathException e) {
            throw new BadInput(command + ": --journal \"" + flag.get() + "\" is not a valid path");
        }
        if (flag.get().isBlank()) {
            throw new BadInput(command + ": --journal must not be empty");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadInput(command + ": --journal " + flag.get() + " is a file; name the directory that holds "
                    + Journal.FILE_NAME);
        }
        return Journal.at(dir);
    }
}
