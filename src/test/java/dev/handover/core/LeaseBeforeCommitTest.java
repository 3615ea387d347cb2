package dev.handover.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.handover.core.Requests.coordinated;
import static dev.handover.core.Requests.ms;
import static dev.handover.core.Requests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Found by the fault simulation: a freeze lease that lapsed during the last wait (or the force prompt)
 * was only discovered by the commit failing, reported as "outcome unknown, writes NOT resumed" while
 * nothing had changed and writes already flowed again. The lease is now renewed right before the commit.
 */
class LeaseBeforeCommitTest {

    @Test
    void aLeaseLostDuringTheLastWaitAbortsBeforeCommitting() {
        var tx = new ScriptedTransport(100, List.of(100L), ms(10)) {
            @Override
            public void renewFreezeLease() throws TransportException {
                if (leaseRenewals == 1) { // renewed before the poll; lapsed by the time the target caught up
                    throw new TransportException("the freeze lease on n1 lapsed");
                }
                super.renewFreezeLease();
            }
        };
        var events = new RecordingListener();

        var err = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(
                request(coordinated(Duration.ofSeconds(5)), 50), tx, RunHooks.none().withListener(events)));

        assertEquals(AbortReason.LEASE_LOST, err.reason());
        assertNull(tx.committedTerm, "never commit on a frontier that may have moved");
        assertTrue(tx.resumed);
        // The reading came back after the lapse: it is not recorded, so no report shows a frontier that moved on.
        assertEquals(List.of("Frozen", "Resumed", "Aborted"), events.names());
        assertEquals(50, err.reachedLsn(), "the last reading taken on a held freeze (none: the hint)");
    }

    @Test
    void aKeeperThatAlreadyLiftedTheFreezeWhenTheCommitIsNextAbortsWithWritesResumed() {
        var tx = new ScriptedTransport(100, List.of(100L), ms(10));
        tx.endLeaseFault = new TransportException("the freeze keeper had already lifted the freeze on n1");
        var events = new RecordingListener();

        var err = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(
                request(coordinated(Duration.ofSeconds(5)), 50), tx, RunHooks.none().withListener(events)));

        assertEquals(AbortReason.LEASE_LOST, err.reason());
        assertTrue(err.getMessage().contains("already lifted"), err.getMessage());
        assertNull(tx.committedTerm, "a lost lease commits nothing");
        assertTrue(tx.resumed);
        assertEquals(List.of("Frozen", "Polled", "Resumed", "Aborted"), events.names());
    }

    @Test
    void theLeaseEndsOnceRightBeforeEveryCommitIncludingTheFastPath() throws Exception {
        var tx = new ScriptedTransport(100, List.of(), ms(10));

        FailoverCoordinator.run(request(coordinated(Duration.ofSeconds(5)), 100), tx);

        assertEquals(1, tx.leaseEnds);
        assertEquals(5L, tx.committedTerm);
    }
}
