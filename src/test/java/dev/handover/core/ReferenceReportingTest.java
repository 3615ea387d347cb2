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
 * What the reference reports, where its own tests cannot tell (issue 22): each mutation named here survived
 * the whole core suite before these tests. {@code reached} is the last reading ({@code reached =
 * tx.poll_target_frontier()}), not the best: a target whose frontier went back holds only what it holds
 * now, and a best reading would count fewer skipped LSNs than a forced commit really skips. {@code waited}
 * is sampled before the resume and before the commit ({@code let waited = tx.elapsed();} first), so it is
 * the catch-up wait alone: the reference's fake resumes and commits in no time, real transports do not.
 */
class ReferenceReportingTest {

    @Test
    void aForcedCommitReportsTheLastReadingNotTheBest() throws Exception {
        // Mutation killed: reached = max(reached, reading). The target reads 80, then goes back to 70.
        var tx = new ScriptedTransport(100, List.of(60L, 80L, 70L), ms(10));

        var outcome = FailoverCoordinator.run(request(force(ms(30)), 50), tx);

        assertTrue(outcome.forced());
        assertEquals(70, outcome.reachedLsn(), "the last reading, not the best of 80");
        assertEquals(30, outcome.skippedLsn(), "skipped catch-up counted from the last reading");
        assertEquals(5L, tx.committedTerm);
    }

    @Test
    void aCoordinatedAbortReportsTheLastReadingNotTheBest() {
        var tx = new ScriptedTransport(100, List.of(60L, 80L, 70L), ms(10));

        var err = assertThrows(CatchUpTimedOut.class, () -> FailoverCoordinator.run(request(coordinated(ms(30)), 50), tx));

        assertEquals(100, err.frontierLsn());
        assertEquals(70, err.reachedLsn(), "the last reading, not the best of 80");
        assertTrue(tx.resumed);
        assertNull(tx.committedTerm);
    }

    @Test
    void aCoordinatedAbortMeasuresTheWaitBeforeResuming() {
        // Mutation killed: waited sampled after resumePrimary. The deadline is 30 ms; resuming takes 200 ms more.
        var tx = new ScriptedTransport(100, List.of(60L, 65L, 70L), ms(10));
        tx.resumeTakes = ms(200);

        var err = assertThrows(CatchUpTimedOut.class, () -> FailoverCoordinator.run(request(coordinated(ms(30)), 50), tx));

        assertTrue(tx.resumed, "writes must resume on the old primary");
        assertEquals(ms(230), tx.elapsed, "the resume did take its 200 ms");
        assertEquals(ms(30), err.waited(), "the catch-up wait, not the wait plus the resume");
    }

    @Test
    void aCleanHandoverMeasuresTheWaitBeforeCommitting() throws Exception {
        // Mutation killed: waited sampled after commitHandover. Caught up on poll 3; the commit takes 200 ms more.
        var tx = new ScriptedTransport(100, List.of(60L, 80L, 100L), ms(10));
        tx.commitTakes = ms(200);

        var outcome = FailoverCoordinator.run(request(coordinated(Duration.ofSeconds(5)), 50), tx);

        assertEquals(5L, tx.committedTerm);
        assertEquals(ms(230), tx.elapsed, "the commit did take its 200 ms");
        assertTrue(outcome.isZeroRpo());
        assertEquals(ms(30), outcome.waited(), "the catch-up wait, not the wait plus the commit");
    }

    @Test
    void aForcedHandoverMeasuresTheWaitBeforeCommitting() throws Exception {
        var tx = new ScriptedTransport(100, List.of(60L, 65L, 70L), ms(10));
        tx.commitTakes = ms(200);

        var outcome = FailoverCoordinator.run(request(force(ms(30)), 50), tx);

        assertTrue(outcome.forced());
        assertEquals(ms(230), tx.elapsed, "the commit did take its 200 ms");
        assertEquals(ms(30), outcome.waited(), "completes within the timeout window: the commit is not the wait");
    }

    @Test
    void theFastPathDoesNotWaitEvenWhenTheCommitTakesTime() throws Exception {
        var tx = new ScriptedTransport(100, List.of(), ms(10));
        tx.commitTakes = ms(200);

        var outcome = FailoverCoordinator.run(request(coordinated(Duration.ofSeconds(5)), 100), tx);

        assertEquals(5L, tx.committedTerm);
        assertEquals(0, tx.polls);
        assertFalse(tx.resumed);
        assertEquals(Duration.ZERO, outcome.waited(), "fast path does not wait");
    }
}
