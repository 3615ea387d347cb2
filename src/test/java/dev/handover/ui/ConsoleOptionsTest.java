package dev.handover.ui;

import dev.handover.cluster.ClusterException;
import dev.handover.sim.SimCluster;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleOptionsTest {

    @Test
    void noArgumentsMeansTheHealthySimulationInRealTime() throws Exception {
        ConsoleOptions options = ConsoleOptions.parse(List.of());
        assertEquals(new ConsoleOptions("healthy", 1.0, 1, Optional.empty()), options);
        try (SimCluster sim = options.open()) {
            assertEquals("sim:healthy", sim.name());
            assertTrue(sim.status().primary().isPresent());
        }
    }

    @Test
    void scenarioSpeedAndSeedAreRead() {
        ConsoleOptions options = ConsoleOptions.parse(
                List.of("--scenario=stalled-replica", "--speed=20", "--seed=42", "--journal=target/drills"));
        assertEquals(new ConsoleOptions("stalled-replica", 20.0, 42, Optional.of(Path.of("target/drills"))), options);
        assertEquals(Path.of("target/drills").toAbsolutePath(), options.openJournal().directory().toAbsolutePath());
    }

    @Test
    void badOptionsAreNamed() {
        assertEquals("unknown option \"--sped=2\"; " + ConsoleOptions.USAGE,
                assertThrows(IllegalArgumentException.class, () -> ConsoleOptions.parse(List.of("--sped=2"))).getMessage());
        assertEquals("--speed needs a number, got \"fast\"",
                assertThrows(IllegalArgumentException.class, () -> ConsoleOptions.parse(List.of("--speed=fast"))).getMessage());
        assertEquals("--speed must be above 0 and at most 1000, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> ConsoleOptions.parse(List.of("--speed=0"))).getMessage());
    }

    @Test
    void anUnknownScenarioIsRefusedWithItsName() {
        ConsoleOptions options = ConsoleOptions.parse(List.of("--scenario=no-such-drill"));
        ClusterException e = assertThrows(ClusterException.class, options::open);
        assertTrue(e.getMessage().contains("no-such-drill"), e.getMessage());
    }
}
