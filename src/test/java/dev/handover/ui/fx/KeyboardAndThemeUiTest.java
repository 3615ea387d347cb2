package dev.handover.ui.fx;

import dev.handover.app.Installed;
import dev.handover.sim.RealTimeClock;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.ui.ConsoleContext;
import dev.handover.ui.ConsoleWindow;
import dev.handover.ui.appearance.Appearance;
import dev.handover.ui.appearance.SettingsFile;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.Tooltip;
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
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console from the keyboard: Ctrl+L goes to the target list (arrows pick), Ctrl+Enter starts, Escape aborts,
 * F5 refreshes; Ctrl+= / Ctrl+- / Ctrl+0 scale the text and Ctrl+Shift+D turns the dark theme on, and both are
 * remembered between starts in the settings file (a temporary one here). Each key is named in a tooltip or a menu.
 */
@ExtendWith(ApplicationExtension.class)
class KeyboardAndThemeUiTest {
    private static final PseudoClass DARK = PseudoClass.getPseudoClass("dark");
    private static final PseudoClass FONT_110 = PseudoClass.getPseudoClass("font-110");
    private OpenedConsole opened;
    private Path settings;

    @Start
    void start(Stage stage) throws Exception {
        settings = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "keys-ui-").resolve("console.properties");
        SimCluster sim = SimCluster.start(Scenarios.builtIn("lagging-replica"), 3, new RealTimeClock(1.0));
        ConsoleContext context = ConsoleContext.of(sim, Installed.backends());
        ConsoleWindow window = new ConsoleWindow(context, new SettingsFile(settings));
        window.showOn(stage, 1280, 800);
        opened = OpenedConsole.wrap(sim, context, window);
    }

    @AfterEach
    void close() {
        opened.close();
    }

    @Test
    void theTargetListStartAndAbortAreReachedFromTheKeyboard(FxRobot robot) {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        robot.press(KeyCode.CONTROL, KeyCode.L).release(KeyCode.L, KeyCode.CONTROL);
        ListView<?> targets = robot.lookup("#targets").queryAs(ListView.class);
        console.waitUntil("the target list has the keyboard", targets::isFocused);
        // n3 (a minute behind) is ranked second: the arrows go there.
        robot.type(KeyCode.DOWN);
        if (!"n3".equals(opened.window.viewModel().switchover().targetIdProperty().get())) {
            robot.type(KeyCode.DOWN);
        }
        console.waitUntil("n3 is picked from the keyboard", () -> "n3".equals(
                opened.window.viewModel().switchover().targetIdProperty().get()));
        console.setField("#deadline", "10m");
        console.setField("#freezeBudget", "10m");
        console.waitUntil("Start is enabled", () -> !console.button("#start").isDisabled());

        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        console.waitUntil("the run is catching up", () -> console.text("#phase").equals("Catching up"));
        robot.type(KeyCode.ESCAPE);
        console.waitForOutcome("Aborted: writes resumed on n1");
        assertTrue(opened.sim.acceptsWrites("n1"));

        // F5 refreshes at once (the table also refreshes on its own four times a second, so only its binding is checked).
        MenuButton view = robot.lookup("#viewMenu").queryAs(MenuButton.class);
        assertTrue(view.getItems().stream().anyMatch(i -> "viewRefresh".equals(i.getId())
                && i.getText().endsWith("(" + javafx.scene.input.KeyCode.F5.getName() + ")")), "the menu names F5");
        assertTrue(robot.lookup("#viewMenu").query().getScene().getAccelerators().containsKey(dev.handover.ui.ConsoleKeys.REFRESH),
                "F5 refreshes");
        assertTrue(tooltip(console.button("#start")).contains("Ctrl+Enter"));
        assertTrue(tooltip(console.button("#abort")).contains("Esc"));
    }

    @Test
    void darkThemeAndTextSizeAreKeysAndAreRememberedBetweenStarts(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        Node root = opened.window.root();
        double normal = fontSize(robot);
        assertFalse(root.getPseudoClassStates().contains(DARK));

        robot.press(KeyCode.CONTROL, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.CONTROL);
        console.waitUntil("the text is larger", () -> root.getPseudoClassStates().contains(FONT_110));
        assertTrue(fontSize(robot) > normal, fontSize(robot) + " > " + normal);
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.D).release(KeyCode.D, KeyCode.SHIFT, KeyCode.CONTROL);
        console.waitUntil("the theme is dark", () -> root.getPseudoClassStates().contains(DARK));

        console.waitUntil("the choice is saved", () -> Files.exists(settings)
                && "dark".equals(load().getProperty("theme")) && "110".equals(load().getProperty("fontPercent")));
        Appearance next = new Appearance(new SettingsFile(settings), Runnable::run, m -> { });
        assertTrue(next.darkProperty().get(), "the next start is dark");
        assertEquals(110, next.fontPercentProperty().get(), "the next start has the larger text");

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT0).release(KeyCode.DIGIT0, KeyCode.CONTROL);
        console.waitUntil("the text is back to normal", () -> !root.getPseudoClassStates().contains(FONT_110));
        robot.press(KeyCode.CONTROL, KeyCode.MINUS).release(KeyCode.MINUS, KeyCode.CONTROL);
        console.waitUntil("the text is smaller", () -> fontSize(robot) < normal);

        MenuButton view = robot.lookup("#viewMenu").queryAs(MenuButton.class);
        assertTrue(view.getItems().stream().anyMatch(i -> i.getText() != null && i.getText().startsWith("Larger text") && i.getText().contains("=")),
                "the menu names the key");
    }

    private Properties load() {
        return new SettingsFile(settings).load();
    }

    /** The font size a plain label of the window is drawn in. */
    private double fontSize(FxRobot robot) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup("#targetReason").queryAs(Label.class).getFont().getSize()).get();
    }

    private static String tooltip(javafx.scene.control.Control c) {
        Tooltip t = c.getTooltip();
        return t == null ? "" : t.getText();
    }
}
