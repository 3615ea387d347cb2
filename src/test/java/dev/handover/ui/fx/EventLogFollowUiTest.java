package dev.handover.ui.fx;

import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.run.LogLine;
import javafx.geometry.Bounds;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event log follows its last line as lines arrive — wrapped long lines too — unless the operator has
 * scrolled up to read; scrolled back to the end, it follows again. Before, it stopped a line or more short of
 * the end (it scrolled while the list still had its old length) and yanked a reader back down on every line.
 */
@ExtendWith(ApplicationExtension.class)
class EventLogFollowUiTest {
    private OpenedConsole opened;

    @Start
    void start(Stage stage) throws Exception {
        opened = OpenedConsole.show(stage, SimCluster.start(Scenarios.builtIn("healthy"), 1, new VirtualClock()));
    }

    @AfterEach
    void close() {
        opened.close();
    }

    @Test
    void theLogFollowsItsLastLineUnlessTheOperatorScrolledUp(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        for (int i = 1; i <= 40; i++) {
            note(robot, i);
        }
        console.waitUntil("the last line is in view: " + lastShown(robot), () -> lastFullyShown(robot) == size() - 1);

        // One more line at a time, as a run logs them: each is in view.
        for (int i = 41; i <= 45; i++) {
            note(robot, i);
            console.waitUntil("line " + i + " is in view: " + lastShown(robot), () -> lastFullyShown(robot) == size() - 1);
        }

        // The operator scrolls up to read: new lines do not pull the view down.
        wheel(robot, 600);
        console.waitUntil("scrolled up: " + lastShown(robot), () -> lastFullyShown(robot) < size() - 5);
        int reading = firstShown(robot);
        for (int i = 46; i <= 50; i++) {
            note(robot, i);
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Math.abs(firstShown(robot) - reading) <= 1, "the view stays where the operator reads: first "
                + firstShown(robot) + ", was " + reading);
        assertTrue(lastFullyShown(robot) < size() - 5, "not pulled down");

        // Back at the end: it follows again.
        wheel(robot, -100_000);
        console.waitUntil("back at the end", () -> lastFullyShown(robot) == size() - 1);
        note(robot, 51);
        console.waitUntil("the new line is in view: " + lastShown(robot), () -> lastFullyShown(robot) == size() - 1);
    }

    /** The mouse wheel over the log ({@code deltaY} > 0 scrolls up), as the list's own scroll handler gets it. */
    private static void wheel(FxRobot robot, double deltaY) {
        robot.interact(() -> {
            VirtualFlow<?> f = flow(robot);
            Bounds b = f.getLayoutBounds();
            javafx.event.Event.fireEvent(f, new javafx.scene.input.ScrollEvent(javafx.scene.input.ScrollEvent.SCROLL,
                    b.getCenterX(), b.getCenterY(), b.getCenterX(), b.getCenterY(), false, false, false, false, false, false,
                    0, deltaY, 0, deltaY, javafx.scene.input.ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                    javafx.scene.input.ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null));
        });
    }

    private int size() {
        return opened.window.viewModel().run().log().size();
    }

    private void note(FxRobot robot, int i) {
        // Long enough to wrap onto a second line in the log's width, as poll and outcome lines do.
        robot.interact(() -> opened.window.viewModel().run().note("line " + i + ": n3 durable at LSN 5,933,825,814, "
                + "3,831,979 LSN to go; the coordinator keeps polling until the frontier or the deadline", LogLine.Level.INFO));
    }

    @SuppressWarnings("unchecked")
    private static VirtualFlow<? extends IndexedCell<?>> flow(FxRobot robot) {
        ListView<?> log = robot.lookup("#eventLog").queryAs(ListView.class);
        return (VirtualFlow<? extends IndexedCell<?>>) log.lookup(".virtual-flow");
    }

    /** The index of the last line whose cell is wholly inside the log's viewport. */
    private static int lastFullyShown(FxRobot robot) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            VirtualFlow<? extends IndexedCell<?>> f = flow(robot);
            Bounds view = f.localToScene(f.getLayoutBounds());
            int best = -1;
            for (int i = 0; i < f.getCellCount(); i++) {
                IndexedCell<?> c = f.getVisibleCell(i);
                if (c == null || !c.isVisible() || c.getItem() == null) {
                    continue;
                }
                Bounds b = c.localToScene(c.getLayoutBounds());
                if (b.getMinY() >= view.getMinY() - 0.5 && b.getMaxY() <= view.getMaxY() + 0.5) {
                    best = Math.max(best, c.getIndex());
                }
            }
            return best;
        }).get();
    }

    private static int firstShown(FxRobot robot) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> flow(robot).getFirstVisibleCell().getIndex()).get();
    }

    private String lastShown(FxRobot robot) {
        try {
            return "last fully shown " + lastFullyShown(robot) + " of " + size();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
