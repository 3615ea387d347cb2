package dev.handover.ui.concurrent;

import javafx.application.Platform;

/** Runs on the FX thread: at once when already there, otherwise queued behind the current pulse. */
final class PlatformRelay implements FxRelay {
    static final PlatformRelay INSTANCE = new PlatformRelay();

    private PlatformRelay() {
    }

    @Override
    public void run(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }
}
