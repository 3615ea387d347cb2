package dev.handover.ui.fx;

import dev.handover.sim.RealTimeClock;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a handover the briefing says how the cluster is now, not only how the scenario began; switching
 * scenario clears the previous cluster's chart, event log and outcome (before: the chart and the log stayed).
 */
@ExtendWith(ApplicationExtension.class)
class ScenarioSwitchUiTest {
    private OpenedConsole opened;

    @Start
    void start(Stage stage) throws Exception {
        opened = OpenedConsole.show(stage, SimCluster.start(Scenarios.builtIn("healthy"), 1, new RealTimeClock(1)));
    }

    @AfterEach
    void close() {
        opened.close();
    }

    @Test
    void theBriefingFollowsAHandoverAndASwitchClearsTheLastRun(FxRobot robot) {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        robot.clickOn("Drill & faults");
        console.waitUntil("the briefing says n1 is primary now", () -> console.text("#briefingNow").startsWith("Now: n1 is primary"));
        robot.interact(() -> robot.lookup("#leftTabs").queryAs(javafx.scene.control.TabPane.class).getSelectionModel().select(0));

        console.pickTarget("n2");
        console.start();
        console.waitForOutcome("Zero-RPO handover: n2 is primary");
        console.waitUntil("the chart is drawn", () -> opened.window.runView().chart().pointsOnScreen() > 0);

        robot.clickOn("Drill & faults");
        console.waitUntil("the briefing follows the handover: " + console.text("#briefingNow"),
                () -> console.text("#briefingNow").startsWith("Now: n2 is primary under term 8"));
        assertTrue(console.text("#briefingNow").contains("the briefing below describes the cluster as the scenario began"),
                console.text("#briefingNow"));

        robot.interact(() -> opened.window.viewModel().drill().pick("stalled-replica"));
        console.waitUntil("the cluster is stalled-replica", () -> console.text("#clusterName").equals("sim:stalled-replica"));
        console.waitUntil("the chart is empty", () -> opened.window.runView().chart().pointsOnScreen() == 0
                && opened.window.runView().chart().model().size() == 0);
        // No LSN scale of the previous cluster's run stays on the chart's axis either.
        console.waitUntil("the LSN axis shows no previous positions", () -> robot.lookup("#chart .axis")
                .queryAllAs(javafx.scene.chart.NumberAxis.class).stream()
                .filter(a -> a.getSide() == javafx.geometry.Side.LEFT).noneMatch(javafx.scene.chart.Axis::isTickLabelsVisible));
        assertEquals("No handover yet", console.text("#outcomeHeadline"));
        assertEquals("Idle", console.text("#phase"));
        assertEquals("", console.text("#elapsed"));
        assertFalse(opened.window.viewModel().run().log().stream().anyMatch(l -> l.text().contains("Froze writes")
                || l.text().contains("Zero-RPO")), "the last cluster's run is not in the log: " + opened.window.viewModel().run().log());
        assertTrue(opened.window.viewModel().run().log().get(0).text().startsWith("Switched to sim:stalled-replica"),
                opened.window.viewModel().run().log().toString());
        console.waitUntil("the briefing is the new cluster's", () -> console.text("#briefingNow").startsWith("Now: n1 is primary"));
    }
}
