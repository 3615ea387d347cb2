package dev.handover.cli;

import dev.handover.cluster.Backends;
import dev.handover.journal.JournalLocation;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The headless command: {@code status}, {@code run}, {@code scenarios}, {@code history}, {@code recover},
 * {@code metrics}, {@code cancel}, {@code plan}, {@code completion}, {@code help}; each verb's {@code --help}
 * prints its own flags ({@link Verbs}). Returns the exit code instead of exiting, so tests drive it with arguments and captured streams.
 */
public final class Cli {
    private final PrintStream out;
    private final PrintStream err;
    private final Path defaultJournal;
    private final Optional<Terminal> terminal;
    private final Backends backends;
    private final Verbs verbs;

    /**
     * The process's own: its journal directory, and its terminal when it has one ({@code System.console()}).
     *
     * @param backends the engines installed, from the entry ({@code dev.handover.Main}): every address the commands
     *                 take and the help's address forms come from it
     */
    public Cli(PrintStream out, PrintStream err, Backends backends) {
        this(out, err, JournalLocation.defaultDirectory(), Terminal.system(), backends);
    }

    /**
     * With the journal directory used when no {@code --journal} is given (tests keep the user's journal clean), and no
     * terminal: a force run needs {@code --force-approval}.
     */
    public Cli(PrintStream out, PrintStream err, Path defaultJournal, Backends backends) {
        this(out, err, defaultJournal, Optional.empty(), backends);
    }

    /** With a terminal a force prompt is asked on and progress is drawn on (tests hand in a reader and a writer). */
    Cli(PrintStream out, PrintStream err, Path defaultJournal, Optional<Terminal> terminal, Backends backends) {
        this.backends = backends;
        this.verbs = new Verbs(backends);
        this.out = out;
        this.err = err;
        this.defaultJournal = defaultJournal;
        this.terminal = terminal;
    }

    public int run(String... args) {
        if (args.length == 0) {
            err.println("handover: no command given (commands: " + String.join(", ", Verbs.names()) + "; "
                    + "`help` shows their flags, `handover <command> --help` one command's)");
            return ExitCode.BAD_INPUT.code();
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            Optional<Verbs.Verb> verb = verbs.named(args[0]);
            if (verb.isPresent() && (rest.contains("--help") || rest.contains("-h"))) {
                out.print(verbs.usage(verb.get())); // the verb's own help, whatever else was typed with it
                out.flush();
                return ExitCode.OK.code();
            }
            ExitCode code = switch (args[0]) {
                case "status" -> StatusCommand.run(rest, out, backends);
                case "run" -> RunCommand.run(rest, out, err, defaultJournal, terminal, backends);
                case "plan" -> PlanCommand.plan(rest, out, err, defaultJournal, backends);
                case "scenarios" -> ScenariosCommand.run(rest, out, backends);
                case "history" -> HistoryCommand.run(rest, out, err, defaultJournal, backends);
                case "recover" -> RecoverCommand.run(rest, out, err, defaultJournal, backends);
                case "metrics" -> MetricsCommand.run(rest, out, err, defaultJournal, backends);
                case "cancel" -> CancelCommand.run(rest, out, defaultJournal);
                case "completion" -> {
                    Args.parse("completion", rest, Set.of());
                    out.print(verbs.completionScript());
                    yield ExitCode.OK;
                }
                case "help", "--help", "-h" -> help(rest);
                // The launcher (dev.handover.Main) opens the console before this headless tool; only its --help comes here.
                case "console" -> throw new BadInput("console: this is the headless tool; open the console with "
                        + "`handover console` (installed) or `java -jar handover.jar console`");
                default -> {
                    List<String> close = verbs.closeTo(args[0]);
                    throw new BadInput("unknown command \"" + args[0] + "\""
                            + (close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)")
                            + " (commands: " + String.join(", ", Verbs.names()) + ")");
                }
            };
            out.flush();
            return code.code();
        } catch (BadInput e) {
            err.println("handover: " + e.getMessage());
            return ExitCode.BAD_INPUT.code();
        }
    }

    /** {@code help}: the overview; {@code help VERB}: that verb's own help, as {@code VERB --help} prints it. */
    private ExitCode help(List<String> rest) throws BadInput {
        if (rest.isEmpty()) {
            out.print(Help.text(backends));
            return ExitCode.OK;
        }
        Optional<Verbs.Verb> verb = verbs.named(rest.get(0));
        if (rest.size() > 1 || verb.isEmpty()) {
            throw new BadInput("help takes one command at most (" + String.join(", ", Verbs.names()) + "), got \""
                    + String.join(" ", rest) + "\"");
        }
        out.print(verbs.usage(verb.get()));
        return ExitCode.OK;
    }
}
