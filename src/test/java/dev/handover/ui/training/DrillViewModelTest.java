package dev.handover.ui.training;

import dev.handover.ui.ClusterSwitcher;
import dev.handover.app.Installed;
import dev.handover.cluster.Backends;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.Simulation;
import dev.handover.sim.RealTimeClock;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.FakeCluster;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.concurrent.ManualExecutor;
import javafx.beans.property.SimpleBooleanProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The drill without a stage: scenario switching, refusals, bad files, speed and pause. */
class DrillViewModelTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final List<String> notices = new ArrayList<>();
    private final SimpleBooleanProperty running = new SimpleBooleanProperty(false);

    private DrillViewModel drill(ClusterSwitcher cluster) {
        DrillViewModel vm = new DrillViewModel(cluster, Installed.backends(), executor, FxRelay.direct(), running, notices::add);
        vm.loadCatalogue();
        executor.runPending();
        return vm;
    }

    @Test
    void theCatalogueListsEveryBuiltInScenarioWithItsTitle() throws Exception {
        DrillViewModel vm = drill(ClusterSwitcher.around(SimCluster.start(Scenarios.builtIn("healthy"), 1, new RealTimeClock(1))));
        assertEquals(Scenarios.builtInNames(), vm.scenarios().stream().map(ScenarioChoice::name).toList());
        assertEquals(Scenarios.builtIn("stalled-replica").title(), vm.scenarios().stream()
                .filter(c -> c.name().equals("stalled-replica")).findFirst().orElseThrow().title());
        assertEquals("healthy", vm.currentProperty().get().name());
        assertEquals(Scenarios.builtIn("healthy").briefing(), vm.briefingProperty().get());
    }

    @Test
    void pickingAScenarioSwitchesTheClusterKeepingSpeedAndSeed() throws Exception {
        SimCluster first = SimCluster.start(Scenarios.builtIn("healthy"), 42, new RealTimeClock(1));
        ClusterSwitcher cluster = ClusterSwitcher.around(first);
        DrillViewModel vm = drill(cluster);
        List<String> switched = new ArrayList<>();
        vm.setOnSwitched(() -> switched.add(cluster.name()));
        vm.setSpeed(5);

        vm.pick("stalled-replica");
        assertTrue(vm.switchingProperty().get());
        executor.runPending();

        assertEquals("sim:stalled-replica", cluster.name());
        assertEquals(List.of("sim:stalled-replica"), switched);
        assertEquals("stalled-replica", vm.currentProperty().get().name());
        assertEquals(Scenarios.builtIn("stalled-replica").briefing(), vm.briefingProperty().get());
        assertEquals("built in", vm.sourceProperty().get());
        var now = cluster.simulation().orElseThrow();
        assertEquals(42, now.seed());
        assertEquals(5.0, now.clockControls().orElseThrow().speed());
        assertFalse(vm.switchingProperty().get());
        assertEquals(List.of(), notices);
    }

    @Test
    void aBrokenFileNamesFileAndFieldAndTheClusterStays(@TempDir Path dir) throws Exception {
        SimCluster first = SimCluster.start(Scenarios.builtIn("healthy"), 1, new RealTimeClock(1));
        ClusterSwitcher cluster = ClusterSwitcher.around(first);
        DrillViewModel vm = drill(cluster);
        Path broken = Files.writeString(dir.resolve("my-drill.json"), "{\"name\": \"x\", \"title\": \"t\", \"nodes\": 3}");

        vm.open(broken);
        executor.runPending();

        assertSame(first, cluster.current(), "the running cluster is untouched");
        assertEquals(1, notices.size());
        String message = notices.get(0);
        assertTrue(message.startsWith("Could not open scenario file " + broken), message);
        assertTrue(message.contains("my-drill.json"), message);
        assertTrue(message.contains("nodes"), message);
        assertTrue(message.endsWith("Still on sim:healthy; nothing changed."), message);
        assertEquals("healthy", vm.currentProperty().get().name());
    }

    @Test
    void noSwitchWhileARunIsInProgress() throws Exception {
        SimCluster first = SimCluster.start(Scenarios.builtIn("healthy"), 1, new RealTimeClock(1));
        ClusterSwitcher cluster = ClusterSwitcher.around(first);
        DrillViewModel vm = drill(cluster);
        running.set(true);

        vm.pick("lagging-replica");

        assertEquals(0, executor.pendingCount(), "nothing was even loaded");
        assertSame(first, cluster.current());
        assertEquals(List.of("A run is in progress: let it finish (or abort it) before switching to scenario lagging-replica."),
                notices);
    }

    @Test
    void aRunThatStartsWhileTheScenarioLoadsKeepsTheOldCluster() throws Exception {
        SimCluster first = SimCluster.start(Scenarios.builtIn("healthy"), 1, new RealTimeClock(1));
        ClusterSwitcher cluster = ClusterSwitcher.around(first);
        DrillViewModel vm = drill(cluster);

        vm.pick("lagging-replica");
        running.set(true);
        executor.runPending();

        assertSame(first, cluster.current());
        assertEquals(List.of("A run started meanwhile: stayed on sim:healthy."), notices);
    }

    @Test
    void pauseStopsSimulatedTimeAndResumeRestartsIt() throws Exception {
        RealTimeClock clock = new RealTimeClock(20);
        DrillViewModel vm = drill(ClusterSwitcher.around(SimCluster.start(Scenarios.builtIn("healthy"), 1, clock)));
        assertTrue(vm.timeControllableProperty().get());

        vm.pause();
        Duration paused = clock.now();
        assertTrue(clock.isPaused());
        assertTrue(vm.pausedProperty().get());
        assertTrue(vm.clockTextProperty().get().endsWith("PAUSED"), vm.clockTextProperty().get());
        assertEquals(paused, clock.now(), "a paused clock stands still");

        vm.togglePause();
        assertFalse(clock.isPaused());
        assertTrue(vm.clockTextProperty().get().endsWith("20×"), vm.clockTextProperty().get());

        vm.setSpeed(1);
        assertEquals(1.0, clock.speed());
        assertEquals(1.0, vm.speedProperty().get());
    }

    @Test
    void aVirtualClockOrARealClusterDisablesTheTimeControlsWithAReason() throws Exception {
        DrillViewModel virtual = drill(ClusterSwitcher.around(SimCluster.start(Scenarios.builtIn("healthy"), 1, new VirtualClock())));
        assertFalse(virtual.timeControllableProperty().get());
        assertEquals("Virtual clock: time moves only with the run.", virtual.timeReasonProperty().get());

        DrillViewModel real = drill(ClusterSwitcher.around(new FakeCluster(1000).primary("n1", "eu").replica("n2", "eu", 0, 0)));
        assertFalse(real.simulatedProperty().get());
        assertFalse(real.timeControllableProperty().get());
        assertEquals("Time is real on a real cluster.", real.timeReasonProperty().get());
    }

    @Test
    void nowSaysWhenThePrimaryRoleHasMovedSinceTheScenarioBegan() throws Exception {
        ClusterSnapshot s = new FakeCluster(1000).primary("n1", "eu").replica("n2", "eu", 0, 0).status();
        long term = s.primary().orElseThrow().role().term();

        String same = BriefingNow.text(s, Optional.of(new Simulation.Primary("n1", term)));
        assertEquals("Now: n1 is primary under term " + term + ", replicas n2.", same);

        String moved = BriefingNow.text(s, Optional.of(new Simulation.Primary("n2", term - 1)));
        assertTrue(moved.endsWith(" Since the scenario began (n2 primary under term " + (term - 1)
                + ") the primary role has moved: the briefing below describes the cluster as the scenario began."), moved);
        assertEquals(same, BriefingNow.text(s, Optional.empty()), "a real cluster has no scenario to compare with");
    }

    @Test
    void aRegistryWithoutASimulatorOffersNoScenariosAndRefusesOneByName() throws Exception {
        FakeCluster real = new FakeCluster(1000).primary("n1", "eu").replica("n2", "eu", 0, 0);
        ClusterSwitcher cluster = ClusterSwitcher.around(real);
        Backends realOnly = new Backends(Installed.backends().all().stream().filter(b -> !b.simulated()).toList());
        DrillViewModel vm = new DrillViewModel(cluster, realOnly, executor, FxRelay.direct(), running, notices::add);
        vm.loadCatalogue();
        executor.runPending();
        assertEquals(List.of(), vm.scenarios());

        vm.backToSimulation();
        executor.runPending();

        assertSame(real, cluster.current());
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).startsWith("Could not open scenario healthy: no simulator is installed"), notices.get(0));
    }
}
