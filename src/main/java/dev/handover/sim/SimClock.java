package dev.handover.sim;

import dev.handover.cluster.ClockControls;

import java.time.Duration;
import java.util.Optional;

/** Time for the simulator: virtual (instant, deterministic) or real time with a speed factor. */
public interface SimClock {

    /** Time since the clock started. */
    Duration now();

    /** Virtual: advances instantly. Real: waits {@code d / speed} of wall time (longer while paused). */
    void sleep(Duration d) throws InterruptedException;

    /** Speed and pause for the trainee; only a clock that follows the wall clock has them. */
    default Optional<ClockControls> controls() {
        return Optional.empty();
    }
}
