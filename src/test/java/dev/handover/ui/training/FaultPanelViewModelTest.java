package dev.handover.ui.training;

import dev.handover.ui.ClusterSwitcher;
import dev.handover.cluster.Health;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.FakeCluster;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.concurrent.ManualExecutor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fault panel without a stage: node chooser, injections into the simulator, a real cluster refused. */
class FaultPanelViewModelTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final List<String> log = new ArrayList<>();

    @Test
    void aStallInjectedFromThePanelStopsTheReplicaApplying() throws Exception {
        VirtualClock clock = new VirtualClock();
        SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 1, clock);
        FaultPanelViewModel vm = new FaultPanelViewModel(ClusterSwitcher.around(sim), executor, FxRelay.direct(),
                (text, failed) -> log.add((failed ? "FAILED " : "") + text));
        vm.update(sim.status());
        assertEquals(List.of("n1", "n2", "n3"), vm.nodes());
        assertEquals("n2", vm.nodeProperty().get(), "the first replica is offered first");
        assertTrue(vm.availableProperty().get());

        vm.inject(FaultAction.STALL);
        executor.runPending();
        clock.advance(Duration.ofSeconds(5));

        var n2 = sim.status().node("n2").orElseThrow();
        assertEquals(Health.DEGRADED, n2.health(), n2.toString());
        assertTrue(log.get(0).startsWith("Fault injected at sim "), log.toString());
        assertTrue(log.get(0).endsWith(": stall n2"), log.toString());
        assertEquals(log.get(0), vm.lastInjectedProperty().get());

        vm.inject(FaultAction.UNSTALL);
        vm.spikeFactorProperty().set(10.0);
        vm.spike();
        executor.runPending();
        assertTrue(log.get(1).endsWith(": unstall n2"), log.toString());
        assertTrue(log.get(2).endsWith(": write load ×10 for 10s"), log.toString());
    }

    @Test
    void aRealClusterDisablesThePanelAndSaysWhy() throws Exception {
        FakeCluster real = new FakeCluster(1000).primary("n1", "eu").replica("n2", "eu", 0, 0);
        FaultPanelViewModel vm = new FaultPanelViewModel(ClusterSwitcher.around(real), executor, FxRelay.direct(),
                (text, failed) -> log.add(text));
        vm.update(real.status());

        assertFalse(vm.availableProperty().get());
        assertEquals("Faults can only be injected into a simulated cluster; " + real.name() + " is real.",
                vm.unavailableReasonProperty().get());
        vm.inject(FaultAction.CRASH);
        assertEquals(0, executor.pendingCount());
        assertEquals(List.of(vm.unavailableReasonProperty().get()), log);
    }

    @Test
    void aNodeTheClusterNoLongerHasIsLoggedAsAFailure() throws Exception {
        SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 1, new VirtualClock());
        FaultPanelViewModel vm = new FaultPanelViewModel(ClusterSwitcher.around(sim), executor, FxRelay.direct(),
                (text, failed) -> log.add((failed ? "FAILED " : "") + text));
        vm.update(sim.status());
        // A status from before a switch may still list a node the cluster now on screen does not have.
        vm.nodeProperty().set("n9");

        vm.inject(FaultAction.PARTITION);
        executor.runPending();

        assertEquals(List.of("FAILED Could not inject \"partition n9\": unknown node \"n9\"; nodes of sim:healthy: n1, n2, n3"),
                log);
        assertTrue(sim.simulation().orElseThrow().faultsSince(Duration.ZERO).isEmpty(), "nothing was injected");
    }
}
