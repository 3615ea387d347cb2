package dev.handover.sim;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.AbortReason;
import dev.handover.core.Cancellation;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.ForwardingTransport;
import dev.handover.core.HandoverAborted;
import dev.handover.core.HandoverEvent;
import dev.handover.core.RunHooks;
import dev.handover.core.TransportException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Between steps a replica applies continuously, and the long poll hands over at the first whole
 * millisecond after the target covers the frontier (not at the next step or poll), while still
 * returning once per poll interval. All in virtual time.
 */
class ContinuousCatchUpTest {
    private static final double RATE = 4_000_000; // LSN/s: 4 LSN per microsecond
    private static final Duration POLL = Duration.ofMillis(50);

    private final VirtualClock clock = new VirtualClock();

    /** n2 starts stalled {@code backlog} LSN behind; no write load, so the frontier stays put. */
    private SimCluster stalledReplica(long backlog) {
        Scenario s = new Scenario("released", "A stalled replica", "Released by the test.",
                List.of(new NodeSpec("n1", "10.0.1.1:5432", "eu-west", NodeSpec.Role.PRIMARY, 7, RATE, Duration.ZERO, 0, false),
                        new NodeSpec("n2", "10.0.1.2:5432", "eu-west", NodeSpec.Role.REPLICA, 7, RATE, Duration.ZERO, backlog, true)),
                new WriteLoad(0, 600, 0, Optional.empty()), List.of());
        return SimCluster.start(s, 1, clock);
    }

    private static long durable(SimCluster sim, String id) throws Exception {
        return sim.status().node(id).orElseThrow().durableLsn();
    }

    @Test
    void aReplicaReleasedBetweenStepsAppliesFromThatInstant() throws Exception {
        SimCluster sim = stalledReplica(100_000);
        long start = durable(sim, "n2");
        clock.advance(Duration.ofMillis(3));
        sim.faults().unstall("n2");
        clock.advance(Duration.ofMillis(5)); // 8 ms: still before the step at 10 ms
        assertEquals(start + 20_000, durable(sim, "n2"));
        clock.advance(Duration.ofMillis(2)); // the step at 10 ms
        assertEquals(start + 28_000, durable(sim, "n2"));
        clock.advance(Duration.ofMillis(5));
        assertEquals(start + 48_000, durable(sim, "n2"));
        clock.advance(Duration.ofMillis(20));
        assertEquals(start + 100_000, durable(sim, "n2"), "caught up at the frontier, not beyond");
    }

    @Test
    void aStallBetweenStepsKeepsWhatWasAppliedAndNeverGoesBack() throws Exception {
        SimCluster sim = stalledReplica(100_000);
        long start = durable(sim, "n2");
        sim.faults().unstall("n2");
        clock.advance(Duration.ofMillis(4));
        sim.faults().stall("n2");
        assertEquals(start + 16_000, durable(sim, "n2"));
        clock.advance(Duration.ofMillis(30)); // across three steps
        assertEquals(start + 16_000, durable(sim, "n2"));
    }

    @Test
    void aScriptedStallKeepsWhatTheStepBeforeItApplied() throws Exception {
        Scenario s = new Scenario("scripted", "A scripted stall", "n2 stalls 15 ms into the run.",
                List.of(new NodeSpec("n1", "10.0.1.1:5432", "eu-west", NodeSpec.Role.PRIMARY, 7, RATE, Duration.ZERO, 0, false),
                        new NodeSpec("n2", "10.0.1.2:5432", "eu-west", NodeSpec.Role.REPLICA, 7, RATE, Duration.ZERO, 100_000, false)),
                new WriteLoad(0, 600, 0, Optional.empty()),
                List.of(ScriptedFault.on(Duration.ofMillis(15), FaultKind.STALL, "n2")));
        SimCluster sim = SimCluster.start(s, 1, clock);
        long start = durable(sim, "n2");
        FailoverTransport tx = sim.uncheckedTransport("n2", POLL); // the scripted timeline starts now
        clock.advance(Duration.ofMillis(13));
        assertEquals(start + 52_000, tx.awaitTargetFrontier(start + 100_000, Duration.ZERO));
        clock.advance(Duration.ofMillis(12)); // the stall fires with the step at 20 ms
        assertEquals(start + 80_000, durable(sim, "n2"));
        clock.advance(Duration.ofMillis(30));
        assertEquals(start + 80_000, durable(sim, "n2"));
    }

    @Test
    void readingBetweenStepsDoesNotChangeHowTheClusterPlays() throws Exception {
        VirtualClock other = new VirtualClock();
        SimCluster watched = SimCluster.start(Scenarios.builtIn("lagging-replica"), 5, clock);
        SimCluster alone = SimCluster.start(Scenarios.builtIn("lagging-replica"), 5, other);
        for (int i = 0; i < 400; i++) {
            clock.advance(Duration.ofMillis(3));
            watched.status();
        }
        other.advance(Duration.ofMillis(1200));
        ClusterSnapshot a = watched.status();
        ClusterSnapshot b = alone.status();
        for (NodeStatus n : a.nodes()) {
            NodeStatus m = b.node(n.node().id()).orElseThrow();
            assertEquals(m.durableLsn(), n.durableLsn(), n.node().id());
            assertEquals(m.lsn(), n.lsn(), n.node().id());
        }
    }

