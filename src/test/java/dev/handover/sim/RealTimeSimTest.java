package dev.handover.sim;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's set-up: a real-time clock, the coordinator on one thread, status reads on another. */
class RealTimeSimTest {

    @Test
    @Timeout(30)
    void aRunOnAFastRealTimeClockCommitsWhileAnotherThreadReadsStatus() throws Exception {
        RealTimeClock clock = new RealTimeClock(200.0); // 1 s of simulated time = 5 ms of wall time
        SimCluster sim = SimCluster.start(Scenarios.builtIn("lagging-replica"), 1, clock);
        ClusterSnapshot s = sim.status();
        var p = s.primary().orElseThrow();
        var t = s.node("n2").orElseThrow();
        FailoverRequest req = new FailoverRequest(p.node(), t.node(), p.role().term(), t.durableLsn(),
                new FailoverMode.Coordinated(Duration.ofSeconds(30)));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        try {
            Future<?> reader = pool.submit(() -> {
                while (!done.get()) {
                    sim.status();
                    reads.incrementAndGet();
                    reading.countDown();
                }
                return null;
            });
            // The run starts once the reader is reading: on a loaded machine the run could otherwise end first.
            assertTrue(reading.await(10, TimeUnit.SECONDS), "the status reader never read");
            Future<FailoverOutcome> run = pool.submit(() -> FailoverCoordinator.run(req, sim.uncheckedTransport("n2", Duration.ofMillis(100))));
            FailoverOutcome o = run.get(20, TimeUnit.SECONDS);
            done.set(true);
            reader.get(5, TimeUnit.SECONDS);
            assertTrue(o.isZeroRpo());
            assertEquals("n2", sim.primaryId());
            assertTrue(reads.get() > 0);
            assertEquals(0, sim.invariants().lostWrites());
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
    }
}
