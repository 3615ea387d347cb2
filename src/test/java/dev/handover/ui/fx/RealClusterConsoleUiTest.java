package dev.handover.ui.fx;

import dev.handover.app.Installed;
import dev.handover.testing.RealServer;
import dev.handover.journal.Journal;
import dev.handover.postgres.harness.LoopbackCluster;
import dev.handover.ui.ConsoleContext;
import dev.handover.ui.ConsoleOptions;
import dev.handover.ui.ConsoleWindow;
import dev.handover.ui.run.LogLine;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console opened with {@code --cluster=pg:<file>} on a real, throwaway PostgreSQL cluster (three nodes on
 * loopback): a red band says REAL CLUSTER with the cluster, its engine and its primary, and so does the
 * title; there is no scenario picker, no clock, no drill and faults tab, no briefing and no debrief score;
 * a switchover's outcome is its verified record. Back to simulation turns the band blue and brings the
 * training back.
 */
@RealServer
@ExtendWith(ApplicationExtension.class)
class RealClusterConsoleUiTest {
    private static final PseudoClass REAL = PseudoClass.getPseudoClass("real");
    private static final PseudoClass SIMULATION = PseudoClass.getPseudoClass("simulation");
    private static LoopbackCluster cluster;

    private Stage stage;
    private ConsoleContext context;
    private ConsoleWindow window;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LoopbackCluster.start(3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Journal journal = Journal.at(Files.createTempDirectory(Path.of("target").toAbsolutePath(), "real-console-"));
        ConsoleOptions options = ConsoleOptions.parse(List.of("--cluster=pg:" + cluster.definitionFile()), Installed.backends());
        context = ConsoleContext.of(options.openCluster(), Installed.backends()).withJournal(journal);
        window = new ConsoleWindow(context);
        window.showOn(stage);
    }

    @AfterEach
    void close() {
        window.close();
        context.executor().close();
        context.connection().close();
    }

    @Test
    void aRealClusterIsSaidSoWithNoTrainingControlsAndItsOutcomeIsTheVerifiedRecord(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitUntil("the table shows pg1 primary among three nodes", () -> console.table().getItems().size() == 3
                && console.table().getItems().stream().anyMatch(r -> r.primary() && r.id().equals("pg1")));
        String file = cluster.definitionFile().getFileName().toString();
        String pg1 = console.primaryRow().address();

        console.waitUntil("the band names the primary", () -> console.text("#worldDetail").contains("pg1"));
        assertEquals("REAL CLUSTER", console.text("#worldKind"));
        assertEquals(file + " · PostgreSQL · primary pg1 at " + pg1, console.text("#worldDetail"));
        assertEquals("pg:" + cluster.definitionFile(), console.text("#clusterName"));
        assertTrue(robot.lookup("#worldBand").query().getPseudoClassStates().contains(REAL), "the band is red");
        assertTrue(shown(robot, "#worldBand"));
        assertEquals("Handover — REAL CLUSTER · " + file + " (PostgreSQL)", stage.getTitle());

        for (String training : List.of("#scenarioPicker", "#openScenario", "#speed1", "#speed5", "#speed20", "#pause",
                "#simClock")) {
            assertFalse(shown(robot, training), training + " is a training control: not on a real cluster");
        }
        assertTrue(shown(robot, "#backToSimulation"));
        assertEquals(List.of("Switchover"), tabs(robot, "#leftTabs"), "no drill and faults, no briefing");
        assertEquals(List.of("Live", "History"), tabs(robot, "#mainTabs"), "no debrief");
        assertFalse(robot.lookup("#briefingTitle").tryQuery().map(Node::getScene).isPresent(), "no briefing anywhere");

        console.pickTarget("pg2");
        console.start();
        console.waitForVerifiedOutcome("Zero-RPO handover: pg2 is primary", Duration.ofSeconds(30));
        console.waitUntil("the verification is in", () -> console.text("#outcomeCheck").startsWith("Verified"));
        List<String> record = WaitForAsyncUtils.asyncFx(() -> robot.lookup("#outcomeAfterRun").queryAs(VBox.class)
                .getChildren().stream().map(n -> ((Label) n).getText()).toList()).get();
        assertTrue(record.contains("Commit steps:"), record.toString());
        assertTrue(record.contains("Verification: all checks hold"), record.toString());
        console.waitUntil("the record is closed", () -> window.viewModel().run().log().stream()
                .anyMatch(l -> l.text().startsWith("Recorded as run")));
        assertEquals(List.of("Live", "History"), tabs(robot, "#mainTabs"), "still no debrief after the run");
        assertTrue(window.viewModel().run().log().stream().map(LogLine::text).noneMatch(t -> t.contains("score")),
                "a production switchover is not scored");
        console.waitUntil("the band follows the new primary", () -> console.text("#worldDetail")
                .endsWith("primary pg2 at " + console.table().getItems().stream().filter(r -> r.id().equals("pg2"))
                        .findFirst().orElseThrow().address()));

        robot.clickOn("#backToSimulation");
        console.waitUntil("the band says simulation", () -> console.text("#worldKind").equals("SIMULATION"));
        assertTrue(robot.lookup("#worldBand").query().getPseudoClassStates().contains(SIMULATION), "the band is blue");
        assertEquals("Handover — SIMULATION · healthy", stage.getTitle());
        assertTrue(shown(robot, "#scenarioPicker"));
        assertEquals(List.of("Switchover", "Drill & faults"), tabs(robot, "#leftTabs"));
        assertEquals(List.of("Live", "Debrief", "History"), tabs(robot, "#mainTabs"));
    }

    /** {@code id} and every node above it are visible. */
    private static boolean shown(FxRobot robot, String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup(id).tryQuery().map(n -> {
            for (Node p = n; p != null; p = p.getParent()) {
                if (!p.isVisible()) {
                    return false;
                }
            }
            return n.getScene() != null;
        }).orElse(false)).get();
    }

    private static List<String> tabs(FxRobot robot, String id) throws Exception {
        TabPane pane = robot.lookup(id).queryAs(TabPane.class);
        return WaitForAsyncUtils.asyncFx(() -> pane.getTabs().stream().map(Tab::getText).toList()).get();
    }
}