    @Test
    void theLongPollReturnsTheInstantTheTargetCoversTheFrontier() throws Exception {
        SimCluster sim = stalledReplica(1_000);
        FailoverTransport tx = sim.uncheckedTransport("n2", POLL);
        clock.advance(Duration.ofMillis(3));
        long frontier = tx.freezePrimary();
        sim.faults().unstall("n2");
        Duration released = tx.elapsed();
        long reached = tx.awaitTargetFrontier(frontier, Duration.ofSeconds(1));
        assertEquals(frontier, reached);
        // 1,000 LSN at 4 LSN/µs: 250 µs, so at the next whole millisecond; not at the next step
        // (7 ms away) nor after the 50 ms poll interval.
        assertEquals(Duration.ofMillis(1), tx.elapsed().minus(released));
    }

    @Test
    void aLongCatchUpIsFollowedAcrossStepsToItsExactEnd() throws Exception {
        SimCluster sim = stalledReplica(100_000);
        FailoverTransport tx = sim.uncheckedTransport("n2", POLL);
        clock.advance(Duration.ofMillis(7));
        long frontier = tx.freezePrimary();
        sim.faults().unstall("n2");
        Duration released = tx.elapsed();
        assertEquals(frontier, tx.awaitTargetFrontier(frontier, Duration.ofSeconds(1)));
        assertEquals(Duration.ofMillis(25), tx.elapsed().minus(released));
    }

    @Test
    void theLongPollStillReturnsAfterOnePollIntervalWhenTheTargetDoesNotMove() throws Exception {
        SimCluster sim = stalledReplica(1_000);
        FailoverTransport tx = sim.uncheckedTransport("n2", POLL);
        clock.advance(Duration.ofMillis(3));
        long frontier = tx.freezePrimary();
        Duration before = tx.elapsed();
        long reached = tx.awaitTargetFrontier(frontier, Duration.ofSeconds(1));
        assertEquals(frontier - 1_000, reached);
        assertEquals(POLL, tx.elapsed().minus(before));
        // And never past the caller's deadline either.
        before = tx.elapsed();
        tx.awaitTargetFrontier(frontier, Duration.ofMillis(7));
        assertEquals(Duration.ofMillis(7), tx.elapsed().minus(before));
    }

    @Test
    void aCancelDuringAStalledCatchUpIsNoticedWithinOnePollInterval() throws Exception {
        SimCluster sim = stalledReplica(1_000);
        ClusterSnapshot s = sim.status();
        NodeStatus p = s.primary().orElseThrow();
        NodeStatus t = s.node("n2").orElseThrow();
        FailoverRequest req = new FailoverRequest(p.node(), t.node(), p.role().term(), t.durableLsn(),
                new FailoverMode.Coordinated(Duration.ofSeconds(30)));
        Cancellation cancel = new Cancellation();
        List<HandoverEvent> events = new ArrayList<>();
        List<Duration> cancelledAt = new ArrayList<>();
        RunHooks hooks = RunHooks.none().withCancellation(cancel).withListener(e -> {
            events.add(e);
            if (e instanceof HandoverEvent.Polled && cancelledAt.isEmpty()) {
                clock.advance(Duration.ofMillis(13)); // the operator presses Abort between two polls
                cancel.cancel();
                cancelledAt.add(clock.now());
            }
        });
        Duration started = clock.now();
        HandoverAborted aborted = assertThrows(HandoverAborted.class,
                () -> FailoverCoordinator.run(req, sim.uncheckedTransport("n2", POLL), hooks));
        assertEquals(AbortReason.CANCELLED, aborted.reason());
        HandoverEvent last = events.get(events.size() - 1);
        Duration noticed = started.plus(last.at());
        assertTrue(noticed.minus(cancelledAt.get(0)).compareTo(POLL) <= 0, "noticed after " + noticed);
        assertTrue(sim.acceptsWrites("n1"), "writes resumed");
    }

    @Test
    void aForcedCommitBetweenStepsKeepsWhatTheTargetAppliedUpToThatInstant() throws Exception {
        SimCluster sim = stalledReplica(100_000);
        ClusterSnapshot s = sim.status();
        NodeStatus p = s.primary().orElseThrow();
        NodeStatus t = s.node("n2").orElseThrow();
        FailoverRequest req = new FailoverRequest(p.node(), t.node(), p.role().term(), t.durableLsn(),
                new FailoverMode.Force(Duration.ofMillis(13)));
        long expectedReached = t.durableLsn() + 52_000;
        long expectedLost = sim.acknowledgedWritesBetween(expectedReached, p.lsn());
        FailoverOutcome o = FailoverCoordinator.run(req, new Releasing(sim.uncheckedTransport("n2", POLL), sim));
        // Released at the freeze (time 0), committed at the 13 ms deadline: 52,000 of 100,000 LSN.
        assertEquals(expectedReached, o.reachedLsn());
        assertEquals(48_000, o.skippedLsn());
        NodeStatus promoted = sim.status().node("n2").orElseThrow();
        assertEquals(o.reachedLsn(), promoted.lsn());
        assertEquals(o.reachedLsn(), promoted.durableLsn());
        assertTrue(expectedLost > 0);
        assertEquals(expectedLost, sim.invariants().lostWrites());
    }

    /** Releases the stalled target the instant writes are frozen. */
    private static final class Releasing extends ForwardingTransport {
        private final SimCluster sim;

        Releasing(FailoverTransport tx, SimCluster sim) {
            super(tx);
            this.sim = sim;
        }

        @Override
        public long freezePrimary() throws TransportException {
            long frontier = delegate.freezePrimary();
            sim.faults().unstall("n2");
            return frontier;
        }
    }
}
