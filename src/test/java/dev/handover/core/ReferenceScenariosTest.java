package dev.handover.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.handover.core.Requests.coordinated;
import static dev.handover.core.Requests.force;
import static dev.handover.core.Requests.ms;
import static dev.handover.core.Requests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The six tests of the reference {@code failover.rs}, same scenarios, same assertions. */
class ReferenceScenariosTest {

    @Test
    void fastPathHandsOverWithoutWaitingWhenTargetAlreadyCaughtUp() throws Exception {
        var tx = new ScriptedTransport(100, List.of(), ms(10));
        var req = request(coordinated(Duration.ofSeconds(5)), 100);

        var outcome = FailoverCoordinator.run(req, tx);

        assertTrue(tx.froze, "writes must be paused");
        assertEquals(5L, tx.committedTerm, "new term handed over");
        assertFalse(tx.resumed, "no abort on a clean handover");
        assertEquals(Duration.ZERO, outcome.waited(), "fast path does not wait");
        assertTrue(outcome.isZeroRpo());
        assertEquals(0, outcome.skippedLsn());
    }

    @Test
    void coordinatedWaitsThenHandsOverWhenTargetCatchesUp() throws Exception {
        // Target climbs 60 -> 80 -> 100, reaching the frontier on poll 3.
        var tx = new ScriptedTransport(100, List.of(60L, 80L, 100L), ms(10));
        var req = request(coordinated(Duration.ofSeconds(5)), 50);

        var outcome = FailoverCoordinator.run(req, tx);

        assertEquals(5L, tx.committedTerm);
        assertFalse(tx.resumed);
        assertEquals(5, outcome.newTerm());
        assertEquals(100, outcome.frontierLsn());
        assertEquals(100, outcome.reachedLsn());
        assertTrue(outcome.isZeroRpo(), "no write lost in a clean handover");
        assertEquals(ms(30), outcome.waited());
        assertEquals(new NodeRole.Primary(5), outcome.roles().newPrimary(), "new primary advertises the new term");
        assertEquals(new NodeRole.Replica("http://n2:50051", 5), outcome.roles().oldPrimary(),
                "old primary streams as a replica of the new primary");
    }

    @Test
    void coordinatedAbortsAndResumesWhenTargetNeverCatchesUp() {
        // Target stalls at 70, never reaching the frontier of 100 before the 50ms deadline (5 polls at 10ms).
        var tx = new ScriptedTransport(100, List.of(60L, 65L, 70L), ms(10));
        var req = request(coordinated(ms(50)), 50);

        var err = assertThrows(CatchUpTimedOut.class, () -> FailoverCoordinator.run(req, tx), "must abort");

        assertTrue(tx.resumed, "writes must resume on the old primary");
        assertNull(tx.committedTerm, "no term handed over on abort");
        assertEquals(100, err.frontierLsn());
        assertEquals(70, err.reachedLsn());
    }

    @Test
    void forceCompletesWithinTimeoutSurfacingSkippedCatchUp() throws Exception {
        // Target stalls at 70; FORCE hands over anyway after the timeout.
        var tx = new ScriptedTransport(100, List.of(60L, 65L, 70L), ms(10));
        var req = request(force(ms(50)), 50);

        var outcome = FailoverCoordinator.run(req, tx);

        assertFalse(tx.resumed, "forced handover does not abort");
        assertEquals(5L, tx.committedTerm, "term handed over under force");
        assertTrue(outcome.forced());
        assertEquals(100, outcome.frontierLsn());
        assertEquals(70, outcome.reachedLsn());
        assertEquals(30, outcome.skippedLsn(), "skipped catch-up surfaced");
        assertFalse(outcome.isZeroRpo());
        assertTrue(outcome.waited().compareTo(ms(60)) <= 0, "completes within the timeout window");
        assertEquals(new NodeRole.Primary(5), outcome.roles().newPrimary());
    }

    @Test
    void forceStillTakesFastPathWhenTargetAlreadyCaughtUp() throws Exception {
        var tx = new ScriptedTransport(100, List.of(), ms(10));
        var req = request(force(ms(50)), 120);

        var outcome = FailoverCoordinator.run(req, tx);

        assertFalse(outcome.forced(), "no force needed when already caught up");
        assertEquals(0, outcome.skippedLsn());
        assertTrue(outcome.isZeroRpo());
    }

    @Test
    void forceThatCatchesUpInTimeSkipsNothing() throws Exception {
        var tx = new ScriptedTransport(100, List.of(90L, 100L), ms(10));
        var req = request(force(Duration.ofSeconds(5)), 50);

        var outcome = FailoverCoordinator.run(req, tx);

        assertFalse(outcome.forced());
        assertEquals(0, outcome.skippedLsn());
        assertTrue(outcome.isZeroRpo());
    }

    @Test
    void catchUpTimedOutMessageKeepsTheReferenceFacts() {
        var err = new CatchUpTimedOut(100, 70, ms(50));
        assertEquals("coordinated failover aborted: target reached LSN 70 of 100 after 50ms; "
                + "writes resumed on the old primary, no write lost", err.getMessage());
    }
}
