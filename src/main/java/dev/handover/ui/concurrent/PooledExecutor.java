package dev.handover.ui.concurrent;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small pool of daemon threads: one run may block its thread for the whole catch-up (and the
 * force prompt), so a second and third thread keep status refreshes flowing meanwhile.
 */
public final class PooledExecutor implements BackgroundExecutor {
    private static final int THREADS = 3;
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final ScheduledThreadPoolExecutor pool;

    public PooledExecutor() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "handover-background-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        pool = new ScheduledThreadPoolExecutor(THREADS, threads);
        pool.setRemoveOnCancelPolicy(true);
        // After close nothing new starts, as the interface says: a run's completion handler may still ask for a
        // refresh on its way out (the FX thread delivers it after the window closed), and that is not an error.
        pool.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy());
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    @Override
    public Cancellable every(Duration period, Runnable task) {
        // A periodic task that throws is silently dropped by the pool; keep it alive whatever happens.
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        };
        ScheduledFuture<?> f = pool.scheduleWithFixedDelay(guarded, 0, period.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /**
     * Interrupt what runs and wait a little for it to end: a run interrupted mid catch-up or at the
     * force prompt aborts and resumes writes on its way out, and that must finish before the JVM goes.
     */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the pool has shut down and every thread has ended: from then on nothing it was handed can run. */
    boolean terminated() {
        return pool.isTerminated();
    }
}
