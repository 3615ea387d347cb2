package dev.handover.ui;

import dev.handover.app.Installed;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleOptionsTest {

    private static dev.handover.cluster.Backends.Address address(String text) throws ClusterException {
        return Installed.backends().parse(text);
    }

    @Test
    void noArgumentsMeansTheHealthySimulationInRealTime() throws Exception {
        ConsoleOptions options = ConsoleOptions.parse(List.of(), Installed.backends());
        assertEquals(new ConsoleOptions(address("sim:healthy"), 1.0, 1, Optional.empty()), options);
        try (ClusterConnection sim = options.openCluster()) {
            assertEquals("sim:healthy", sim.name());
            assertTrue(sim.status().primary().isPresent());
            var simulation = sim.simulation().orElseThrow();
            assertEquals(1, simulation.seed());
            assertEquals(1.0, simulation.clockControls().orElseThrow().speed(), "a real-time clock the trainee drives");
        }
    }

    @Test
    void scenarioSpeedAndSeedAreRead() throws Exception {
        ConsoleOptions options = ConsoleOptions.parse(
                List.of("--scenario=stalled-replica", "--speed=20", "--seed=42", "--journal=target/drills"), Installed.backends());
        assertEquals(new ConsoleOptions(address("sim:stalled-replica"), 20.0, 42, Optional.of(Path.of("target/drills"))),
                options);
        assertEquals(Path.of("target/drills").toAbsolutePath(), options.openJournal().directory().toAbsolutePath());
        try (ClusterConnection sim = options.openCluster()) {
            assertEquals(42, sim.simulation().orElseThrow().seed());
            assertEquals(20.0, sim.simulation().orElseThrow().clockControls().orElseThrow().speed());
        }
    }

    @Test
    void clusterSimIsTheSameAsScenario() throws Exception {
        assertEquals(ConsoleOptions.parse(List.of("--scenario=lagging-replica", "--seed=7"), Installed.backends()),
                ConsoleOptions.parse(List.of("--cluster=sim:lagging-replica", "--seed=7"), Installed.backends()));
    }

    @Test
    void badOptionsAreNamed() {
        assertEquals("unknown option \"--sped=2\"; " + ConsoleOptions.usage(Installed.backends()),
                assertThrows(IllegalArgumentException.class, () -> ConsoleOptions.parse(List.of("--sped=2"), Installed.backends())).getMessage());
        assertEquals("--speed needs a number, got \"fast\"",
                assertThrows(IllegalArgumentException.class, () -> ConsoleOptions.parse(List.of("--speed=fast"), Installed.backends())).getMessage());
        assertEquals("--speed must be above 0 and at most 1000, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> ConsoleOptions.parse(List.of("--speed=0"), Installed.backends())).getMessage());
    }

    @Test
    void theUsageNamesEveryRegisteredKindOfCluster() {
        for (String scheme : List.of("sim:", "pg:", "mariadb:")) {
            assertTrue(ConsoleOptions.usage(Installed.backends()).contains(scheme), ConsoleOptions.usage(Installed.backends()));
        }
    }

    @Test
    void anUnknownScenarioIsRefusedWithItsName() {
        ConsoleOptions options = ConsoleOptions.parse(List.of("--scenario=no-such-drill"), Installed.backends());
        ClusterException e = assertThrows(ClusterException.class, options::openCluster);
        assertTrue(e.getMessage().contains("no-such-drill"), e.getMessage());
    }

    @Test
    void clusterPgOpensTheDefinitionInsteadOfAScenario(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cluster.json");
        Files.writeString(file, "{\"nodes\": [{\"id\": \"pg1\", \"region\": \"a\", \"jdbcUrl\": \"jdbc:postgresql://127.0.0.1:1/postgres\","
                + " \"user\": \"postgres\"}, {\"id\": \"pg2\", \"region\": \"a\", \"jdbcUrl\": "
                + "\"jdbc:postgresql://127.0.0.1:2/postgres\", \"user\": \"postgres\"}]}");
        ConsoleOptions options = ConsoleOptions.parse(List.of("--cluster=pg:" + file), Installed.backends());
        assertEquals(address("pg:" + file), options.cluster());
        try (ClusterConnection c = options.openCluster()) {
            assertEquals("pg:" + file, c.name());
            assertFalse(c.world().simulation());
            assertTrue(c.simulation().isEmpty(), "a real cluster offers no simulation");
        }
    }

    @Test
    void clusterMariaDbOpensItsDefinitionToo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shop.json");
        Files.writeString(file, "{\"nodes\": [{\"id\": \"mdb1\", \"region\": \"a\", \"jdbcUrl\": \"jdbc:mariadb://127.0.0.1:1/\","
                + " \"user\": \"root\"}, {\"id\": \"mdb2\", \"region\": \"a\", \"jdbcUrl\": \"jdbc:mariadb://127.0.0.1:2/\","
                + " \"user\": \"root\"}]}");
        ConsoleOptions options = ConsoleOptions.parse(List.of("--cluster=mariadb:" + file), Installed.backends());
        try (ClusterConnection c = options.openCluster()) {
            assertEquals("mariadb:" + file, c.name());
            assertFalse(c.world().simulation());
        }
    }

    @Test
    void badClusterOptionsAreNamed() {
        String unknown = assertThrows(IllegalArgumentException.class,
                () -> ConsoleOptions.parse(List.of("--cluster=oracle:c.json"), Installed.backends())).getMessage();
        assertTrue(unknown.startsWith("--cluster: \"oracle:c.json\": unknown kind of cluster \"oracle:\" (known: sim:, pg:,"
                + " mariadb:"), unknown);
        String noScheme = assertThrows(IllegalArgumentException.class,
                () -> ConsoleOptions.parse(List.of("--cluster=c.json"), Installed.backends())).getMessage();
        assertTrue(noScheme.startsWith("--cluster: \"c.json\" is not a cluster address: expected sim:"), noScheme);
        String noFile = assertThrows(IllegalArgumentException.class,
                () -> ConsoleOptions.parse(List.of("--cluster=pg:"), Installed.backends())).getMessage();
        assertEquals("--cluster: \"pg:\": name <cluster definition file> after \"pg:\"", noFile);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConsoleOptions.parse(List.of("--cluster="), Installed.backends()))
                .getMessage().startsWith("--cluster needs a cluster address: sim:"));
        assertEquals("--scenario and --cluster both given: the console opens one cluster (--scenario=NAME is the same as"
                + " --cluster=sim:NAME)", assertThrows(IllegalArgumentException.class,
                () -> ConsoleOptions.parse(List.of("--scenario=healthy", "--cluster=pg:c.json"), Installed.backends())).getMessage());
    }

    @Test
    void aMissingDefinitionIsNamedWhenOpened() {
        ConsoleOptions missing = ConsoleOptions.parse(List.of("--cluster=pg:target/no-such-cluster.json"), Installed.backends());
        ClusterException e = assertThrows(ClusterException.class, missing::openCluster);
        assertEquals("target/no-such-cluster.json: no such file", e.getMessage());
    }
}
