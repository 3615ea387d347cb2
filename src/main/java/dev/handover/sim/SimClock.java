package dev.handover.sim;

import java.time.Duration;

/** Time for the simulator: virtual (instant, deterministic) or real time with a speed factor. */
public interface SimClock {

    /** Time since the clock started. */
    Duration now();

    /** Virtual: advances instantly. Real: waits {@code d / speed} of wall time (longer while paused). */
    void sleep(Duration d) throws InterruptedException;
}
