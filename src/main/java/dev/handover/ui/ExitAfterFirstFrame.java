package dev.handover.ui;

import javafx.animation.PauseTransition;
import javafx.scene.Scene;
import javafx.util.Duration;

/**
 * Timed exits for measuring and for the packaging's training start. With
 * {@code -Dhandover.exitAfterFirstFrame=SECONDS} the console quits that many seconds after its first pulse (the
 * start screen's: what a user first sees); with {@code -Dhandover.exitAfterLoaded=SECONDS}, that many seconds after
 * the first pulse of the whole console that replaced it. A {@code -XX:ArchiveClassesAtExit} run uses the second, so
 * the archive records the classes the whole console loads (the lingering seconds take in the first cluster refreshes).
 */
final class ExitAfterFirstFrame {
    static final String PROPERTY = "handover.exitAfterFirstFrame";
    static final String LOADED_PROPERTY = "handover.exitAfterLoaded";

    private ExitAfterFirstFrame() {
    }

    /** Arms the exit on {@code scene}'s next pulse when {@value #PROPERTY} is set; does nothing otherwise. */
    static void armIfRequested(Scene scene) {
        arm(scene, PROPERTY);
    }

    /** The same for {@value #LOADED_PROPERTY}, on the pulse that first lays out the whole console. */
    static void armLoadedIfRequested(Scene scene) {
        arm(scene, LOADED_PROPERTY);
    }

    private static void arm(Scene scene, String property) {
        String value = System.getProperty(property);
        if (value == null) {
            return;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + property + ": expected seconds, got '" + value + "'");
        }
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            scene.removePostLayoutPulseListener(listener[0]);
            PauseTransition linger = new PauseTransition(Duration.seconds(Math.max(0, seconds)));
            // System.exit, not Platform.exit: the JVM itself must end for the archive to be written.
            linger.setOnFinished(e -> System.exit(0));
            linger.play();
        };
        scene.addPostLayoutPulseListener(listener[0]);
    }
}
