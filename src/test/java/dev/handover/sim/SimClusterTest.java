package dev.handover.sim;

import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.FailoverTransport;
import dev.handover.core.NodeRole;
import dev.handover.core.TransportException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimClusterTest {
    private final VirtualClock clock = new VirtualClock();

    private SimCluster start(String scenario) throws ClusterException {
        SimCluster c = SimCluster.start(Scenarios.builtIn(scenario), 42, clock);
        clock.advance(Duration.ofSeconds(2));
        return c;
    }

    private static NodeStatus node(ClusterSnapshot s, String id) {
        return s.node(id).orElseThrow();
    }

    @Test
    void thePrimaryTakesTheWriteLoadAndEachWriteAdvancesItsLsn() throws Exception {
        SimCluster c = start("healthy");
        long lsn = node(c.status(), "n1").lsn();
        long acked = c.acknowledgedWrites();
        clock.advance(Duration.ofSeconds(1));
        long grown = node(c.status(), "n1").lsn() - lsn;
        long writes = c.acknowledgedWrites() - acked;
        assertEquals(250, writes, "250 writes a second");
        assertTrue(grown > 250 * 300 && grown < 250 * 900, "about 600 bytes a write, got " + grown);
        assertTrue(c.acceptsWrites("n1"));
        assertFalse(c.acceptsWrites("n2"));
    }

    @Test
    void healthyReplicasKeepUp() throws Exception {
        SimCluster c = start("healthy");
        ClusterSnapshot s = c.status();
        assertEquals("n1", s.primary().orElseThrow().id());
        for (NodeStatus r : s.replicas()) {
            assertEquals(Health.HEALTHY, r.health(), r.id());
            assertTrue(r.lag().compareTo(Duration.ofMillis(100)) < 0, r.id() + " lag " + r.lag());
            assertEquals(new NodeRole.Replica("10.0.1.1:5432", 7), r.role());
        }
        assertEquals("sim:healthy", c.name());
    }

    @Test
    void theSameSeedGivesTheSameCluster() throws Exception {
        SimCluster a = SimCluster.start(Scenarios.builtIn("write-burst"), 7, new VirtualClock());
        SimCluster b = SimCluster.start(Scenarios.builtIn("write-burst"), 7, new VirtualClock());
        SimCluster other = SimCluster.start(Scenarios.builtIn("write-burst"), 8, new VirtualClock());
        ((VirtualClock) a.clock()).advance(Duration.ofMillis(3333));
        ((VirtualClock) b.clock()).advance(Duration.ofMillis(3333));
        ((VirtualClock) other.clock()).advance(Duration.ofMillis(3333));
        assertEquals(a.status(), b.status());
        assertFalse(a.status().equals(other.status()), "another seed, other write sizes");
    }

    @Test
    void aStalledReplicaAppliesNothingAndLooksDegraded() throws Exception {
        SimCluster c = start("stalled-replica");
        NodeStatus before = node(c.status(), "n2");
        assertEquals(Health.DEGRADED, before.health());
        assertTrue(before.detail().contains("stalled"), before.detail());
        clock.advance(Duration.ofSeconds(3));
        NodeStatus after = node(c.status(), "n2");
        assertEquals(before.durableLsn(), after.durableLsn());
        assertTrue(after.lagLsn() > before.lagLsn());
        assertEquals(0.0, after.applyRate());

        c.faults().unstall("n2");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Health.HEALTHY, node(c.status(), "n2").health(), "caught up once unstalled");
    }

    @Test
    void aSlowedReplicaFallsBehind() throws Exception {
        SimCluster c = start("healthy");
        c.faults().slow("n2", 0.01); // 40 kB/s against 150 kB/s of writes
        clock.advance(Duration.ofSeconds(5));
        NodeStatus n2 = node(c.status(), "n2");
        assertTrue(n2.lagLsn() > 400_000, "lag " + n2.lagLsn());
        assertEquals(40_000.0, n2.applyRate(), 1e-6);
    }

    @Test
    void aCrashedNodeIsUnreachableAndCallsToItFail() throws Exception {
        SimCluster c = start("healthy");
        c.faults().crash("n2");
        NodeStatus n2 = node(c.status(), "n2");
        assertEquals(Health.UNREACHABLE, n2.health());
        assertTrue(n2.detail().contains("crashed"));
        FailoverTransport tx = c.uncheckedTransport("n2", Duration.ofMillis(100));
        TransportException e = assertThrows(TransportException.class, tx::pollTargetFrontier);
        assertTrue(e.getMessage().contains("n2 is down"), e.getMessage());

        c.faults().restart("n2");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Health.HEALTHY, node(c.status(), "n2").health());
    }

    @Test
    void aPartitionStopsReplicationAndHealingCatchesUp() throws Exception {
        SimCluster c = start("healthy");
        c.faults().partition("n3");
        long received = node(c.status(), "n3").lsn();
        clock.advance(Duration.ofSeconds(2));
        NodeStatus cut = node(c.status(), "n3");
        assertEquals(Health.UNREACHABLE, cut.health());
        assertEquals(received, cut.lsn(), "nothing arrives over a cut link");
        FailoverTransport tx = c.uncheckedTransport("n3", Duration.ofMillis(100));
        assertThrows(TransportException.class, () -> tx.awaitTargetFrontier(Long.MAX_VALUE, Duration.ofSeconds(1)));

        c.faults().heal("n3");
        clock.advance(Duration.ofSeconds(1));
        NodeStatus healed = node(c.status(), "n3");
        assertEquals(Health.HEALTHY, healed.health());
        assertTrue(healed.lagLsn() < 20_000, "lag " + healed.lagLsn());
    }

    @Test
    void freezeStopsWritesAndReturnsTheFrontierThatTheTargetThenReaches() throws Exception {
        SimCluster c = start("healthy");
        FailoverTransport tx = c.uncheckedTransport("n2", Duration.ofMillis(100));
        long frontier = tx.freezePrimary();
        assertEquals(node(c.status(), "n1").lsn(), frontier);
        assertFalse(c.acceptsWrites("n1"));
        long acked = c.acknowledgedWrites();
        long reached = tx.awaitTargetFrontier(frontier, Duration.ofSeconds(1));
        assertEquals(frontier, reached);
        assertTrue(tx.elapsed().compareTo(Duration.ofMillis(100)) < 0, "a long poll returns early: " + tx.elapsed());
        assertEquals(acked, c.acknowledgedWrites(), "no write acknowledged while frozen");
        // The load does not stop for a freeze: a frozen second turns away the scenario's 250 writes.
        long rejected = c.rejectedWrites();
        clock.advance(Duration.ofSeconds(1));
        assertEquals(acked, c.acknowledgedWrites(), "still none acknowledged a second later");
        assertEquals(rejected + 250, c.rejectedWrites(), "250 writes a second, all rejected while frozen");
        assertFalse(c.clientWrite("n1", 7, 600), "a client's write is refused too");
        assertEquals(rejected + 251, c.rejectedWrites());
        assertEquals(Health.DEGRADED, node(c.status(), "n1").health());
        tx.renewFreezeLease();
        tx.resumePrimary();
        assertTrue(c.acceptsWrites("n1"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(acked + 250, c.acknowledgedWrites(), "resumed: the load is acknowledged again");
        assertEquals(rejected + 251, c.rejectedWrites(), "and nothing more is turned away");
    }

    @Test
    void aFailingFreezeChangesNothing() throws Exception {
        SimCluster c = start("healthy");
        c.faults().failNextFreeze();
        FailoverTransport tx = c.uncheckedTransport("n2", Duration.ofMillis(100));
        assertThrows(TransportException.class, tx::freezePrimary);
        assertTrue(c.acceptsWrites("n1"));
        assertFalse(c.invariants().leftFrozen());
        assertTrue(tx.freezePrimary() > 0, "the fault fires once");
    }

    @Test
    void pollSleepsOneIntervalAndReturnsTheDurableFrontier() throws Exception {
        SimCluster c = start("lagging-replica");
        FailoverTransport tx = c.uncheckedTransport("n3", Duration.ofMillis(250));
        long first = tx.pollTargetFrontier();
        long second = tx.pollTargetFrontier();
        assertEquals(Duration.ofMillis(500), tx.elapsed());
        assertEquals(100_000, second - first, 2_000, "400 kB/s for 250ms");
        assertEquals(node(c.status(), "n3").durableLsn(), second);
    }

    @Test
    void commitSwapsRolesRepointsReplicasAndMovesTheLoad() throws Exception {
        SimCluster c = start("healthy");
        FailoverTransport tx = c.uncheckedTransport("n2", Duration.ofMillis(100));
        long frontier = tx.freezePrimary();
        tx.awaitTargetFrontier(frontier, Duration.ofSeconds(1));
        tx.commitHandover(8);

        ClusterSnapshot s = c.status();
        assertEquals(new NodeRole.Primary(8), node(s, "n2").role());
        assertEquals(new NodeRole.Replica("10.0.1.2:5432", 8), node(s, "n1").role());
        assertEquals(new NodeRole.Replica("10.0.1.2:5432", 8), node(s, "n3").role());
        assertEquals("n2", c.primaryId());
        long lsn = node(s, "n2").lsn();
        clock.advance(Duration.ofSeconds(1));
        ClusterSnapshot later = c.status();
        assertTrue(node(later, "n2").lsn() > lsn, "the load follows the new primary");
        assertTrue(node(later, "n1").durableLsn() > frontier, "the old primary streams from the new one");

        InvariantReport inv = c.invariants();
        assertEquals(0, inv.lostWrites());
        assertEquals(1, inv.primariesPerTerm().get(7L));
        assertEquals(1, inv.primariesPerTerm().get(8L));
        assertFalse(inv.leftFrozen());
        assertTrue(inv.holds());
    }

    @Test
    void termFencingRejectsWritesUnderAnOldTerm() throws Exception {
        SimCluster c = start("healthy");
        assertTrue(c.clientWrite("n1", 7, 100));
        FailoverTransport tx = c.uncheckedTransport("n2", Duration.ofMillis(100));
        long frontier = tx.freezePrimary();
        tx.awaitTargetFrontier(frontier, Duration.ofSeconds(1));
        tx.commitHandover(8);

        assertFalse(c.clientWrite("n1", 7, 100), "the old primary is a replica now");
        assertFalse(c.clientWrite("n2", 7, 100), "the new primary refuses the old term");
        assertTrue(c.clientWrite("n2", 8, 100));
        assertFalse(c.acceptsWrites("n1"));
        assertTrue(c.acceptsWrites("n2"));

        // A second handover may not reuse or lower the term.
        FailoverTransport back = c.uncheckedTransport("n1", Duration.ofMillis(100));
        long f2 = back.freezePrimary();
        back.awaitTargetFrontier(f2, Duration.ofSeconds(1));
        TransportException e = assertThrows(TransportException.class, () -> back.commitHandover(8));
        assertTrue(e.getMessage().contains("term fencing"), e.getMessage());
        assertEquals("n2", c.primaryId());
    }

    @Test
    void aForcedCommitLosesExactlyTheAcknowledgedWritesBeyondReached() throws Exception {
        SimCluster c = start("stalled-replica");
        FailoverTransport tx = c.uncheckedTransport("n2", Duration.ofMillis(100));
        long frontier = tx.freezePrimary();
        long reached = tx.pollTargetFrontier();
        assertTrue(reached < frontier);
        long inRange = c.acknowledgedWritesBetween(reached, frontier);
        assertTrue(inRange > 0);
        tx.commitHandover(8);
        assertEquals(inRange, c.invariants().lostWrites());
        assertEquals(reached, node(c.status(), "n2").lsn(), "the new primary starts at reached");
    }

    @Test
    void aLapsedFreezeLeaseResumesWritesAndALaterCommitFails() throws Exception {
        SimCluster c = start("stalled-replica");
        c.setFreezeLease(Duration.ofSeconds(2));
        FailoverTransport tx = c.uncheckedTransport("n2", Duration.ofMillis(100));
        tx.freezePrimary();
        clock.advance(Duration.ofMillis(1500));
        tx.renewFreezeLease();
        clock.advance(Duration.ofMillis(1500));
        assertFalse(c.acceptsWrites("n1"), "renewed: still frozen 3s after the freeze");
        clock.advance(Duration.ofMillis(600));
        assertTrue(c.acceptsWrites("n1"), "the lease lapsed: the primary takes writes on its own");
        assertFalse(c.invariants().leftFrozen());
        assertTrue(c.notes().stream().anyMatch(n -> n.text().contains("lease on n1 lapsed")));

        TransportException renew = assertThrows(TransportException.class, tx::renewFreezeLease);
        assertTrue(renew.getMessage().contains("lapsed"), renew.getMessage());
        TransportException commit = assertThrows(TransportException.class, () -> tx.commitHandover(8));
        assertTrue(commit.getMessage().contains("refusing to commit"), commit.getMessage());
        assertEquals("n1", c.primaryId());
        assertEquals(0, c.invariants().lostWrites());
        tx.resumePrimary(); // harmless: writes already flow
        assertTrue(c.acceptsWrites("n1"));
    }

    @Test
    void injectedCommitAndResumeFailuresChangeNothing() throws Exception {
        SimCluster c = start("healthy");
        FailoverTransport tx = c.uncheckedTransport("n2", Duration.ofMillis(100));
        tx.freezePrimary();
        c.faults().failNextCommit();
        assertThrows(TransportException.class, () -> tx.commitHandover(8));
        assertEquals("n1", c.primaryId());
        assertTrue(c.invariants().leftFrozen(), "a failed commit leaves the freeze for a human to judge");
        c.faults().failNextResume();
        assertThrows(TransportException.class, tx::resumePrimary);
        assertTrue(c.invariants().leftFrozen());
        tx.resumePrimary();
        assertFalse(c.invariants().leftFrozen());
        c.faults().failNextPoll();
        assertThrows(TransportException.class, tx::pollTargetFrontier);
    }

    @Test
    void aWriteSpikeMultipliesTheLoadForAWhile() throws Exception {
        SimCluster c = start("healthy");
        long before = c.acknowledgedWrites();
        c.faults().writeSpike(4, Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        long during = c.acknowledgedWrites() - before;
        clock.advance(Duration.ofSeconds(1));
        long after = c.acknowledgedWrites() - before - during;
        assertEquals(1000, during, 5);
        assertEquals(250, after, 5);
    }

    @Test
    void scriptedFaultsFireAtTheirTimeCountedFromTheRunStart() throws Exception {
        SimCluster c = start("target-crash");
        clock.advance(Duration.ofSeconds(5));
        assertFalse(node(c.status(), "n2").health() == Health.UNREACHABLE, "nothing fires before a run starts");
        assertTrue(c.runStart().isEmpty());
        assertTrue(c.notes().stream().noneMatch(n -> n.text().contains("crash")));
        c.uncheckedTransport("n2", Duration.ofMillis(100));
        Duration start = c.runStart().orElseThrow();
        clock.advance(Duration.ofMillis(1490));
        assertTrue(c.acceptsWrites("n1"));
        assertFalse(node(c.status(), "n2").health() == Health.UNREACHABLE);
        clock.advance(Duration.ofMillis(20));
        assertEquals(Health.UNREACHABLE, node(c.status(), "n2").health());
        SimNote note = c.notes().stream().filter(n -> n.text().contains("crash n2")).findFirst().orElseThrow();
        assertEquals(start.plusMillis(1500), note.at());
    }

    @Test
    void transportsAreRefusedForUnknownTargetsAndThePrimary() throws Exception {
        SimCluster c = start("healthy");
        ClusterException unknown = assertThrows(ClusterException.class, () -> c.uncheckedTransport("n9", Duration.ofMillis(100)));
        assertTrue(unknown.getMessage().contains("n9") && unknown.getMessage().contains("n1, n2, n3"));
        assertThrows(ClusterException.class, () -> c.uncheckedTransport("n1", Duration.ofMillis(100)));
        assertThrows(ClusterException.class, () -> c.uncheckedTransport("n2", Duration.ZERO));
        c.close();
        assertThrows(ClusterException.class, c::status);
    }

    @Test
    void anInconsistentScenarioDoesNotStart() {
        Scenario s = new Scenario("twin", "t", "b", List.of(
                new NodeSpec("n1", "a1", "r", NodeSpec.Role.PRIMARY, 1, 1e6, Duration.ZERO, 0, false),
                new NodeSpec("n1", "a2", "r", NodeSpec.Role.REPLICA, 1, 1e6, Duration.ZERO, 0, false)),
                new WriteLoad(10, 100, 0, Optional.empty()), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimCluster.start(s, 1, clock));
        assertTrue(e.getMessage().contains("nodes[1].id"), e.getMessage());
    }
}
