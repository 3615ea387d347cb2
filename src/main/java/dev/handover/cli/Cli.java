package dev.handover.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The headless command: {@code status}, {@code run}, {@code scenarios}, {@code help}. Returns the
 * exit code instead of exiting, so tests drive it with arguments and captured streams.
 */
public final class Cli {
    private final PrintStream out;
    private final PrintStream err;

    public Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(String... args) {
        if (args.length == 0) {
            err.println("handover: no command given");
            err.print(Help.TEXT);
            return ExitCode.BAD_INPUT.code();
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            ExitCode code = switch (args[0]) {
                case "status" -> StatusCommand.run(rest, out);
                case "run" -> RunCommand.run(rest, out, err);
                case "scenarios" -> ScenariosCommand.run(rest, out);
                case "help", "--help", "-h" -> {
                    out.print(Help.TEXT);
                    yield ExitCode.OK;
                }
                default -> throw new BadInput("unknown command \"" + args[0] + "\" (commands: status, run, scenarios, help)");
            };
            out.flush();
            return code.code();
        } catch (BadInput e) {
            err.println("handover: " + e.getMessage());
            return ExitCode.BAD_INPUT.code();
        }
    }
}
