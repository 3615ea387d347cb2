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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Abort during a long catch-up. This one needs time to pass while the robot clicks, so the
 * simulator runs on a real-time clock: n3 in {@code lagging-replica} needs about a minute to catch
 * up, and the test aborts as soon as the chart shows it moving.
 */
@ExtendWith(ApplicationExtension.class)
class AbortUiTest {
    private OpenedConsole opened;

    @Start
    void start(Stage stage) throws Exception {
        opened = OpenedConsole.show(stage, SimCluster.start(Scenarios.builtIn("lagging-replica"), 3, new RealTimeClock(1.0)));
    }

    @AfterEach
    void close() {
        opened.close();
    }

    @Test
    void abortDuringCatchUpResumesThePrimaryAndCommitsNothing(FxRobot robot) {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        console.pickTarget("n3");
        console.setField("#deadline", "10m");
        console.setField("#freezeBudget", "10m"); // a minute of catch-up, writes frozen all along: accepted here
        console.start();
        console.waitUntil("the target is catching up", () -> console.text("#phase").equals("Catching up")
                && opened.window.viewModel().run().series().size() > 3);

        robot.clickOn("#abort");

        console.waitForOutcome("Aborted: writes resumed on n1");
        assertTrue(console.text("#outcomeDetail").startsWith("Cancelled by the operator."), console.text("#outcomeDetail"));
        assertEquals("Term 7 (unchanged)", console.text("#outcomeTerm"));
        assertTrue(opened.sim.acceptsWrites("n1"), "the old primary takes writes again");
        console.waitForPrimaryRow("n1", 7);
        assertEquals(0, opened.sim.invariants().lostWrites());
        assertTrue(console.button("#abort").isDisabled());
    }
}
