package dev.handover.ui;

import dev.handover.app.Installed;
import javafx.application.Application;

/**
 * Starts the console from a plain class path (the packaged app, {@code java -cp}): a main class
 * that extends Application needs JavaFX on the module path, one that merely launches it does not.
 */
public final class ConsoleLauncher {
    private ConsoleLauncher() {
    }

    public static void main(String[] args) {
        // The packaged runtime has no java binary: a run's freeze keeper is started through this launcher.
        if (Installed.backends().runSideCommand(args)) {
            return;
        }
        // The console's options all start with "--"; a bare word is a command meant for the headless tool, which
        // needs no display (the console would die opening one).
        if (args.length > 0 && !args[0].startsWith("--")) {
            System.err.println("Handover: \"" + args[0] + "\" is a command of the headless tool; run `handover " + args[0]
                    + " ...` (installed) or `java -jar handover.jar " + args[0] + " ...`. This launcher opens the console; "
                    + ConsoleOptions.USAGE);
            System.exit(1);
        }
        // Options, settings and the cluster are read and opened while the toolkit starts (two cores work at once).
        ConsoleStartup.begin(args);
        Application.launch(ConsoleApp.class, args);
    }
}
