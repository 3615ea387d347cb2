package dev.handover;

import dev.handover.app.Installed;
import dev.handover.cli.Cli;
import dev.handover.cluster.Backends;

/** The jar's entry point: the headless command, or the console with {@code console}. */
public final class Main {
    /** The word that opens the console instead of running a headless command. */
    static final String CONSOLE = "console";

    private Main() {
    }

    public static void main(String[] args) {
        // The CLI's entry: the composition root's engines, handed to everything below from here, never looked up.
        Backends backends = Installed.backends();
        if (backends.runSideCommand(args)) {
            return; // a backend's helper process (PostgreSQL's freeze keeper), started through this jar
        }
        // `java -jar handover.jar console [--cluster=... ...]` opens the console from the same jar (JavaFX is in it).
        // Its --help is the headless tool's, from the verbs' table: it needs no display and starts no JavaFX.
        if (args.length > 0 && args[0].equals(CONSOLE) && !helpAsked(args)) {
            dev.handover.ui.ConsoleLauncher.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(new Cli(System.out, System.err, backends).run(args));
    }

    private static boolean helpAsked(String[] args) {
        return java.util.Arrays.stream(args).skip(1).anyMatch(a -> a.equals("--help") || a.equals("-h"));
    }
}
