package dev.handover.ui.fx;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.run.LogLine;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing stale after a run, at the smallest window (1024×700): Mode back on Coordinated, the event log in time
 * order, Health not cut, the fault buttons where they were although the briefing grew, the outcome marked stale
 * once the primary moves outside the console, and Restart starting the scenario afresh with the chart cleared.
 */
@ExtendWith(ApplicationExtension.class)
class StaleStateUiTest {
    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");
    private OpenedConsole opened;

    @Start
    void start(Stage stage) throws Exception {
        SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 7, new VirtualClock());
        opened = OpenedConsole.show(stage, sim, sim, 1024, 700);
    }

    @AfterEach
    void close() {
        opened.close();
    }

    @Test
    void afterARunNothingOnScreenIsStale(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        robot.clickOn("Drill & faults");
        double stallY = sceneY(robot, "#faultStall");
        robot.interact(() -> opened.window.view().showSwitchoverForm());

        console.pickTarget("n2");
        console.chooseForce();
        console.start();
        console.waitForOutcome("Zero-RPO handover: n2 is primary");
        console.waitUntil("Mode is back on Coordinated", () -> robot.lookup("#coordinatedMode").queryAs(RadioButton.class)
                .isSelected() && !robot.lookup("#forceMode").queryAs(RadioButton.class).isSelected());

        List<LogLine> log = List.copyOf(opened.window.viewModel().run().log());
        for (int i = 1; i < log.size(); i++) {
            assertFalse(LocalTime.parse(log.get(i).wall()).isBefore(LocalTime.parse(log.get(i - 1).wall())),
                    "log line " + i + " is before the one above it: " + log);
        }

        console.waitForPrimaryRow("n2", 8);
        assertTrue(WaitForAsyncUtils.asyncFx(() -> healthShownWhole(robot)).get(), "Health is shown whole, or the table scrolls to it");

        robot.clickOn("Drill & faults");
        console.waitUntil("the briefing follows the handover", () -> console.text("#briefingNow").startsWith("Now: n2 is primary"));
        assertEquals(stallY, sceneY(robot, "#faultStall"), 0.5, "the fault buttons did not move when the briefing grew");
        robot.interact(() -> opened.window.view().showSwitchoverForm());

        // n2 hands over to n3 outside the console.
        ClusterSnapshot s = opened.sim.status();
        NodeStatus primary = s.primary().orElseThrow();
        NodeStatus n3 = s.node("n3").orElseThrow();
        FailoverCoordinator.run(new FailoverRequest(primary.node(), n3.node(), primary.role().term(), n3.durableLsn(),
                new FailoverMode.Coordinated(Duration.ofSeconds(30))), opened.sim.uncheckedTransport("n3", Duration.ofMillis(10)));
        console.waitUntil("the outcome is marked stale", () -> console.text("#outcomeStale").startsWith("STALE: the cluster now shows n3"));
        assertTrue(robot.lookup("#outcome").query().getPseudoClassStates().contains(STALE));
        assertTrue(console.text("#outcomeEndedAt").startsWith("Run ended at "));

        robot.clickOn("#restartScenario");
        console.waitUntil("the scenario started again: n1 primary, nothing left of the last run", () ->
                console.text("#outcomeHeadline").equals("No handover yet")
                        && opened.window.runView().chart().model().size() == 0
                        && console.table().getItems().stream().anyMatch(r -> r.primary() && r.id().equals("n1")));
        assertFalse(console.showing("#outcomeStale"));
    }

    private static double sceneY(FxRobot robot, String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            Node n = robot.lookup(id).query();
            return n.localToScene(n.getBoundsInLocal()).getMinY();
        }).get();
    }

    /** The Health header lies inside the table's viewport, or a horizontal scroll bar reaches it. */
    private static boolean healthShownWhole(FxRobot robot) {
        TableView<?> table = robot.lookup("#clusterTable").queryAs(TableView.class);
        Bounds tableBounds = table.localToScene(table.getLayoutBounds());
        Labeled header = robot.from(table).lookup(".column-header .label").match((Labeled l) -> "Health".equals(l.getText()))
                .queryAs(Labeled.class);
        Bounds h = header.localToScene(header.getLayoutBounds());
        boolean inside = h.getMaxX() <= tableBounds.getMaxX() + 0.5;
        boolean scrolls = table.lookupAll(".scroll-bar").stream().anyMatch(n -> n instanceof ScrollBar b
                && b.getOrientation() == javafx.geometry.Orientation.HORIZONTAL && b.isVisible());
        return inside || scrolls;
    }
}
