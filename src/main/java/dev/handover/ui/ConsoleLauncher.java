package dev.handover.ui;

import dev.handover.postgres.FreezeKeeper;
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
        if (args.length > 0 && args[0].equals(FreezeKeeper.COMMAND)) {
            FreezeKeeper.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Application.launch(ConsoleApp.class, args);
    }
}
