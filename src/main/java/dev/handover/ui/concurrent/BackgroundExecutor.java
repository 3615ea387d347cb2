package dev.handover.ui.concurrent;

import java.time.Duration;

/**
 * The console's one place for work off the FX thread: coordinator runs and status refreshes.
 * Tests swap in {@link ManualExecutor}, which runs what they tell it to, when they tell it to.
 */
public interface BackgroundExecutor extends AutoCloseable {

    /** Run {@code task} on a background thread, soon. */
    void execute(Runnable task);

    /** Run {@code task} now and then every {@code period} after the previous run ended, until cancelled. */
    Cancellable every(Duration period, Runnable task);

    /** Stop: running tasks are interrupted (a run then aborts and resumes writes), nothing new starts. */
    @Override
    void close();

    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
