package dev.handover.ui;

import dev.handover.app.Installed;
import dev.handover.cluster.Backends;
import javafx.application.Application;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts the console from a plain class path (the packaged app, {@code java -cp}): a main class
 * that extends Application needs JavaFX on the module path, one that merely launches it does not.
 */
public final class ConsoleLauncher {
    private ConsoleLauncher() {
    }

    public static void main(String[] args) {
        // The packaged runtime has no java binary: a run's freeze keeper is started through this launcher.
        // The console's entry: the composition root's engines, handed to everything below from here.
        Backends backends = Installed.backends();
        if (backends.runSideCommand(args)) {
            return;
        }
        // The console's options all start with "--"; a bare word is a command meant for the headless tool, which
        // needs no display (the console would die opening one).
        if (args.length > 0 && !args[0].startsWith("--")) {
            System.err.println("Handover: \"" + args[0] + "\" is a command of the headless tool; run `handover " + args[0]
                    + " ...` (installed) or `java -jar handover.jar " + args[0] + " ...`. This launcher opens the console; "
                    + ConsoleOptions.usage(backends));
            System.exit(1);
        }
        Optional<String> noDisplay = whyNoDisplay(System.getenv(), System.getProperty("glass.platform"),
                System.getProperty("os.name", ""));
        if (noDisplay.isPresent()) {
            System.err.println("Handover: the console cannot start: " + noDisplay.get() + ". The headless commands "
                    + "(handover status, plan, run, ...) need no display.");
            System.exit(1);
        }
        // Options, settings and the cluster are read and opened while the toolkit starts (two cores work at once).
        ConsoleStartup.begin(args, backends);
        try {
            Application.launch(ConsoleApp.class, args);
        } catch (RuntimeException e) {
            // A display that is named but cannot be opened fails here, in the toolkit: one line, not a stack trace.
            System.err.println("Handover: the console could not open its window: " + reason(e) + ". Check DISPLAY"
                    + " (or WAYLAND_DISPLAY); the headless commands (handover status, plan, run, ...) need no display.");
            System.exit(1);
        }
    }

    /**
     * Why the console has no display to open its window on, before JavaFX tries (and dies with a stack trace): on
     * Linux, neither {@code DISPLAY} nor {@code WAYLAND_DISPLAY} set (an ssh session, a cron job), unless a headless
     * glass platform (Monocle) was chosen. Empty when a display is named, or elsewhere (macOS, Windows need none).
     */
    static Optional<String> whyNoDisplay(Map<String, String> env, String glassPlatform, String osName) {
        if (!osName.toLowerCase(Locale.ROOT).contains("linux") || "Monocle".equalsIgnoreCase(glassPlatform)) {
            return Optional.empty();
        }
        boolean named = Stream.of("DISPLAY", "WAYLAND_DISPLAY").map(env::get).anyMatch(v -> v != null && !v.isBlank());
        return named ? Optional.empty() : Optional.of("no display (neither DISPLAY nor WAYLAND_DISPLAY is set)");
    }

    /** The innermost message: the toolkit wraps its own ("Unable to open DISPLAY") in launch's exception. */
    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
