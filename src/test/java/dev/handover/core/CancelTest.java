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

class CancelTest {

    @Test
    void cancelDuringCatchUpResumesAndCommitsNothing() {
        var tx = new ScriptedTransport(100, List.of(60L, 65L, 70L), ms(10));
        var cancel = new Cancellation();
        tx.afterPoll = () -> {
            if (tx.polls == 2) {
                assertTrue(cancel.cancel(), "cancel accepted during catch-up");
            }
        };
        var events = new RecordingListener();

        var err = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(
                request(coordinated(Duration.ofSeconds(5)), 50), tx,
                RunHooks.none().withListener(events).withCancellation(cancel)));

        assertEquals(AbortReason.CANCELLED, err.reason());
        assertEquals(2, tx.polls, "no poll after the cancel");
        assertTrue(tx.resumed);
        assertNull(tx.committedTerm);
        assertEquals(List.of("Frozen", "Polled", "Polled", "Resumed", "Aborted"), events.names());
        assertEquals(65, err.reachedLsn());
    }

    @Test
    void cancelThatLandsBetweenTheLastPollAndTheCommitStillWins() {
        // The target reaches the frontier on the very poll during which the operator presses Abort.
        var tx = new ScriptedTransport(100, List.of(100L), ms(10));
        var cancel = new Cancellation();
        tx.afterPoll = cancel::cancel;

        var err = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(
                request(force(Duration.ofSeconds(5)), 50), tx, RunHooks.none().withCancellation(cancel)));

        assertEquals(AbortReason.CANCELLED, err.reason());
        assertNull(tx.committedTerm);
        assertTrue(tx.resumed);
    }

    @Test
    void noCancelOnceCommitHasBegun() throws Exception {
        var cancel = new Cancellation();
        var tx = new ScriptedTransport(100, List.of(), ms(10)) {
            @Override
            public void commitHandover(long newTerm) throws TransportException {
                assertFalse(cancel.cancel(), "an abort during commit is refused");
                super.commitHandover(newTerm);
            }
        };

        var outcome = FailoverCoordinator.run(request(coordinated(Duration.ofSeconds(5)), 100), tx,
                RunHooks.none().withCancellation(cancel));

        assertEquals(5L, tx.committedTerm);
        assertFalse(cancel.isCancelled());
        assertTrue(outcome.isZeroRpo());
    }
}
