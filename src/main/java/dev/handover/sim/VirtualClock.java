package dev.handover.sim;

import java.time.Duration;
import java.util.Objects;

/** Virtual time for tests and headless runs: moves only when told to, so runs replay exactly. */
public final class VirtualClock implements SimClock {
    private long nanos;

    public VirtualClock() {
    }

    @Override
    public synchronized Duration now() {
        return Duration.ofNanos(nanos);
    }

    /** Move time forward by {@code d}; a negative step is refused because time never runs back. */
    public synchronized void advance(Duration d) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative()) {
            throw new IllegalArgumentException("a virtual clock cannot go back, got " + d);
        }
        nanos = Math.addExact(nanos, d.toNanos());
    }

    @Override
    public void sleep(Duration d) {
        advance(d);
    }
}
