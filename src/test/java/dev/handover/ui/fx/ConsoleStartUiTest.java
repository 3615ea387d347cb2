package dev.handover.ui.fx;

import dev.handover.ui.ConsoleApp;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application's own start (show first, load later): the window's first scene is the start screen (panes and
 * text, no control, the cluster's name), and the whole console then takes its place in the same scene; a bad option
 * gives way to the reason in that same window.
 */
class ConsoleStartUiTest {
    private Application app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
    }

    @Test
    void theStartScreenShowsFirstAndTheConsoleTakesItsPlaceInTheSameScene() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        AtomicReference<Scene> firstScene = new AtomicReference<>();
        AtomicReference<Parent> firstRoot = new AtomicReference<>();
        javafx.beans.value.ChangeListener<Scene> first = (obs, was, scene) -> {
            if (scene != null && firstScene.compareAndSet(null, scene)) {
                firstRoot.set(scene.getRoot());
            }
        };
        FxToolkit.setupFixture(() -> {
            freshen(stage);
            stage.sceneProperty().addListener(first);
        });
        Path journal = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "start-ui-");
        app = FxToolkit.setupApplication(ConsoleApp.class, "--scenario=lagging-replica", "--journal=" + journal);

        waitUntil("the console's cluster table has rows", () -> {
            Node table = stage.getScene() == null ? null : stage.getScene().getRoot().lookup("#clusterTable");
            return table instanceof TableView<?> t && !t.getItems().isEmpty();
        }, () -> {
            Parent root = stage.getScene() == null ? null : stage.getScene().getRoot();
            Node table = root == null ? null : root.lookup("#clusterTable");
            return "root " + describe(root) + ", cluster table " + (table instanceof TableView<?> t
                    ? t.getItems().size() + " rows" : "not found") + ", title " + stage.getTitle();
        });

        FxToolkit.setupFixture(() -> stage.sceneProperty().removeListener(first));
        assertNotNull(firstRoot.get(), "no scene was ever set on the stage");
        assertEquals("startScreen", firstRoot.get().getId(), "the first scene's root was not the start screen");
        List<String> texts = new ArrayList<>();
        List<String> controls = new ArrayList<>();
        walk(firstRoot.get(), texts, controls);
        assertTrue(controls.isEmpty(), "the start screen holds controls (their classes and the theme before the first frame): "
                + controls);
        assertTrue(texts.contains("sim:lagging-replica"), "the start screen names the cluster: " + texts);
        assertTrue(texts.contains("SIMULATION"), "the start screen's band says which world this is: " + texts);
        assertSame(firstScene.get(), stage.getScene(), "the console opened in another scene instead of replacing the start screen");
        assertTrue(WaitForAsyncUtils.asyncFx(() -> stage.getTitle()).get().contains("lagging-replica"),
                "the window's title follows the console's view model");
    }

    @Test
    void aBadOptionGivesWayToTheReasonInTheSameWindow() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> freshen(stage));
        Path journal = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "start-ui-");
        app = FxToolkit.setupApplication(ConsoleApp.class, "--scenario=no-such-scenario", "--journal=" + journal);
        waitUntil("the start error shows", () -> stage.getScene() != null
                && stage.getScene().getRoot().lookup(".start-error") != null,
                () -> "root " + describe(stage.getScene() == null ? null : stage.getScene().getRoot()));
        String text = WaitForAsyncUtils.asyncFx(() -> stage.getScene().getRoot().lookupAll(".label").stream()
                .map(n -> ((Label) n).getText()).toList().toString()).get();
        assertTrue(text.contains("The console could not start") && text.contains("no-such-scenario"), text);
    }

    /** TestFX's one primary stage, as an application gets a stage: the last test's console may have bound its title. */
    private static void freshen(Stage stage) {
        stage.titleProperty().unbind();
        stage.minWidthProperty().unbind();
        stage.minHeightProperty().unbind();
    }

    private static void walk(Node n, List<String> texts, List<String> controls) {
        if (n instanceof Control) {
            controls.add(n.getClass().getSimpleName());
        }
        if (n instanceof Text t) {
            texts.add(t.getText());
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                walk(c, texts, controls);
            }
        }
    }

    private static String describe(Parent root) {
        return root == null ? "none" : root.getClass().getSimpleName() + "#" + root.getId();
    }

    /**
     * Bounded; on timeout says what it last saw. The bound covers a whole application start (the console's classes
     * loaded for the first time in this JVM, the cluster opened), which the other tests do in an unbounded @Start.
     */
    private static void waitUntil(String what, Callable<Boolean> condition, Callable<String> lastSeen) throws Exception {
        long bound = 3 * ConsoleRobot.WAIT_SECONDS;
        try {
            WaitForAsyncUtils.waitFor(bound, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out after " + bound + " s waiting until " + what
                    + "; last saw " + WaitForAsyncUtils.asyncFx(lastSeen).get(), e);
        }
    }
}
