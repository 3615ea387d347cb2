package dev.handover.cli;

import dev.handover.journal.JournalLocation;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The headless command: {@code status}, {@code run}, {@code scenarios}, {@code history}, {@code recover},
 * {@code metrics}, {@code help}. Returns the exit code instead of exiting, so tests drive it with arguments and captured streams.
 */
public final class Cli {
    private final PrintStream out;
    private final PrintStream err;
    private final Path defaultJournal;

    public Cli(PrintStream out, PrintStream err) {
        this(out, err, JournalLocation.defaultDirectory());
    }

    /** With the journal directory used when no {@code --journal} is given (tests keep the user's journal clean). */
    public Cli(PrintStream out, PrintStream err, Path defaultJournal) {
        this.out = out;
        this.err = err;
        this.defaultJournal = defaultJournal;
    }

    public int run(String... args) {
        if (args.length == 0) {
            err.println("handover: no command given (commands: status, run, scenarios, history, recover, metrics, help; "
                    + "`help` shows their flags)");
            return ExitCode.BAD_INPUT.code();
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            ExitCode code = switch (args[0]) {
                case "status" -> StatusCommand.run(rest, out);
                case "run" -> RunCommand.run(rest, out, err, defaultJournal);
                case "scenarios" -> ScenariosCommand.run(rest, out);
                case "history" -> HistoryCommand.run(rest, out, err, defaultJournal);
                case "recover" -> RecoverCommand.run(rest, out, err, defaultJournal);
                case "metrics" -> MetricsCommand.run(rest, out, err, defaultJournal);
                case "help", "--help", "-h" -> {
                    if (!rest.isEmpty()) {
                        throw new BadInput("help takes no flags or arguments, got \"" + rest.get(0) + "\"");
                    }
                    out.print(Help.TEXT);
                    yield ExitCode.OK;
                }
                default -> throw new BadInput("unknown command \"" + args[0] + "\" (commands: status, run, scenarios, history, recover, metrics, help)");
            };
            out.flush();
            return code.code();
        } catch (BadInput e) {
            err.println("handover: " + e.getMessage());
            return ExitCode.BAD_INPUT.code();
        }
    }
}
