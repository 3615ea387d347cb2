package dev.handover.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.handover.core.Requests.coordinated;
import static dev.handover.core.Requests.force;
import static dev.handover.core.Requests.ms;
import static dev.handover.core.Requests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Found by the fault simulation: an Abort that came with the last reading before the deadline was
 * ignored until the commit — a force run went on to ask the operator to approve skipping LSNs they had
 * just aborted, and a coordinated one reported a timeout. An accepted Abort now ends the run at once.
 */
class CancelAtTheDeadlineTest {

    @Test
    void anAbortOnTheLastReadingOfACoordinatedRunIsACancelNotATimeout() {
        var tx = new ScriptedTransport(100, List.of(60L, 70L), ms(10));
        var cancel = new Cancellation();
        tx.afterPoll = () -> {
            if (tx.polls == 2) {
                cancel.cancel();
            }
        };

        var err = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(
                request(coordinated(ms(20)), 50), tx, RunHooks.none().withCancellation(cancel)));

        assertEquals(AbortReason.CANCELLED, err.reason());
        assertTrue(tx.resumed);
    }

    @Test
    void anAbortOnTheLastReadingOfAForceRunNeverAsksForApproval() {
        var tx = new ScriptedTransport(100, List.of(60L, 70L), ms(10));
        var cancel = new Cancellation();
        tx.afterPoll = () -> {
            if (tx.polls == 2) {
                cancel.cancel();
            }
        };
        var events = new RecordingListener();
        var hooks = RunHooks.none().withListener(events).withCancellation(cancel)
                .withApproval(ForceApproval.always(ForceDecision.APPROVE, Duration.ofSeconds(30)));

        var err = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(
                request(force(ms(20)), 50), tx, hooks));

        assertEquals(AbortReason.CANCELLED, err.reason());
        assertEquals(List.of("Frozen", "Polled", "Polled", "Resumed", "Aborted"), events.names());
        assertNull(tx.committedTerm);
    }

    @Test
    void anAbortWhileThePromptIsOpenTakesNoFurtherReading() {
        var tx = new ScriptedTransport(100, List.of(60L, 70L), ms(10));
        var cancel = new Cancellation();
        ForceApproval abortThenApprove = new ForceApproval() {
            @Override
            public Duration window() {
                return Duration.ofSeconds(30);
            }

            @Override
            public ForceDecision decide(ForcePrompt prompt) {
                cancel.cancel();
                return ForceDecision.APPROVE;
            }
        };

        var err = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(request(force(ms(20)), 50), tx,
                RunHooks.none().withCancellation(cancel).withApproval(abortThenApprove)));

        assertEquals(AbortReason.CANCELLED, err.reason());
        assertEquals(2, tx.polls, "no reading after the Abort");
        assertNull(tx.committedTerm);
        assertTrue(tx.resumed);
    }
}
