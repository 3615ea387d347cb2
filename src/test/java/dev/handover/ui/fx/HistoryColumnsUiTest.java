package dev.handover.ui.fx;

import dev.handover.cluster.ClusterWorld;
import dev.handover.cluster.Positions;
import dev.handover.journal.Journal;
import dev.handover.journal.Who;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.FakeCluster;
import dev.handover.ui.JournalFixtures;
import dev.handover.ui.history.HistoryRow;
import javafx.geometry.Bounds;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The History tab lists runs in a table that takes its share of the tab (eight runs in view at 1280×800, not
 * three and a half) with who ran each and how long writes were frozen; and a MariaDB-like cluster's table and
 * chart say GTID where a PostgreSQL one says LSN.
 */
@ExtendWith(ApplicationExtension.class)
class HistoryColumnsUiTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    void historyFillsItsSpaceWithOperatorAndFreezeColumns(FxRobot robot) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "history-columns-");
        Journal journal = Journal.at(dir.resolve("journal"));
        for (int i = 0; i < 8; i++) {
            JournalFixtures.played(journal, "healthy", i % 2 == 0 ? "n2" : "n3");
        }
        OpenedConsole opened = WaitForAsyncUtils.asyncFx(() -> OpenedConsole.show(stage,
                SimCluster.start(Scenarios.builtIn("healthy"), 7, new VirtualClock()), c -> c.withJournal(journal))).get();
        try {
            ConsoleRobot console = new ConsoleRobot(robot);
            robot.interact(() -> opened.window.view().showHistory());
            @SuppressWarnings("unchecked")
            TableView<HistoryRow> table = robot.lookup("#historyTable").queryAs(TableView.class);
            console.waitUntil("the history lists eight runs", () -> table.getItems().size() == 8);
            List<String> headers = table.getColumns().stream().map(TableColumn::getText).toList();
            assertTrue(headers.contains("Operator") && headers.contains("Writes frozen"), headers.toString());
            HistoryRow row = table.getItems().get(0);
            assertEquals(Who.operator(), row.operator());
            assertTrue(row.frozen().matches("[0-9.]+m?s"), "writes frozen for a short while: " + row.frozen());

            console.waitUntil("all eight rows are in view", () -> rowsInView(robot, table) >= 8);
        } finally {
            opened.close();
        }
    }

    @Test
    void gtidClustersSayGtidInTheTableAndTheChart(FxRobot robot) throws Exception {
        Positions gtid = new Positions() {
            @Override
            public String position(long lsn) {
                return "0-1-" + lsn;
            }

            @Override
            public String amount(long lsn) {
                return lsn + " transactions";
            }

            @Override
            public String noun() {
                return "GTID";
            }
        };
        FakeCluster cluster = new FakeCluster(10_000).primary("n1", "eu").replica("n2", "eu", 30, 10).writingPositions(gtid)
                .world(new ClusterWorld.Simulated("fake", "a GTID cluster"));
        SimCluster unused = SimCluster.start(Scenarios.builtIn("healthy"), 7, new VirtualClock());
        OpenedConsole opened = WaitForAsyncUtils.asyncFx(() -> OpenedConsole.show(stage, unused, cluster, 1280, 800)).get();
        try {
            ConsoleRobot console = new ConsoleRobot(robot);
            console.waitForCluster();
            console.waitUntil("the position columns say GTID", () -> console.table().getColumns().stream()
                    .map(TableColumn::getText).toList().containsAll(List.of("GTID", "Durable GTID")));
            assertFalse(console.table().getColumns().stream().anyMatch(c -> c.getText().contains("LSN")));
            console.pickTarget("n2");
            console.start();
            console.waitForOutcome("Zero-RPO handover: n2 is primary");
            console.waitUntil("the chart's axis says GTID", () -> robot.lookup("#chart .axis").queryAllAs(NumberAxis.class)
                    .stream().anyMatch(a -> "GTID".equals(a.getLabel())));
        } finally {
            opened.close();
        }
    }

    /** Rows with a run that lie wholly inside the table. */
    private static long rowsInView(FxRobot robot, TableView<HistoryRow> table) {
        Bounds view = table.localToScene(table.getLayoutBounds());
        return robot.from(table).lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getItem() != null && r.isVisible())
                .filter(r -> {
                    Bounds b = r.localToScene(r.getLayoutBounds());
                    return b.getMinY() >= view.getMinY() && b.getMaxY() <= view.getMaxY();
                }).count();
    }
}
