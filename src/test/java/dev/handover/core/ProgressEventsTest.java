package dev.handover.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.handover.core.Requests.coordinated;
import static dev.handover.core.Requests.force;
import static dev.handover.core.Requests.ms;
import static dev.handover.core.Requests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressEventsTest {

    @Test
    void cleanRunReportsFrozenEachPollThenCommitted() throws Exception {
        var tx = new ScriptedTransport(100, List.of(60L, 80L, 100L), ms(10));
        var events = new RecordingListener();

        var outcome = FailoverCoordinator.run(request(coordinated(Duration.ofSeconds(5)), 50), tx,
                RunHooks.none().withListener(events));

        assertEquals(List.of("Frozen", "Polled", "Polled", "Polled", "Committed"), events.names());
        var frozen = (HandoverEvent.Frozen) events.events.get(0);
        assertEquals(100, frozen.frontierLsn());
        var polls = events.events.subList(1, 4).stream().map(e -> (HandoverEvent.Polled) e).toList();
        assertEquals(List.of(60L, 80L, 100L), polls.stream().map(HandoverEvent.Polled::reachedLsn).toList());
        assertEquals(List.of(ms(10), ms(20), ms(30)), polls.stream().map(HandoverEvent.Polled::at).toList());
        assertEquals(outcome, events.last(HandoverEvent.Committed.class).outcome());
        assertEquals(1, events.terminalCount());
    }

    @Test
    void fastPathReportsFrozenThenCommittedWithoutPolls() throws Exception {
        var tx = new ScriptedTransport(100, List.of(), ms(10));
        var events = new RecordingListener();

        FailoverCoordinator.run(request(coordinated(Duration.ofSeconds(5)), 100), tx, RunHooks.none().withListener(events));

        assertEquals(List.of("Frozen", "Committed"), events.names());
        assertEquals(0, tx.polls);
    }

    @Test
    void coordinatedTimeoutReportsResumedThenAbortedLast() {
        var tx = new ScriptedTransport(100, List.of(60L, 65L, 70L), ms(10));
        var events = new RecordingListener();

        assertThrows(CatchUpTimedOut.class, () -> FailoverCoordinator.run(request(coordinated(ms(50)), 50), tx,
                RunHooks.none().withListener(events)));

        assertEquals(List.of("Frozen", "Polled", "Polled", "Polled", "Polled", "Polled", "Resumed", "Aborted"),
                events.names());
        var aborted = events.last(HandoverEvent.Aborted.class);
        assertEquals(AbortReason.CATCH_UP_TIMED_OUT, aborted.reason());
        assertEquals(100, aborted.frontierLsn());
        assertEquals(70, aborted.reachedLsn());
        assertTrue(aborted.message().contains("no write lost"), aborted.message());
    }

    @Test
    void leaseIsRenewedAroundEveryWaitAndBeforeTheCommit() throws Exception {
        var tx = new ScriptedTransport(100, List.of(60L, 80L, 100L), ms(10));

        FailoverCoordinator.run(request(coordinated(Duration.ofSeconds(5)), 50), tx);

        assertEquals(3 * 2 + 1, tx.leaseRenewals,
                "before each wait, after it (the reading counts only on a held freeze), and right before the commit");
    }

    @Test
    void aBrokenListenerDoesNotStrandTheRun() throws Exception {
        var tx = new ScriptedTransport(100, List.of(60L, 65L, 70L), ms(10));
        HandoverListener broken = e -> {
            throw new IllegalStateException("chart exploded");
        };

        assertThrows(CatchUpTimedOut.class, () -> FailoverCoordinator.run(request(coordinated(ms(50)), 50), tx,
                RunHooks.none().withListener(broken)));
        assertTrue(tx.resumed, "writes resumed despite the listener throwing");
    }

    @Test
    void longPollingTransportIsAskedWithTheRemainingDeadline() throws Exception {
        var seen = new java.util.ArrayList<Duration>();
        var tx = new ScriptedTransport(100, List.of(100L), ms(10)) {
            @Override
            public long awaitTargetFrontier(long frontier, Duration maxWait) throws TransportException {
                seen.add(maxWait);
                return pollTargetFrontier();
            }
        };

        var outcome = FailoverCoordinator.run(request(force(ms(50)), 50), tx);

        assertEquals(List.of(ms(50)), seen);
        assertTrue(outcome.isZeroRpo());
    }
}
