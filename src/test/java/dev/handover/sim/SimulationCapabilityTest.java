package dev.handover.sim;

import dev.handover.app.Installed;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.Health;
import dev.handover.cluster.InjectedFault;
import dev.handover.cluster.InjectedFault.NodeFault;
import dev.handover.cluster.OpenOptions;
import dev.handover.cluster.Simulation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the training controls drive, through the {@link Simulation} capability alone: briefing, faults, clock. */
class SimulationCapabilityTest {

    @Test
    void theBriefingIsTheScenariosWithThePrimaryItBeganWith() throws Exception {
        Scenario scenario = Scenarios.builtIn("stalled-replica");
        try (ClusterConnection c = Installed.backends().parse("sim:stalled-replica").open(OpenOptions.virtualTime(1))) {
            Simulation.Briefing b = c.simulation().orElseThrow().briefing();
            assertEquals(new Simulation.Briefing(scenario.name(), scenario.title(), scenario.briefing(),
                    new Simulation.Primary(scenario.primary().id(), scenario.primary().term())), b);
        }
    }

    @Test
    void anInjectedFaultActsOnTheNodeAndIsListedAmongTheFaults() throws Exception {
        VirtualClock clock = new VirtualClock();
        try (SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 1, clock)) {
            Simulation simulation = sim.simulation().orElseThrow();
            clock.advance(Duration.ofSeconds(1));

            simulation.inject(new InjectedFault.OnNode(NodeFault.CRASH, "n3"));
            simulation.inject(new InjectedFault.WriteSpike(5, Duration.ofSeconds(10)));
            clock.advance(Duration.ofSeconds(1));

            assertEquals(Health.UNREACHABLE, sim.status().node("n3").orElseThrow().health());
            assertEquals(List.of(new Simulation.Fault(Duration.ofSeconds(1), "fault: crash n3"),
                    new Simulation.Fault(Duration.ofSeconds(1), "fault: write load ×5.0 for 10s")),
                    simulation.faultsSince(Duration.ZERO));

            simulation.inject(new InjectedFault.OnNode(NodeFault.RESTART, "n3"));
            clock.advance(Duration.ofSeconds(1));
            assertTrue(sim.status().node("n3").orElseThrow().answered());
        }
    }

    @Test
    void anUnknownNodeIsRefusedWithTheNodesThereAre() throws Exception {
        try (SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 1, new VirtualClock())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> sim.simulation().orElseThrow().inject(new InjectedFault.OnNode(NodeFault.STALL, "n9")));
            assertEquals("unknown node \"n9\"; nodes of sim:healthy: n1, n2, n3", e.getMessage());
        }
    }

    @Test
    void faultsReadInTheTraineesWords() {
        assertEquals("partition n2", new InjectedFault.OnNode(NodeFault.PARTITION, "n2").describe());
        assertEquals("write load ×2.5 for 30s", new InjectedFault.WriteSpike(2.5, Duration.ofSeconds(30)).describe());
        assertThrows(IllegalArgumentException.class, () -> new InjectedFault.WriteSpike(-1, Duration.ofSeconds(1)));
    }

    @Test
    void onlyARealTimeClockHasSpeedAndPause() throws Exception {
        try (SimCluster virtual = SimCluster.start(Scenarios.builtIn("healthy"), 1, new VirtualClock())) {
            assertTrue(virtual.simulation().orElseThrow().clockControls().isEmpty());
        }
        RealTimeClock clock = new RealTimeClock(5);
        try (SimCluster real = SimCluster.start(Scenarios.builtIn("healthy"), 1, clock)) {
            var controls = real.simulation().orElseThrow().clockControls().orElseThrow();
            assertEquals(5.0, controls.speed());
            controls.pause();
            assertTrue(clock.isPaused());
            Duration stood = real.simulation().orElseThrow().now();
            assertEquals(stood, clock.now(), "a paused clock stands still");
            controls.setSpeed(20);
            controls.resume();
            assertFalse(controls.isPaused());
            assertEquals(20.0, clock.speed());
        }
    }
}
