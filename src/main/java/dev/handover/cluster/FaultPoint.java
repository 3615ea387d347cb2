package dev.handover.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Named points in a run where a test injects a fault. With {@code -Dhandover.faultPoint=<name>} the process
 * halts there at once, as {@code kill -9} would (no shutdown hooks, sessions dropped by the kernel). With
 * {@code -Dhandover.faultHold=<name>} and {@code -Dhandover.faultHoldDir=<dir>} it stops there the first
 * time, writes {@code <dir>/held} and waits (at most {@link #HOLD_LIMIT_SECONDS}) for {@code <dir>/go}: the
 * fault campaign does something to the cluster at exactly that step, then lets the run go on. Unset, as in
 * every real run, both do nothing.
 */
public final class FaultPoint {
    public static final String PROPERTY = "handover.faultPoint";
    public static final String HOLD_PROPERTY = "handover.faultHold";
    public static final String HOLD_DIR_PROPERTY = "handover.faultHoldDir";
    /** A test that never says go must not leave a run (and its freeze) hanging for ever. */
    static final long HOLD_LIMIT_SECONDS = 120;
    private static final AtomicBoolean HELD = new AtomicBoolean();

    private FaultPoint() {
    }

    public static void reached(String name) {
        if (name.equals(System.getProperty(PROPERTY))) {
            System.out.flush();
            Runtime.getRuntime().halt(137);
        }
        if (name.equals(System.getProperty(HOLD_PROPERTY)) && System.getProperty(HOLD_DIR_PROPERTY) != null
                && HELD.compareAndSet(false, true)) {
            hold(Path.of(System.getProperty(HOLD_DIR_PROPERTY)));
        }
    }

    private static void hold(Path dir) {
        try {
            Files.writeString(dir.resolve("held"), "held\n");
        } catch (IOException e) {
            return; // nobody can be told, so nobody would say go
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(HOLD_LIMIT_SECONDS);
        while (!Files.exists(dir.resolve("go")) && System.nanoTime() < until) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
