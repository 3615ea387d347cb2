package dev.handover.ui.concurrent;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PooledExecutorTest {

    @Test
    void closeInterruptsARunningTaskAndWaitsForItsWayOut() throws Exception {
        PooledExecutor executor = new PooledExecutor();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean cleanedUp = new AtomicBoolean();
        executor.execute(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();   // a run waiting on its target, until interrupted
            } catch (InterruptedException e) {
                cleanedUp.set(true);              // where a run resumes writes
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS), "the task had not started 5 s after it was handed to the pool");

        executor.close();

        assertTrue(cleanedUp.get(), "close returned only after the task's clean-up ran");
    }

    @Test
    void aPeriodicTaskThatThrowsKeepsRunning() throws Exception {
        PooledExecutor executor = new PooledExecutor();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch thrice = new CountDownLatch(3);
        Thread.UncaughtExceptionHandler quiet = (t, e) -> { };
        BackgroundExecutor.Cancellable every = executor.every(Duration.ofMillis(1), () -> {
            Thread.currentThread().setUncaughtExceptionHandler(quiet);
            runs.incrementAndGet();
            thrice.countDown();
            throw new IllegalStateException("status call failed");
        });
        try {
            assertTrue(thrice.await(5, TimeUnit.SECONDS), "ran " + runs.get() + " times");
        } finally {
            every.cancel();
            executor.close();
        }
    }

    @Test
    void afterCloseATaskHandedInIsDroppedNotThrown() throws Exception {
        PooledExecutor executor = new PooledExecutor();
        executor.close();
        assertTrue(executor.terminated(), "close waits for the pool's threads to end");
        AtomicBoolean ran = new AtomicBoolean();

        executor.execute(() -> ran.set(true)); // a refresh asked for by a run that ended as the console closed
        BackgroundExecutor.Cancellable every = executor.every(Duration.ofMillis(1), () -> ran.set(true));
        every.cancel();

        // A terminated pool starts no thread again, so what it was handed can never run: no waiting needed to know.
        assertTrue(executor.terminated(), "handing tasks to a closed executor started it again");
        assertFalse(ran.get(), "a closed executor started a task");
    }
}
