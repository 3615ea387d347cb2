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
        Application.launch(ConsoleApp.class, args);
    }
}
