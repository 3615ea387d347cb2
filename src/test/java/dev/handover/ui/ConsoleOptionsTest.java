package dev.handover.ui;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.postgres.PgCluster;
import dev.handover.sim.SimCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;

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

    @Test
    void clusterPgOpensTheDefinitionInsteadOfAScenario(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cluster.json");
        Files.writeString(file, "{\"nodes\": [{\"id\": \"pg1\", \"region\": \"a\", \"jdbcUrl\": \"jdbc:postgresql://127.0.0.1:1/postgres\","
                + " \"user\": \"postgres\"}, {\"id\": \"pg2\", \"region\": \"a\", \"jdbcUrl\": "
                + "\"jdbc:postgresql://127.0.0.1:2/postgres\", \"user\": \"postgres\"}]}");
        ConsoleOptions options = ConsoleOptions.parse(List.of("--cluster=pg:" + file));
        assertEquals(Optional.of(file), options.postgres());
        try (ClusterConnection c = options.openCluster()) {
            assertTrue(c instanceof PgCluster, c.getClass().getName());
            assertEquals("pg:" + file, c.name());
        }
    }

    @Test
    void badClusterOptionsAreNamed() {
        assertEquals("--cluster needs pg:<cluster definition file>, e.g. --cluster=pg:cluster.json (simulated clusters are"
                + " chosen with --scenario), got \"sim:healthy\"", assertThrows(IllegalArgumentException.class,
                () -> ConsoleOptions.parse(List.of("--cluster=sim:healthy"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConsoleOptions.parse(List.of("--cluster=pg:")))
                .getMessage().startsWith("--cluster needs pg:<cluster definition file>"));
        assertEquals("--scenario and --cluster both given: the console opens one cluster, a simulated scenario or a real"
                + " PostgreSQL cluster", assertThrows(IllegalArgumentException.class,
                () -> ConsoleOptions.parse(List.of("--scenario=healthy", "--cluster=pg:c.json"))).getMessage());
        ConsoleOptions missing = ConsoleOptions.parse(List.of("--cluster=pg:target/no-such-cluster.json"));
        ClusterException e = assertThrows(ClusterException.class, missing::openCluster);
        assertEquals("target/no-such-cluster.json: no such file", e.getMessage());
    }
}
