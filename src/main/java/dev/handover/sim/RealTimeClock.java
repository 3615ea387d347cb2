package dev.handover.sim;

import java.time.Duration;

/**
 * Simulated time that follows the wall clock at {@code speed}× (the console). Pausing stops
 * {@link #now()}; sleepers wait until enough simulated time has passed, so a pause holds them too.
 */
public final class RealTimeClock implements SimClock {
    private final Object lock = new Object();
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
        synchronized (lock) {
            return Duration.ofNanos(simNanos());
        }
    }

    public void setSpeed(double speed) {
        double checked = checkSpeed(speed);
        synchronized (lock) {
            reanchor();
            this.speed = checked;
            lock.notifyAll();
        }
    }

    public double speed() {
        synchronized (lock) {
            return speed;
        }
    }

    public void pause() {
        synchronized (lock) {
            reanchor();
            paused = true;
            lock.notifyAll();
        }
    }

    public void resume() {
        synchronized (lock) {
            reanchor();
            paused = false;
            lock.notifyAll();
        }
    }

    public boolean isPaused() {
        synchronized (lock) {
            return paused;
        }
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
        synchronized (lock) {
            long until = simNanos() + Math.max(0, d.toNanos());
            while (true) {
                long left = until - simNanos();
                if (left <= 0) {
                    return;
                }
                if (paused) {
                    lock.wait();
                } else {
                    // Wake on speed/pause changes too (notifyAll), so the wait is recomputed.
                    long wallNanos = Math.max(1, (long) Math.ceil(left / speed));
                    lock.wait(wallNanos / 1_000_000, (int) (wallNanos % 1_000_000));
                }
            }
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
