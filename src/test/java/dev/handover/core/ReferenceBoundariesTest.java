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

/**
 * The reference's edges its own tests leave open (issue 11, point 4): each mutation named here survived
 * the whole suite before these tests. The fast path reports the frozen frontier as reached, not the hint
 * (the reference's {@code clean_outcome(req, frontier, frontier, ZERO)}); the wait runs while
 * {@code elapsed < deadline}, so a reading that lands exactly on the deadline is the last one.
 */
class ReferenceBoundariesTest {

    @Test
    void theFastPathReportsTheFrontierAsReachedNotTheHint() throws Exception {
        // Mutation killed: commit(req.targetFrontierHint(), …) on the fast path.
        var tx = new ScriptedTransport(100, List.of(), ms(10));

        var outcome = FailoverCoordinator.run(request(coordinated(Duration.ofSeconds(5)), 120), tx);

        assertEquals(100, outcome.frontierLsn());
        assertEquals(100, outcome.reachedLsn(), "the frozen frontier, not the hint of 120");
        assertEquals(0, outcome.skippedLsn());
        assertEquals(Duration.ZERO, outcome.waited());
        assertEquals(0, tx.polls, "no wait on the fast path");
        assertEquals(5L, tx.committedTerm);
    }

    @Test
    void aReadingThatLandsExactlyOnTheDeadlineIsTheLastCoordinated() {
        // Mutation killed: elapsed <= deadline in the wait loop. Three 10 ms polls reach the 30 ms deadline
        // exactly; a fourth would have found the target caught up and committed past the deadline.
        var tx = new ScriptedTransport(100, List.of(60L, 65L, 70L, 100L), ms(10));

        var err = assertThrows(CatchUpTimedOut.class, () -> FailoverCoordinator.run(request(coordinated(ms(30)), 50), tx));

        assertEquals(3, tx.polls);
        assertEquals(70, err.reachedLsn());
        assertEquals(ms(30), err.waited());
        assertTrue(tx.resumed);
        assertNull(tx.committedTerm);
    }

    @Test
    void aReadingThatLandsExactlyOnTheTimeoutIsTheLastForced() throws Exception {
        var tx = new ScriptedTransport(100, List.of(60L, 65L, 70L, 100L), ms(10));

        var outcome = FailoverCoordinator.run(request(force(ms(30)), 50), tx);

        assertEquals(3, tx.polls);
        assertTrue(outcome.forced(), "forced at the timeout, not caught up by a reading after it");
        assertEquals(70, outcome.reachedLsn());
        assertEquals(30, outcome.skippedLsn());
        assertEquals(ms(30), outcome.waited());
        assertFalse(tx.resumed);
    }
}
