package dev.handover.ui.training;

import dev.handover.app.Installed;
import dev.handover.ui.ClusterSwitcher;
import dev.handover.sim.RealTimeClock;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.concurrent.ManualExecutor;
import javafx.beans.property.SimpleBooleanProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Open cluster" without a stage, for each real engine the registry has: a bad definition file or a
 * cluster none of whose nodes answers gives one message naming the file, the field or the node, and the
 * console stays on the cluster it was on.
 */
class OpenClusterViewModelTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final List<String> notices = new ArrayList<>();

    private DrillViewModel drill(ClusterSwitcher cluster) {
        DrillViewModel vm = new DrillViewModel(cluster, Installed.backends(), executor, FxRelay.direct(), new SimpleBooleanProperty(false),
                notices::add);
        vm.loadCatalogue();
        executor.runPending();
        return vm;
    }

    /** Each real engine's definition, as a file would hold it: {@code scheme}, engine name, node-id prefix, URL form. */
    private record Engine(String scheme, String name, String prefix, String urlFormat, String user) {
        String node(String id, int port) {
            return "{\"id\": \"" + prefix + id + "\", \"region\": \"loopback\", \"jdbcUrl\": \""
                    + String.format(urlFormat, port) + "\", \"user\": \"" + user + "\"}";
        }
    }

    static List<Engine> engines() {
        return List.of(new Engine("pg", "PostgreSQL", "pg", "jdbc:postgresql://127.0.0.1:%d/postgres", "postgres"),
                new Engine("mariadb", "MariaDB", "mdb", "jdbc:mariadb://127.0.0.1:%d/", "root"));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aMalformedDefinitionNamesTheFileAndFieldAndChangesNothing(Engine engine, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("cluster.json");
        Files.writeString(file, "{\"nodes\": [" + engine.node("1", 5432) + ", " + engine.node("2", 5432)
                .replaceFirst("\"jdbcUrl\": \"[^\"]*\"", "\"jdbcUrl\": 42") + "]}");
        try (SimCluster first = SimCluster.start(Scenarios.builtIn("healthy"), 1, new RealTimeClock(1))) {
            ClusterSwitcher cluster = ClusterSwitcher.around(first);
            DrillViewModel vm = drill(cluster);

            vm.connect(engine.scheme(), file);
            assertTrue(vm.switchingProperty().get(), "the file is read on the executor");
            executor.runPending();

            assertSame(first, cluster.current());
            assertEquals(1, notices.size(), notices.toString());
            String notice = notices.get(0);
            assertTrue(notice.startsWith("Could not connect to " + engine.name() + " cluster " + file + ": "), notice);
            assertEquals(1, notice.split(java.util.regex.Pattern.quote(file.toString()), -1).length - 1,
                    "the file is named once: " + notice);
            assertTrue(notice.contains("nodes[1].jdbcUrl"), notice);
            assertTrue(notice.endsWith("Still on sim:healthy; nothing changed."), notice);
            assertFalse(vm.switchingProperty().get());
            assertTrue(vm.simulatedProperty().get());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aClusterNoneOfWhoseNodesAnswersNamesEachNodeAndChangesNothing(Engine engine, @TempDir Path dir) throws Exception {
        int closedPort;
        int otherClosedPort;
        try (ServerSocket s = new ServerSocket(0); ServerSocket t = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
            otherClosedPort = t.getLocalPort();
        }
        Path file = dir.resolve("down.json");
        Files.writeString(file, "{\"nodes\": [" + engine.node("9", closedPort) + ", " + engine.node("8", otherClosedPort) + "]}");
        try (SimCluster first = SimCluster.start(Scenarios.builtIn("healthy"), 1, new RealTimeClock(1))) {
            ClusterSwitcher cluster = ClusterSwitcher.around(first);
            DrillViewModel vm = drill(cluster);

            vm.connect(engine.scheme(), file);
            executor.runPending();

            assertSame(first, cluster.current());
            assertEquals(1, notices.size(), notices.toString());
            String notice = notices.get(0);
            // The registry's message names the address; the notice names the file once.
            assertTrue(notice.startsWith("Could not connect to " + engine.name() + " cluster " + file
                    + ": no node can be reached: " + engine.prefix() + "9 (127.0.0.1:" + closedPort + "): "), notice);
            assertTrue(notice.contains("; " + engine.prefix() + "8 (127.0.0.1:" + otherClosedPort + "): "), notice);
            assertTrue(notice.endsWith("Still on sim:healthy; nothing changed."), notice);
        }
    }

    @Test
    void aFileThatIsNotThereIsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nowhere.json");
        try (SimCluster first = SimCluster.start(Scenarios.builtIn("healthy"), 1, new RealTimeClock(1))) {
            ClusterSwitcher cluster = ClusterSwitcher.around(first);
            DrillViewModel vm = drill(cluster);

            vm.connect("pg", file);
            executor.runPending();

            assertSame(first, cluster.current());
            assertEquals(List.of("Could not connect to PostgreSQL cluster " + file + ": no such file. Still on sim:healthy;"
                    + " nothing changed."), notices);
        }
    }

    @Test
    void everyRealEngineIsOfferedAndTheSimulatorIsNot() throws Exception {
        try (SimCluster first = SimCluster.start(Scenarios.builtIn("healthy"), 1, new RealTimeClock(1))) {
            DrillViewModel vm = drill(ClusterSwitcher.around(first));
            assertEquals(List.of(new ClusterKind("pg", "PostgreSQL"), new ClusterKind("mariadb", "MariaDB")),
                    vm.realClusterKinds());
        }
    }

    @Test
    void anUnknownKindOfClusterIsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        try (SimCluster first = SimCluster.start(Scenarios.builtIn("healthy"), 1, new RealTimeClock(1))) {
            ClusterSwitcher cluster = ClusterSwitcher.around(first);
            DrillViewModel vm = drill(cluster);

            vm.connect("oracle", file);
            executor.runPending();

            assertSame(first, cluster.current());
            assertEquals(1, notices.size(), notices.toString());
            assertTrue(notices.get(0).contains("unknown kind of cluster \"oracle:\""), notices.get(0));
        }
    }
}
