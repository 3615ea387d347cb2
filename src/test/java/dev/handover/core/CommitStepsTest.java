package dev.handover.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static dev.handover.core.Requests.coordinated;
import static dev.handover.core.Requests.ms;
import static dev.handover.core.Requests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A commit's steps reach the run's listener as they are taken, before the terminal event and never after it; a
 * commit withdrawn (the target did not promote and cannot, the old primary is the primary again) ends the run as an
 * abort with writes resumed, not as an unknown outcome.
 */
class CommitStepsTest {

    /** A scripted transport whose commit says two steps, then does what {@code commit} does. */
    private static final class SteppingTransport extends ScriptedTransport {
        private Consumer<String> steps = s -> { };
        private Consumer<String> afterCommit;
        private final TransportException fault;

        SteppingTransport(TransportException fault) {
            super(100, List.of(100L), ms(10));
            this.fault = fault;
        }

        @Override
        public void reportCommitStepsTo(Consumer<String> steps) {
            this.steps = steps;
        }

        @Override
        public void commitHandover(long newTerm) throws TransportException {
            steps.accept("stopping n1 …");
            steps.accept("asking n2 to promote, 2s of 60s …");
            afterCommit = steps;
            if (fault != null) {
                throw fault;
            }
            super.commitHandover(newTerm);
        }
    }

    @Test
    void stepsArriveLiveBetweenTheLastPollAndTheTerminalEventAndNeverAfterIt() throws Exception {
        var tx = new SteppingTransport(null);
        var events = new RecordingListener();

        FailoverCoordinator.run(request(coordinated(Duration.ofSeconds(5)), 50), tx, RunHooks.none().withListener(events));
        tx.afterCommit.accept("a late step from a thread still going"); // after the commit returned: dropped

        assertEquals(List.of("Frozen", "Polled", "CommitStep", "CommitStep", "Committed"), events.names());
        assertEquals("asking n2 to promote, 2s of 60s …", ((HandoverEvent.CommitStep) events.events.get(3)).step());
    }

    @Test
    void aWithdrawnCommitIsAnAbortWithWritesResumed() {
        var tx = new SteppingTransport(new CommitWithdrawnException("n2 was still in recovery after 60s; stopped it; n1 started again"));
        var events = new RecordingListener();

        var err = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(
                request(coordinated(Duration.ofSeconds(5)), 50), tx, RunHooks.none().withListener(events)));

        assertEquals(AbortReason.COMMIT_WITHDRAWN, err.reason());
        assertTrue(tx.resumed, "the old primary is the primary again: writes resume on it");
        assertNull(tx.committedTerm);
        assertTrue(err.getMessage().contains("n2 was still in recovery after 60s"), err.getMessage());
        assertEquals(List.of("Frozen", "Polled", "CommitStep", "CommitStep", "Resumed", "Aborted"), events.names());
    }

    @Test
    void anyOtherFailedCommitStaysUnknownWithWritesFrozen() {
        var tx = new SteppingTransport(new TransportException("n2 could not be made safe"));
        var events = new RecordingListener();

        assertThrows(OutcomeUnknownException.class, () -> FailoverCoordinator.run(
                request(coordinated(Duration.ofSeconds(5)), 50), tx, RunHooks.none().withListener(events)));

        assertTrue(!tx.resumed, "roles may have changed: no resume");
        assertEquals(List.of("Frozen", "Polled", "CommitStep", "CommitStep", "OutcomeUnknown"), events.names());
    }
}
