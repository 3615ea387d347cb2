package dev.handover.ui.concurrent;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * A synchronous stand-in for tests: queued tasks run when {@link #runPending()} is called, periodic
 * ones each time {@link #tick()} is called, all on the caller's thread.
 */
public final class ManualExecutor implements BackgroundExecutor {
    private final Queue<Runnable> pending = new ArrayDeque<>();
    private final List<Runnable> periodic = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable task) {
        pending.add(task);
    }

    @Override
    public synchronized Cancellable every(Duration period, Runnable task) {
        periodic.add(task);
        return () -> {
            synchronized (this) {
                periodic.remove(task);
            }
        };
    }

    /** Run queued tasks, including any they queue, until none is left. */
    public void runPending() {
        Runnable next;
        while ((next = poll()) != null) {
            next.run();
        }
    }

    /** Run every periodic task once, then whatever they queued. */
    public void tick() {
        List<Runnable> now;
        synchronized (this) {
            now = List.copyOf(periodic);
        }
        now.forEach(Runnable::run);
        runPending();
    }

    public synchronized int pendingCount() {
        return pending.size();
    }

    private synchronized Runnable poll() {
        return pending.poll();
    }

    @Override
    public synchronized void close() {
        pending.clear();
        periodic.clear();
    }
}
