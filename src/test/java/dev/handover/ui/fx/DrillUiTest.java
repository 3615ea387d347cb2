package dev.handover.ui.fx;

import dev.handover.ui.ClusterSwitcher;
import dev.handover.sim.RealTimeClock;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import javafx.scene.control.Button;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.controlsfx.control.NotificationPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenario picking, a broken scenario file, and the time controls, on a real-time simulated clock. */
@ExtendWith(ApplicationExtension.class)
class DrillUiTest {
    private OpenedConsole opened;
    private RealTimeClock clock;

    @Start
    void start(Stage stage) throws Exception {
        clock = new RealTimeClock(1);
        opened = OpenedConsole.show(stage, SimCluster.start(Scenarios.builtIn("healthy"), 1, clock));
    }

    @AfterEach
    void close() {
        opened.close();
    }

    @Test
    void pickingStalledReplicaShowsItsClusterAndABrokenFileChangesNothing(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        console.waitUntil("the catalogue is loaded", () -> opened.window.viewModel().drill().scenarios().size() >= 6);

        robot.clickOn("#scenarioPicker");
        robot.clickOn(robot.lookup(".list-cell").match((ListCell<?> c) -> c.getText() != null
                && c.getText().startsWith("stalled-replica")).queryAs(ListCell.class));

        console.waitUntil("the cluster is stalled-replica", () -> console.text("#clusterName").equals("sim:stalled-replica"));
        console.waitUntil("the table shows n2 stalled", () -> console.table().getItems().stream()
                .anyMatch(r -> r.id().equals("n2") && r.health().contains("stalled")));
        assertEquals("No handover yet", console.text("#outcomeHeadline"));
        robot.clickOn("Drill & faults");
        assertEquals("A stalled replica", console.text("#briefingTitle"));
        assertTrue(console.text("#briefingText").startsWith("As healthy, but n2"), console.text("#briefingText"));

        Path broken = Files.writeString(Files.createTempDirectory(Path.of("target").toAbsolutePath(), "drill-ui-")
                .resolve("broken-drill.json"), "{\"name\": \"broken\", \"title\": \"Broken\", \"nodes\": [}");
        robot.interact(() -> opened.window.viewModel().drill().open(broken));
        console.waitUntil("the window says what was wrong", () -> opened.window.viewModel().noticeProperty().get()
                .startsWith("Could not open scenario file " + broken));
        NotificationPane pane = robot.lookup(".notification-pane").queryAs(NotificationPane.class);
        console.waitUntil("the notice is showing", pane::isShowing);
        assertTrue(opened.window.viewModel().noticeProperty().get().endsWith("Still on sim:stalled-replica; nothing changed."),
                opened.window.viewModel().noticeProperty().get());
        assertEquals("sim:stalled-replica", console.text("#clusterName"));
        console.waitUntil("the table still shows stalled-replica", () -> console.table().getItems().stream()
                .anyMatch(r -> r.id().equals("n2") && r.health().contains("stalled")));
    }

    @Test
    void pauseStopsTheClockAndSpeedChangesIt(FxRobot robot) {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        SimCluster now = (SimCluster) dev.handover.ui.ClusterSwitcher.actual(opened.sim);
        RealTimeClock c = (RealTimeClock) now.clock();

        robot.clickOn("#pause");
        console.waitUntil("the button offers Resume", () -> robot.lookup("#pause").queryAs(Button.class).getText().equals("Resume"));
        assertTrue(c.isPaused());
        Duration paused = c.now();
        String refreshed = opened.window.viewModel().cluster().lastRefreshProperty().get();
        // Let the console go on refreshing (and reading the clock) into the next wall-clock second.
        console.waitUntil("a later refresh", () -> !opened.window.viewModel().cluster().lastRefreshProperty().get().equals(refreshed));
        assertEquals(paused, c.now(), "no simulated time passes while paused");
        assertTrue(console.text("#simClock").endsWith("PAUSED"), console.text("#simClock"));

        robot.clickOn("#speed20");
        assertEquals(20.0, c.speed());
        robot.clickOn("#pause");
        console.waitUntil("time moves again", () -> c.now().compareTo(paused) > 0);
        assertFalse(c.isPaused());
        console.waitUntil("the read-out shows 20×", () -> console.text("#simClock").endsWith("20×"));
    }

    @Test
    void openClusterOffersOneEntryPerRealEngine(FxRobot robot) {
        new ConsoleRobot(robot).waitForCluster();
        MenuButton open = robot.lookup("#openCluster").queryAs(MenuButton.class);
        assertEquals(List.of("PostgreSQL cluster…", "MariaDB cluster…"),
                open.getItems().stream().map(MenuItem::getText).toList());
        assertEquals(List.of("open-pg", "open-mariadb"), open.getItems().stream().map(MenuItem::getId).toList());

        robot.clickOn("#openCluster");
        assertTrue(open.isShowing(), "the menu opens on a simulation too");
        robot.type(KeyCode.ESCAPE);
        assertFalse(open.isShowing());
    }
}
