package dev.handover.bench;

import javafx.animation.AnimationTimer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * CPU time the FX thread spends per frame (one pulse plus the events handled before the next),
 * read from the thread's CPU clock at the start of every pulse. Unlike wall time it does not grow
 * when other processes take the core away, so it shows the console's own cost on a busy machine.
 */
final class FxCpuPerFrame extends AnimationTimer {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private long[] cpu = new long[4096];
    private int n;

    @Override
    public void handle(long now) {
        if (n == cpu.length) {
            cpu = Arrays.copyOf(cpu, n * 2);
        }
        cpu[n++] = THREADS.getCurrentThreadCpuTime();
    }

    /** Stop and return the CPU nanoseconds of each whole frame seen. */
    long[] finish() {
        stop();
        long[] perFrame = new long[Math.max(0, n - 1)];
        for (int i = 1; i < n; i++) {
            perFrame[i - 1] = cpu[i] - cpu[i - 1];
        }
        return perFrame;
    }
}
