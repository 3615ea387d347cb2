package dev.handover.cli;

import java.io.Console;
import java.util.Optional;

/**
 * The operator's terminal, when there is one: a line typed in answer to a question. Without one (a script,
 * a pipe, a test), commands that must ask refuse instead of guessing.
 */
interface Terminal {

    /** Prints {@code question} and reads one line; empty at end of input. */
    Optional<String> ask(String question);

    /** The process's console, when stdin and stdout are a terminal. */
    static Optional<Terminal> system() {
        Console console = System.console();
        return console == null ? Optional.empty() : Optional.of(q -> Optional.ofNullable(console.readLine("%s", q)));
    }
}
