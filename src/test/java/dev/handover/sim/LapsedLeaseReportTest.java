package dev.handover.sim;

import dev.handover.journal.Result;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverException;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.ForwardingTransport;
import dev.handover.core.FreezeSpan;
import dev.handover.core.HandoverEvent;
import dev.handover.core.RunHooks;
import dev.handover.core.TransportException;
import dev.handover.journal.RunRecorder;
import dev.handover.journal.OutcomeInfo;
import dev.handover.journal.RunReport;
import dev.handover.training.Debrief;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11, point 3: after a lapsed freeze lease a report showed the target past the frontier (a reading
 * taken once writes flowed again), and "Writes were frozen for …" counted up to the run's resume as if
 * the freeze had held. The poll interval can no longer outlast the lease (PollRule), so the lapse is made
 * here the way it still can happen: the coordinator's thread stalls mid-wait (a GC pause, a suspended
 * host) for longer than the lease.
 */
class LapsedLeaseReportTest {
    private final VirtualClock clock = new VirtualClock();

    @Test
    void aReadingTakenAfterTheLapseIsNotReportedAndTheFreezeIsAnUpperBound() throws Exception {
        SimCluster sim = SimCluster.start(Scenarios.builtIn("lagging-replica"), 1, clock);
        clock.advance(Duration.ofSeconds(2));
        NodeStatus primary = sim.status().primary().orElseThrow();
        NodeStatus target = sim.status().node("n2").orElseThrow();
        FailoverRequest req = new FailoverRequest(primary.node(), target.node(), primary.role().term(),
                target.durableLsn(), new FailoverMode.Coordinated(Duration.ofSeconds(30)));
        Duration stall = sim.freezeLease().orElseThrow().plus(Duration.ofSeconds(1));
        FailoverTransport stalling = new ForwardingTransport(sim.uncheckedTransport("n2", Duration.ofMillis(100))) {
            private boolean stalled;

            @Override
            public long awaitTargetFrontier(long frontier, Duration maxWait) throws TransportException {
                if (!stalled) {
                    stalled = true;
                    clock.advance(stall); // the coordinator's thread does not run for 6 s
                }
                return delegate.awaitTargetFrontier(frontier, maxWait);
            }
        };
        RunRecorder recorder = new RunRecorder();

        assertThrows(FailoverException.class, () -> FailoverCoordinator.run(req, stalling,
                RunHooks.none().withListener(recorder)));

        RunReport report = recorder.report(new RunReport.RunInfo("dba", Instant.EPOCH, sim.name(), "dev"),
                RunRecorder.request(req, Duration.ofMillis(100), Optional.empty(), Optional.of(1L)), Optional.empty());
        OutcomeInfo o = report.outcome();
        assertEquals(Result.ABORTED, o.result());
        assertEquals("lease-lost", o.reason());
        assertTrue(o.reachedLsn() <= o.frontierLsn(), "reached " + o.reachedLsn() + " > frontier " + o.frontierLsn());
        assertTrue(recorder.events().stream().noneMatch(e -> e instanceof HandoverEvent.Polled p
                && p.reachedLsn() > p.frontierLsn()), "a reading past the frontier: " + recorder.events());
        assertTrue(sim.acceptsWrites(primary.id()), "the lease lapsed: the primary takes writes again");

        FreezeSpan frozen = Debrief.of(report).writesFrozen();
        FreezeSpan.Lapsed lapsed = assertInstanceOf(FreezeSpan.Lapsed.class, frozen);
        assertEquals(stall, lapsed.atMost(), "the run found the lease gone when it woke");
        assertTrue(frozen.text().startsWith("at most 6s (the freeze lease lapsed during the run"), frozen.text());
        assertEquals(frozen, FreezeSpan.of(recorder.events()), "the outcome's figure is the debrief's");
    }
}
