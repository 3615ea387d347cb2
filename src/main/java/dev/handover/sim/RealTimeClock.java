package dev.handover.sim;

import dev.handover.cluster.ClockControls;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Simulated time that follows the wall clock at {@code speed}× (the console). Pausing stops
 * {@link #now()}; sleepers wait until enough simulated time has passed, so a pause holds them too.
 */
public final class RealTimeClock implements SimClock, ClockControls {
    // A lock with a condition rather than a monitor: awaitNanos wakes within microseconds, where
    // Object.wait(ms, ns) rounds up to the next millisecond (a long poll would hand over late).
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private double speed;
    private boolean paused;
    // Simulated time at the last re-anchoring (speed change, pause, resume), and the wall time then.
    private long anchorSimNanos;
    private long anchorWallNanos;

    public RealTimeClock(double speed) {
        this.speed = checkSpeed(speed);
        this.anchorWallNanos = System.nanoTime();
    }

    @Override
    public Duration now() {
        lock.lock();
        try {
            return Duration.ofNanos(simNanos());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<ClockControls> controls() {
        return Optional.of(this);
    }

    @Override
    public void setSpeed(double speed) {
        double checked = checkSpeed(speed);
        lock.lock();
        try {
            reanchor();
            this.speed = checked;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public double speed() {
        lock.lock();
        try {
            return speed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void pause() {
        setPaused(true);
    }

    @Override
    public void resume() {
        setPaused(false);
    }

    @Override
    public boolean isPaused() {
        lock.lock();
        try {
            return paused;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
        lock.lock();
        try {
            long until = simNanos() + Math.max(0, d.toNanos());
            while (true) {
                long left = until - simNanos();
                if (left <= 0) {
                    return;
                }
                if (paused) {
                    changed.await();
                } else {
                    // Woken on speed/pause changes too (signalAll), so the wait is recomputed.
                    changed.awaitNanos(Math.max(1, (long) Math.ceil(left / speed)));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void setPaused(boolean p) {
        lock.lock();
        try {
            reanchor();
            paused = p;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private long simNanos() {
        if (paused) {
            return anchorSimNanos;
        }
        return anchorSimNanos + (long) ((System.nanoTime() - anchorWallNanos) * speed);
    }

    private void reanchor() {
        anchorSimNanos = simNanos();
        anchorWallNanos = System.nanoTime();
    }

    private static double checkSpeed(double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("clock speed must be a positive number, got " + speed);
        }
        return speed;
    }
}
