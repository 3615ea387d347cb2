package dev.handover.ui.fx;

import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import javafx.geometry.Side;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.shape.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At 1024×700, Restart and a scenario switch take the last run off the chart for real: no points in any
 * series (target, frontier, deadline) and no line left drawn — JavaFX keeps an emptied series' last line on
 * screen, which is what a DBA saw behind the "Start a switchover…" placeholder — and the LSN axis back to the
 * bounds of a chart that never drew.
 */
@ExtendWith(ApplicationExtension.class)
class ChartClearedUiTest {
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
    void restartAndAScenarioSwitchLeaveNoLineNoMarkerAndNoRange(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        runToN2(robot, console);

        robot.interact(() -> opened.window.view().showDrill());
        robot.clickOn("#restartScenario");
        console.waitUntil("Restart cleared the chart: " + drawn(robot), () -> drawn(robot).equals(nothingDrawn()));
        assertFreshLsnAxis(robot);

        robot.interact(() -> opened.window.view().showSwitchoverForm());
        console.waitForPrimaryRow("n1", 7);
        runToN2(robot, console);
        robot.interact(() -> opened.window.viewModel().drill().pick("stalled-replica"));
        console.waitUntil("the cluster is stalled-replica", () -> console.text("#clusterName").equals("sim:stalled-replica"));
        console.waitUntil("the switch cleared the chart: " + drawn(robot), () -> drawn(robot).equals(nothingDrawn()));
        assertFreshLsnAxis(robot);
        assertTrue(console.showing(".chart-placeholder"), "the placeholder shows over an empty chart");
    }

    private void runToN2(FxRobot robot, ConsoleRobot console) {
        console.pickTarget("n2");
        console.start();
        console.waitForOutcome("Zero-RPO handover: n2 is primary");
        console.waitUntil("the chart draws the target, the frontier and the deadline: " + drawn(robot),
                () -> drawn(robot).values().stream().allMatch(n -> n > 0));
    }

    /** Per series name: its points plus the path elements of its drawn line (0: nothing on screen). */
    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Integer> drawn(FxRobot robot) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> {
                LineChart<Number, Number> chart = robot.lookup("#chart .chart").queryAs(LineChart.class);
                return chart.getData().stream().collect(Collectors.toMap(s -> s.getName().startsWith("target") ? "target"
                        : s.getName(), s -> s.getData().size() + (s.getNode() instanceof Path p ? p.getElements().size() : 0),
                        (a, b) -> a, java.util.TreeMap::new));
            }).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static java.util.Map<String, Integer> nothingDrawn() {
        java.util.Map<String, Integer> none = new java.util.TreeMap<>();
        for (String name : List.of("target", "frozen frontier", "deadline")) {
            none.put(name, 0);
        }
        return none;
    }

    private static void assertFreshLsnAxis(FxRobot robot) {
        NumberAxis lsn = robot.lookup("#chart .axis").queryAllAs(NumberAxis.class).stream()
                .filter(a -> a.getSide() == Side.LEFT).findFirst().orElseThrow();
        assertEquals(0, lsn.getLowerBound(), "no LSN range of the last run: " + lsn.getLowerBound() + ".." + lsn.getUpperBound());
        assertEquals(1000, lsn.getUpperBound(), "no LSN range of the last run: " + lsn.getLowerBound() + ".." + lsn.getUpperBound());
    }
}
