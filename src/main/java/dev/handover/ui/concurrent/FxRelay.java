package dev.handover.ui.concurrent;

/**
 * The one road from background threads onto the FX thread. {@link #platform()} is the only place
 * the console calls {@code Platform.runLater}; view-model tests use {@link #direct()}.
 */
@FunctionalInterface
public interface FxRelay {

    /** Run {@code action} on the FX thread (or the test's thread), later or now. */
    void run(Runnable action);

    static FxRelay platform() {
        return PlatformRelay.INSTANCE;
    }

    /** Runs the action on the calling thread: for tests without a stage. */
    static FxRelay direct() {
        return Runnable::run;
    }
}
