package dev.handover.ui.fx;

import dev.handover.sim.RealTimeClock;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import javafx.scene.control.ComboBox;
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
 * A trainee pauses the simulation mid catch-up, stalls the target from the fault panel, then resumes
 * at 20× to the deadline: the coordinated run aborts and resumes the old primary. Time is the simulator's, on a
 * real-time clock (the fault needs a run that is still going when the robot clicks); no sleeps.
 */
@ExtendWith(ApplicationExtension.class)
class FaultPanelUiTest {
    private OpenedConsole opened;
    private RealTimeClock clock;

    @Start
    void start(Stage stage) throws Exception {
        clock = new RealTimeClock(5);
        // Held until Start: n3 catches up on its own before the freeze too (250 kB/s net), and a loaded machine's slow
        // robot let it catch up whole before the run began (the run then committed before "Catching up" was read).
        clock.pause();
        opened = OpenedConsole.show(stage, SimCluster.start(Scenarios.builtIn("lagging-replica"), 3, clock));
    }

    @AfterEach
    void close() {
        opened.close();
    }

    @Test
    void aStallInjectedMidRunFromThePanelMakesTheRunAbort(FxRobot robot) {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        console.pickTarget("n3");
        console.setField("#deadline", "75s");
        console.setField("#freezeBudget", "3m"); // a minute of catch-up, writes frozen all along: accepted here
        console.start();
        robot.clickOn("#pause"); // Resume, as the trainee would: the console shows the clock it was opened with, paused
        assertFalse(clock.isPaused(), "Resume pressed at Start");
        console.waitUntil("n3 is catching up", () -> console.text("#phase").equals("Catching up")
                && opened.window.viewModel().run().series().size() > 3);

        // Pause the simulation so the run is surely still going while the trainee reaches the panel.
        robot.clickOn("#pause");
        assertTrue(clock.isPaused());
        // No scenario switch mid-run: the picker refuses with a message and the cluster stays.
        robot.clickOn("#scenarioPicker");
        robot.clickOn(robot.lookup(".list-cell").match((javafx.scene.control.ListCell<?> c) -> c.getText() != null
                && c.getText().startsWith("healthy")).queryAs(javafx.scene.control.ListCell.class));
        console.waitUntil("the refusal shows", () -> opened.window.viewModel().noticeProperty().get()
                .startsWith("A run is in progress: let it finish (or abort it) before switching to scenario healthy"));
        assertEquals("sim:lagging-replica", console.text("#clusterName"));
        robot.clickOn(".notification-bar .close-button");
        org.controlsfx.control.NotificationPane pane = robot.lookup(".notification-pane")
                .queryAs(org.controlsfx.control.NotificationPane.class);
        console.waitUntil("the notice is dismissed", () -> opened.window.viewModel().noticeProperty().get().isEmpty()
                && !pane.isShowing());

        robot.clickOn("Drill & faults");
        @SuppressWarnings("unchecked")
        ComboBox<String> node = robot.lookup("#faultNode").queryAs(ComboBox.class);
        robot.interact(() -> node.setValue("n3"));
        robot.clickOn("#faultStall");
        console.waitUntil("the stall is in the event log", () -> opened.window.viewModel().run().log().stream()
                .anyMatch(l -> l.text().startsWith("Fault injected") && l.text().endsWith("stall n3")));
        assertTrue(console.text("#lastFault").endsWith("stall n3"), console.text("#lastFault"));
        assertTrue(opened.window.viewModel().run().runningProperty().get(), "the run is still going when the fault lands");

        robot.clickOn("#speed20");
        assertEquals(20.0, clock.speed());
        robot.clickOn("#pause");
        assertFalse(clock.isPaused(), "Resume pressed");

        console.waitForOutcome("Aborted: writes resumed on n1");
        assertTrue(console.text("#outcomeDetail").contains("deadline"), console.text("#outcomeDetail"));
        assertTrue(opened.sim.acceptsWrites("n1"), "the old primary takes writes again");
        assertEquals(0, opened.sim.invariants().lostWrites());
        console.waitUntil("the debrief is ready", () -> opened.window.viewModel().debrief().presentProperty().get());
        assertTrue(opened.window.viewModel().debrief().timeline().stream().anyMatch(l -> l.contains("aborted")),
                opened.window.viewModel().debrief().timeline().toString());
        assertTrue(opened.window.viewModel().debrief().timeline().stream().anyMatch(l -> l.contains("fault: stall n3")),
                "the injected fault is on the debrief's timeline: " + opened.window.viewModel().debrief().timeline());
    }
}
