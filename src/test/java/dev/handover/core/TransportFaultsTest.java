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

class TransportFaultsTest {

    @Test
    void freezeFailureChangesNothing() {
        var tx = new ScriptedTransport(100, List.of(100L), ms(10));
        tx.freezeFault = new TransportException("n1 unreachable");
        var events = new RecordingListener();

        var err = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(
                request(coordinated(Duration.ofSeconds(5)), 50), tx, RunHooks.none().withListener(events)));

        assertEquals(AbortReason.FREEZE_FAILED, err.reason());
        assertTrue(err.getMessage().contains("n1 unreachable"), err.getMessage());
        assertTrue(err.getMessage().contains("nothing was frozen or committed"), err.getMessage());
        assertEquals(0, tx.polls);
        assertFalse(tx.resumed);
        assertNull(tx.committedTerm);
        assertEquals(List.of("Aborted"), events.names());
    }

    @Test
    void pollFailureResumesThenAbortsWithTheCause() {
        var tx = new ScriptedTransport(100, List.of(60L, 80L, 100L), ms(10));
        tx.failPollNumber = 2;
        var events = new RecordingListener();

        var err = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(
                request(coordinated(Duration.ofSeconds(5)), 50), tx, RunHooks.none().withListener(events)));

        assertEquals(AbortReason.POLL_FAILED, err.reason());
        assertTrue(err.getMessage().contains("connection to n2 refused"), err.getMessage());
        assertTrue(tx.resumed);
        assertNull(tx.committedTerm);
        assertEquals(List.of("Frozen", "Polled", "Resumed", "Aborted"), events.names());
    }

    @Test
    void negativeReadingIsAPollFailure() {
        var tx = new ScriptedTransport(100, List.of(-5L), ms(10));

        var err = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(
                request(coordinated(Duration.ofSeconds(5)), 50), tx));

        assertEquals(AbortReason.POLL_FAILED, err.reason());
        assertTrue(err.getMessage().contains("negative LSN -5"), err.getMessage());
        assertTrue(tx.resumed);
    }

    @Test
    void negativeFrontierIsAFreezeFailureAndWritesResume() {
        var tx = new ScriptedTransport(-1, List.of(), ms(10));

        var err = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(
                request(coordinated(Duration.ofSeconds(5)), 50), tx));

        assertEquals(AbortReason.FREEZE_FAILED, err.reason());
        assertTrue(tx.resumed, "the freeze had happened, so it is undone");
        assertNull(tx.committedTerm);
    }

    @Test
    void commitFailureIsUnknownAndDoesNotResume() {
        var tx = new ScriptedTransport(100, List.of(100L), ms(10));
        tx.commitFault = new TransportException("promote timed out");
        var events = new RecordingListener();

        var err = assertThrows(OutcomeUnknownException.class, () -> FailoverCoordinator.run(
                request(coordinated(Duration.ofSeconds(5)), 50), tx, RunHooks.none().withListener(events)));

        assertFalse(tx.resumed, "roles may already have changed: resuming could make two primaries");
        assertEquals(5, err.newTerm());
        assertTrue(err.getMessage().contains("promote timed out"), err.getMessage());
        assertTrue(err.getMessage().contains("Verify which node is primary"), err.getMessage());
        assertEquals(List.of("Frozen", "Polled", "OutcomeUnknown"), events.names());
    }

    @Test
    void resumeFailureSaysWritesAreStillFrozen() {
        var tx = new ScriptedTransport(100, List.of(60L, 65L, 70L), ms(10));
        tx.resumeFault = new TransportException("n1 went away");
        var events = new RecordingListener();

        var err = assertThrows(WritesStillFrozenException.class, () -> FailoverCoordinator.run(
                request(coordinated(ms(50)), 50), tx, RunHooks.none().withListener(events)));

        assertEquals("n1", err.primary().id());
        assertTrue(err.getMessage().contains("WRITES ARE STILL FROZEN on primary n1"), err.getMessage());
        assertTrue(err.getMessage().contains("n1 went away"), err.getMessage());
        assertNull(tx.committedTerm);
        var last = events.events.get(events.events.size() - 1);
        assertTrue(last instanceof HandoverEvent.StillFrozen, events.names().toString());
        assertEquals(1, events.terminalCount());
    }

    @Test
    void lostLeaseAbortsAndResumes() {
        var tx = new ScriptedTransport(100, List.of(60L), ms(10));
        tx.leaseFault = new TransportException("lease on n1 already lapsed");

        var err = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(
                request(force(Duration.ofSeconds(5)), 50), tx));

        assertEquals(AbortReason.LEASE_LOST, err.reason());
        assertTrue(tx.resumed);
        assertNull(tx.committedTerm);
    }

    @Test
    void runtimeExceptionsFromATransportAreFaultsToo() {
        var tx = new ScriptedTransport(100, List.of(60L), ms(10)) {
            @Override
            public long pollTargetFrontier() {
                throw new IllegalStateException("driver bug");
            }
        };

        var err = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(
                request(coordinated(Duration.ofSeconds(5)), 50), tx));

        assertEquals(AbortReason.POLL_FAILED, err.reason());
        assertTrue(tx.resumed);
    }
}
