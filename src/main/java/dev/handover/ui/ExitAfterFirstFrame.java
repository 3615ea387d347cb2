package dev.handover.ui;

import javafx.animation.PauseTransition;
import javafx.scene.Scene;
import javafx.util.Duration;

/**
 * The packaging's training start: with {@code -Dhandover.exitAfterFirstFrame=SECONDS} the console
 * quits that many seconds after its first pulse, so a {@code -XX:ArchiveClassesAtExit} run records the
 * classes a real start loads (the lingering seconds take in the first cluster refreshes too).
 */
final class ExitAfterFirstFrame {
    static final String PROPERTY = "handover.exitAfterFirstFrame";

    private ExitAfterFirstFrame() {
    }

    /** Arms the exit on {@code scene} when the property is set; does nothing otherwise. */
    static void armIfRequested(Scene scene) {
        String value = System.getProperty(PROPERTY);
        if (value == null) {
            return;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + ": expected seconds, got '" + value + "'");
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
