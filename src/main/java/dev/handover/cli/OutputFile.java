package dev.handover.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** A file a command is asked to write ({@code history --export}, {@code metrics --output}): checked before anything is read. */
final class OutputFile {
    private OutputFile() {
    }

    /**
     * {@code text} as a path to a file in an existing directory.
     *
     * @param what how the message names it: {@code "history: --export file"}
     */
    static Path of(String what, String text) throws BadInput {
        Path file;
        try {
            file = Path.of(text);
        } catch (InvalidPathException e) {
            throw new BadInput(what + " \"" + text + "\" is not a valid path");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (text.isBlank() || Files.isDirectory(file) || dir == null || !Files.isDirectory(dir)) {
            throw new BadInput(what + " " + text + " must be a file in an existing directory");
        }
        return file;
    }
}
