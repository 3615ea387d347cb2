package dev.handover.cli;

import dev.handover.app.Installed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The headless command run in-process as a user would type it, its output captured: for tests of any backend.
 *
 * @param code the exit code
 * @param out  what it printed on stdout
 * @param err  what it printed on stderr
 */
public record CliRun(int code, String out, String err) {

    /** Runs {@code args}; runs without {@code --journal} are recorded in {@code defaultJournal}, never the user's own. */
    public static CliRun of(Path defaultJournal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                defaultJournal, Installed.backends()).run(args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
