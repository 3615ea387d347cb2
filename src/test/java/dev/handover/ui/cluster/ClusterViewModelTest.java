package dev.handover.ui.cluster;

import dev.handover.ui.FakeCluster;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.concurrent.ManualExecutor;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterViewModelTest {

    @Test
    void eachRefreshBringsTheRowsWithThePrimaryMarked() {
        FakeCluster cluster = new FakeCluster(5000).primary("n1", "eu").replica("n2", "eu", 20, 10);
        ManualExecutor executor = new ManualExecutor();
        ClusterViewModel vm = new ClusterViewModel(cluster, executor, FxRelay.direct());
        vm.start(Duration.ofMillis(250));
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
    void aFailedStatusKeepsTheLastRowsAndSaysWhy() {
        FakeCluster cluster = new FakeCluster(5000).primary("n1", "eu").replica("n2", "eu", 20, 10);
        ManualExecutor executor = new ManualExecutor();
        ClusterViewModel vm = new ClusterViewModel(cluster, executor, FxRelay.direct());
        vm.start(Duration.ofMillis(250));
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
        ManualExecutor executor = new ManualExecutor();
        ClusterViewModel vm = new ClusterViewModel(cluster, executor, FxRelay.direct());
        vm.start(Duration.ofMillis(250));
        vm.stop();
        executor.tick();
        assertFalse(vm.loadedProperty().get());
    }
}
