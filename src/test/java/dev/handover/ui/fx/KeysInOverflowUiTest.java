package dev.handover.ui.fx;

import dev.handover.app.Installed;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.ConsoleContext;
import dev.handover.ui.ConsoleWindow;
import dev.handover.ui.appearance.Appearance;
import dev.handover.ui.appearance.SettingsFile;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At 1024×700 with the dark theme and large text the View menu goes into the tool bar's overflow; every
 * console key still works then (before: Ctrl+0, Ctrl+- and Ctrl+Shift+D did nothing, their accelerators having
 * been the menu items', which live only while the menu is laid out in the window).
 */
@ExtendWith(ApplicationExtension.class)
class KeysInOverflowUiTest {
    private OpenedConsole opened;
    private Appearance appearance;

    @Start
    void start(Stage stage) throws Exception {
        Path settings = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "keys-overflow-")
                .resolve("console.properties");
        SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 7, new VirtualClock());
        ConsoleContext context = ConsoleContext.of(sim, Installed.backends());
        ConsoleWindow window = new ConsoleWindow(context, new SettingsFile(settings));
        window.showOn(stage, 1024, 700);
        appearance = window.appearance();
        opened = OpenedConsole.wrap(sim, context, window);
    }

    @AfterEach
    void close() {
        opened.close();
    }

    @Test
    void everyKeyWorksWithTheViewMenuInTheOverflow(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.D).release(KeyCode.D, KeyCode.SHIFT, KeyCode.CONTROL);
        console.waitUntil("the theme is dark", () -> appearance.darkProperty().get());
        press(robot, KeyCode.EQUALS);
        press(robot, KeyCode.EQUALS);
        console.waitUntil("the text is at 125 %", () -> appearance.fontPercentProperty().get() == 125);
        console.waitUntil("the View menu is in the tool bar's overflow", () -> inOverflow(robot));

        press(robot, KeyCode.DIGIT0);
        console.waitUntil("Ctrl+0: normal text", () -> appearance.fontPercentProperty().get() == 100);
        // Back at 100 % the menu may come out of the overflow: go back in before each next key.
        press(robot, KeyCode.EQUALS);
        press(robot, KeyCode.EQUALS);
        press(robot, KeyCode.EQUALS);
        console.waitUntil("Ctrl+= at 140 %, the View menu in the overflow", () -> appearance.fontPercentProperty().get() == 140
                && inOverflow(robot));
        press(robot, KeyCode.MINUS);
        console.waitUntil("Ctrl+-: smaller text", () -> appearance.fontPercentProperty().get() == 125);
        assertTrue(inOverflow(robot), "still in the overflow at 125 %");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.D).release(KeyCode.D, KeyCode.SHIFT, KeyCode.CONTROL);
        console.waitUntil("Ctrl+Shift+D: the light theme again", () -> !appearance.darkProperty().get());
        assertTrue(inOverflow(robot), "still in the overflow in the light theme");
        press(robot, KeyCode.L);
        ListView<?> targets = robot.lookup("#targets").queryAs(ListView.class);
        console.waitUntil("Ctrl+L: the target list has the keyboard", targets::isFocused);
        // F5: with the periodic refresh stopped, a new status comes only from the key.
        robot.interact(() -> opened.window.viewModel().cluster().stop());
        WaitForAsyncUtils.waitForFxEvents();
        Object before = opened.window.viewModel().cluster().snapshot();
        robot.type(KeyCode.F5);
        console.waitUntil("F5: a fresh status", () -> opened.window.viewModel().cluster().snapshot() != before);
        assertTrue(inOverflow(robot), "still in the overflow after F5");
    }

    private static void press(FxRobot robot, KeyCode key) {
        robot.press(KeyCode.CONTROL, key).release(key, KeyCode.CONTROL);
    }

    /** The View menu is not laid out inside the tool bar's visible row (it went into the ">>" menu). */
    private boolean inOverflow(FxRobot robot) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> {
                ToolBar bar = opened.window.view().toolbar();
                MenuButton view = (MenuButton) bar.getItems().stream().filter(n -> "viewMenu".equals(n.getId()))
                        .findFirst().orElseThrow();
                if (view.getScene() == null || !view.isVisible()) {
                    return true;
                }
                Bounds b = view.localToScene(view.getLayoutBounds());
                Bounds barBounds = bar.localToScene(bar.getLayoutBounds());
                return b.getMaxX() > barBounds.getMaxX();
            }).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
