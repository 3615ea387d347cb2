package dev.handover.ui.cluster;

import dev.handover.cluster.ClientRouter;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.FailoverNode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.NodeRole;
import dev.handover.postgres.PgPositions;
import dev.handover.ui.FakeCluster;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.concurrent.ManualExecutor;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterViewModelTest {
    private final ManualExecutor executor = new ManualExecutor();

    /** A view model on {@code cluster}, refreshing every 250 ms on the manual executor (nothing ran yet). */
    private ClusterViewModel started(ClusterConnection cluster) {
        ClusterViewModel vm = new ClusterViewModel(cluster, executor, FxRelay.direct());
        vm.start(Duration.ofMillis(250));
        return vm;
    }


    @Test
    void eachRefreshBringsTheRowsWithThePrimaryMarked() {
        FakeCluster cluster = new FakeCluster(5000).primary("n1", "eu").replica("n2", "eu", 20, 10);
        ClusterViewModel vm = started(cluster);
        assertFalse(vm.loadedProperty().get());

        executor.tick();

        assertTrue(vm.loadedProperty().get());
        assertEquals(2, vm.rows().size());
        NodeRow primary = vm.rows().get(0);
        assertTrue(primary.primary());
        assertEquals("PRIMARY", primary.role());
        assertEquals(1, primary.term());
        NodeRow replica = vm.rows().get(1);
        assertEquals("replica of n1", replica.role());
        assertEquals(20, replica.lagLsn());
        assertEquals("healthy", replica.health());
    }

    @Test
    void aPostgresSnapshotShowsPositionsAsPostgresWritesThem() {
        // 0x4009D88 and a replica 4,108,463 bytes behind it.
        FakeCluster cluster = new FakeCluster(0x4009D88L).primary("pg1", "eu").replica("pg2", "eu", 4_108_463, 0)
                .writingPositions(PgPositions.INSTANCE);
        ClusterViewModel vm = started(cluster);
        executor.tick();

        NodeRow primary = vm.rows().get(0);
        NodeRow replica = vm.rows().get(1);
        assertEquals("0/4009D88", primary.lsnText());
        assertEquals("0/4009D88", primary.durableLsnText());
        assertEquals("—", primary.behindText());
        assertEquals("0/3C1ECD9", replica.durableLsnText());
        assertEquals(0x3C1ECD9L, replica.durableLsn(), "the number stays a number, for sorting");
        assertEquals("3.9 MB", replica.behindText());
        assertEquals("4,108,463 bytes (3.9 MB)", replica.lineProperty().get().behindInFull());
        assertTrue(replica.lsnProperty().get().compareTo(primary.lsnProperty().get()) < 0, "sorted by position, not text");
    }

    @Test
    void theRoutersInFrontOfTheNodesAreShownAndAPausedOneIsMarked() {
        ClientRouter.Route toN1 = new ClientRouter.Route("app", java.util.Optional.of("n1"), "n1 (10.0.0.1:5432)", false, true);
        FakeCluster cluster = new FakeCluster(5000).primary("n1", "eu").replica("n2", "eu", 20, 10);
        ClusterViewModel vm = started(cluster);
        executor.tick();
        assertEquals("", vm.routersProperty().get(), "nothing in front of the nodes, nothing shown");
        assertFalse(vm.clientsHeldProperty().get());

        cluster.routedBy(List.of(new ClientRouter("PgBouncer", "pgb1", "10.0.0.5:6432", List.of(toN1), java.util.Optional.empty())));
        executor.tick();
        assertEquals("PgBouncer pgb1 (10.0.0.5:6432): app -> n1 (10.0.0.1:5432), taking clients", vm.routersProperty().get());
        assertFalse(vm.clientsHeldProperty().get());

        ClientRouter.Route held = new ClientRouter.Route("app", java.util.Optional.of("n1"), "n1 (10.0.0.1:5432)", true, true);
        cluster.routedBy(List.of(new ClientRouter("PgBouncer", "pgb1", "10.0.0.5:6432", List.of(held), java.util.Optional.empty()),
                new ClientRouter("PgBouncer", "pgb2", "10.0.0.6:6432", List.of(), java.util.Optional.of("connection refused"))));
        executor.tick();
        assertEquals("PgBouncer pgb1 (10.0.0.5:6432): app -> n1 (10.0.0.1:5432), PAUSED: its clients wait\n"
                + "PgBouncer pgb2 (10.0.0.6:6432): cannot be read: connection refused", vm.routersProperty().get());
        assertTrue(vm.clientsHeldProperty().get());
    }

    @Test
    void aFailedStatusKeepsTheLastRowsAndSaysWhy() {
        FakeCluster cluster = new FakeCluster(5000).primary("n1", "eu").replica("n2", "eu", 20, 10);
        ClusterViewModel vm = started(cluster);
        executor.tick();

        cluster.failStatus(true);
        executor.tick();

        assertEquals(2, vm.rows().size());
        assertEquals("cluster status failed: fake: status refused", vm.errorProperty().get());

        cluster.failStatus(false);
        executor.tick();
        assertEquals("", vm.errorProperty().get());
    }

    @Test
    void stopEndsTheRefreshes() {
        FakeCluster cluster = new FakeCluster(5000).primary("n1", "eu");
        ClusterViewModel vm = started(cluster);
        vm.stop();
        executor.tick();
        assertFalse(vm.loadedProperty().get());
    }

    @Test
    void aRefreshOfTheSameNodesUpdatesTheSameRowsInPlace() {
        Scripted cluster = new Scripted(primary("n1", 1, 5000), replica("n2", "n1", 1, 4980, 20, Health.HEALTHY));
        ClusterViewModel vm = started(cluster);
        executor.tick();
        NodeRow n1 = vm.rows().get(0);
        NodeRow n2 = vm.rows().get(1);
        List<String> listChanges = new ArrayList<>();
        vm.rows().addListener((ListChangeListener<NodeRow>) c -> listChanges.add(c.toString()));
        List<Object> lsnSeen = new ArrayList<>();
        n2.lsnProperty().addListener((o, was, now) -> lsnSeen.add(now));
        List<Object> roleSeen = new ArrayList<>();
        n2.roleProperty().addListener((o, was, now) -> roleSeen.add(now));

        cluster.now(primary("n1", 1, 6000), replica("n2", "n1", 1, 5990, 10, Health.DEGRADED));
        executor.tick();

        assertEquals(List.of(), listChanges);
        assertSame(n1, vm.rows().get(0));
        assertSame(n2, vm.rows().get(1));
        assertEquals(6000, n1.lsn());
        assertEquals(5990, n2.lsn());
        assertEquals(10, n2.lagLsn());
        assertEquals("degraded: stalled", n2.health());
        assertFalse(n2.healthy());
        assertEquals(List.of(new PositionText(5990, "5,990")), lsnSeen);
        assertEquals("5,990", n2.lsnText());
        assertEquals("10 LSN", n2.behindText());
        assertEquals(List.of(), roleSeen, "an unchanged field does not notify its cell");
    }

    @Test
    void aNodeThatJoinsGetsANewRowAndOneThatLeavesLosesItsRow() {
        Scripted cluster = new Scripted(primary("n1", 1, 5000), replica("n2", "n1", 1, 5000, 0, Health.HEALTHY));
        ClusterViewModel vm = started(cluster);
        executor.tick();
        NodeRow n1 = vm.rows().get(0);

        cluster.now(primary("n1", 1, 5000), replica("n3", "n1", 1, 4000, 1000, Health.HEALTHY));
        executor.tick();

        assertEquals(List.of("n1", "n3"), vm.rows().stream().map(NodeRow::id).toList());
        assertSame(n1, vm.rows().get(0));
        assertEquals("replica of n1", vm.rows().get(1).role());
        assertEquals(1000, vm.rows().get(1).lagLsn());
    }

    @Test
    void rowsReorderedByTheTableKeepTheirOrderAndFollowTheirNodeThroughAHandover() {
        Scripted cluster = new Scripted(primary("n1", 1, 5000), replica("n2", "n1", 1, 5000, 0, Health.HEALTHY));
        ClusterViewModel vm = started(cluster);
        executor.tick();
        NodeRow n1 = vm.rows().get(0);
        NodeRow n2 = vm.rows().get(1);
        vm.rows().setAll(n2, n1); // as a click on a column header sorts the table's items

        cluster.now(replica("n1", "n2", 2, 5000, 0, Health.HEALTHY), primary("n2", 2, 5000));
        executor.tick();

        assertSame(n2, vm.rows().get(0));
        assertSame(n1, vm.rows().get(1));
        assertTrue(n2.primary());
        assertEquals("PRIMARY", n2.role());
        assertEquals(2, n2.term());
        assertFalse(n1.primary());
        assertEquals("replica of n2", n1.role());
    }

    private static NodeStatus primary(String id, long term, long lsn) {
        return new NodeStatus(new FailoverNode(id, id + ":5432", "eu"), new NodeRole.Primary(term), lsn, lsn, 0,
                Duration.ZERO, 0, Health.HEALTHY, "");
    }

    private static NodeStatus replica(String id, String primaryId, long term, long lsn, long lag, Health health) {
        return new NodeStatus(new FailoverNode(id, id + ":5432", "eu"), new NodeRole.Replica(primaryId + ":5432", term),
                lsn, lsn, lag, Duration.ofMillis(lag), 1000, health, health == Health.HEALTHY ? "" : "stalled");
    }

    /** A cluster whose next status is whatever the test said last. */
    private static final class Scripted implements ClusterConnection {
        private List<NodeStatus> nodes;

        Scripted(NodeStatus... nodes) {
            now(nodes);
        }

        void now(NodeStatus... next) {
            nodes = List.of(next);
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public ClusterSnapshot status() {
            return new ClusterSnapshot(nodes);
        }

        @Override
        public FailoverTransport transportFor(FailoverRequest request, Duration pollInterval) {
            throw new UnsupportedOperationException("the cluster table never hands over");
        }

        @Override
        public void close() {
        }
    }

    /** Two writable nodes raise the banner naming both; one writer again lowers it. */
    @Test
    void aSplitBrainRaisesTheBannerNamingTheWritableNodesAndOneWriterLowersIt() {
        FakeCluster cluster = new FakeCluster(5000).primary("n1", "eu").replica("n2", "eu", 0, 10).replica("n3", "eu", 0, 10)
                .writable("n1");
        ClusterViewModel vm = started(cluster);
        executor.tick();
        assertEquals("", vm.splitBrainProperty().get());

        cluster.writable("n1", "n3");
        executor.tick();
        String banner = vm.splitBrainProperty().get();
        assertTrue(banner.startsWith("SPLIT BRAIN: n1 and n3 all take writes"), banner);

        cluster.failStatus(true);
        executor.tick();
        assertEquals(banner, vm.splitBrainProperty().get(), "a failed refresh keeps the last two writers shown");

        cluster.failStatus(false);
        cluster.writable("n1");
        executor.tick();
        assertEquals("", vm.splitBrainProperty().get());
    }
}
