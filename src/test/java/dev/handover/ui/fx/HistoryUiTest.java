package dev.handover.ui.fx;

import dev.handover.journal.Result;
import dev.handover.journal.Journal;
import dev.handover.journal.RunReport;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.history.HistoryRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a drill the history lists it; opening it replays its chart and timeline through the same
 * chart the live run uses; the export writes the journal's JSON, and the chart a PNG. The debrief tab
 * carries the score. Virtual time; the journal lives under target/.
 */
@ExtendWith(ApplicationExtension.class)
class HistoryUiTest {
    private OpenedConsole opened;
    private Journal journal;
    private Path dir;

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "history-ui-");
        journal = Journal.at(dir.resolve("journal"));
        opened = OpenedConsole.show(stage, SimCluster.start(Scenarios.builtIn("lagging-replica"), 7, new VirtualClock()),
                c -> c.withJournal(journal));
    }

    @AfterEach
    void close() {
        opened.close();
    }

    @Test
    void aFinishedDrillIsListedReplayedAndExported(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        console.pickTarget("n3");
        console.setField("#deadline", "2m");
        console.setField("#freezeBudget", "3m"); // a minute of catch-up, writes frozen all along: accepted here
        console.start();
        console.waitForOutcome("Zero-RPO handover: n3 is primary");
        console.waitUntil("the debrief is in", () -> console.text("#debriefHeadline").startsWith("Score "));

        robot.interact(() -> opened.window.view().showHistory());
        @SuppressWarnings("unchecked")
        TableView<HistoryRow> table = robot.lookup("#historyTable").queryAs(TableView.class);
        console.waitUntil("the history lists the run", () -> table.getItems().size() == 1);
        HistoryRow row = table.getItems().get(0);
        assertEquals("sim:lagging-replica", row.cluster());
        assertEquals("n3", row.target());
        assertEquals("coordinated", row.mode());
        assertEquals(Result.COMMITTED, row.result());
        assertEquals(0, row.skipped());
        assertEquals("—", row.skippedText(dev.handover.cluster.Positions.PLAIN), "only a forced handover skips");

        console.waitUntil("the row is drawn", () -> robot.lookup("#historyTable .table-row-cell")
                .match((javafx.scene.control.TableRow<HistoryRow> r) -> r.getItem() != null).tryQuery().isPresent());
        robot.clickOn(robot.lookup("#historyTable .table-row-cell")
                .match((javafx.scene.control.TableRow<HistoryRow> r) -> r.getItem() != null).queryAs(javafx.scene.Node.class));
        console.waitUntil("the run is opened", () -> opened.window.viewModel().history().openedProperty().get() != null);
        console.waitUntil("the run is replayed: " + opened.window.viewModel().history().replay().size() + " samples",
                () -> opened.window.historyView().chart().model().size() > 3);
        console.waitUntil("the replay is drawn", () -> opened.window.historyView().chart().pointsOnScreen() > 1);
        assertEquals(journal.find(row.id()).report().outcome().frontierLsn(),
                opened.window.historyView().chart().model().frontier().orElseThrow());
        assertTrue(console.text("#historyDebrief").startsWith("Score "), console.text("#historyDebrief"));
        // Not only the score: every deduction with its points and reason, on screen (before: none shown).
        java.util.List<dev.handover.training.Deduction> expected = dev.handover.training.Debrief.of(
                journal.find(row.id()).report()).deductions();
        assertTrue(expected.size() >= 2, expected.toString());
        java.util.List<String> reasons = expected.stream().map(d -> "-" + d.points() + ": " + d.reason()).toList();
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<String> list = robot.lookup("#historyDeductions").queryAs(javafx.scene.control.ListView.class);
        console.waitUntil("the deductions are listed", () -> list.getItems().equals(reasons));
        console.waitUntil("the first is drawn", () -> robot.lookup("#historyDeductions .list-cell")
                .queryAllAs(javafx.scene.control.ListCell.class).stream().anyMatch(c -> reasons.get(0).equals(c.getText())));
        // Units: the header names none, the cell carries it (a PostgreSQL run's skipped bytes read "3.9 MB").
        assertTrue(robot.lookup("#historyTable .column-header .label").queryAllAs(javafx.scene.control.Labeled.class)
                .stream().anyMatch(l -> "Skipped".equals(l.getText())), "the Skipped column");
        assertTrue(opened.window.viewModel().history().debrief().timeline().stream().anyMatch(l -> l.contains("term 8 committed")),
                opened.window.viewModel().history().debrief().timeline().toString());

        Path json = dir.resolve("export.json");
        robot.interact(() -> opened.window.viewModel().history().exportJson(json));
        console.waitUntil("the run is exported", () -> console.text("#historyMessage").startsWith("Exported run"));
        RunReport exported = RunReport.read(json);
        assertEquals(journal.find(row.id()).report(), exported);

        Path png = dir.resolve("chart.png");
        robot.interact(() -> opened.window.historyView().exportChartTo(png));
        console.waitUntil("the chart is saved", () -> console.text("#historyMessage").startsWith("Saved the chart"));
        assertTrue(javax.imageio.ImageIO.read(png.toFile()).getWidth() > 300);
    }
}
