package dev.handover.ui.fx;

import dev.handover.journal.Journal;
import dev.handover.sim.Scenarios;
import dev.handover.ui.JournalFixtures;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.ConsoleWindow;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console at the window sizes a DBA uses — the minimum 1024×700, 1280×800 and 1920×1080 — on the
 * default simulated cluster, half an hour into its write load (positions in the hundreds of millions):
 * Start (coordinated and force) and Abort inside the window, not scrolled away; no tool bar overflow
 * menu; no cluster table header or cell cut to "…"; and after a committed run whose outcome is long (a
 * degraded topology with steps left by hand) the outcome panel inside the window, its headline whole,
 * its content fitting or scrolling.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleLayoutUiTest {
    private Stage stage;
    private OpenedConsole opened;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close() {
        if (opened != null) {
            opened.close();
        }
    }

    private ConsoleRobot open(FxRobot robot, String size) throws Exception {
        String[] wh = size.split("x");
        VirtualClock clock = new VirtualClock();
        SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 7, clock);
        clock.advance(Duration.ofMinutes(30));
        robot.interact(() -> opened = OpenedConsole.show(stage, sim, new DegradedOutcomeUiTest.FencingBackend(sim),
                Double.parseDouble(wh[0]), Double.parseDouble(wh[1])));
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        assertEquals(Double.parseDouble(wh[0]), stage.getScene().getWidth());
        assertEquals(Double.parseDouble(wh[1]), stage.getScene().getHeight());
        return console;
    }

    @ParameterizedTest
    @ValueSource(strings = {"1024x700", "1280x800", "1920x1080"})
    void startAndAbortAreInViewAndNothingIsCutOff(String size, FxRobot robot) throws Exception {
        ConsoleRobot console = open(robot, size);
        assertEquals(ConsoleWindow.MIN_WIDTH, stage.getMinWidth());
        assertEquals(ConsoleWindow.MIN_HEIGHT, stage.getMinHeight());

        console.pickTarget("n2");
        assertInView(robot, "#start");
        assertInView(robot, "#abort");
        console.chooseForce();
        console.waitUntil("the force warning shows", () -> console.showing("#forceWarning"));
        assertInView(robot, "#forceWarning");
        assertInView(robot, "#start");
        assertInView(robot, "#worldBand");

        assertTrue(fx(() -> robot.lookup(".tool-bar-overflow-button").queryAll().stream().noneMatch(Node::isVisible)),
                "the tool bar shows every control, no >> menu");
        console.waitUntil("every cell is laid out", () -> !cells(robot).isEmpty());
        List<String> cut = fx(() -> elided(robot));
        assertTrue(cut.isEmpty(), "cut to …: " + cut);
        List<String> formCut = fx(() -> elided(robot.lookup(".switchover-pane").queryParent()
                .lookupAll(".label, .radio-button, .button")));
        assertTrue(formCut.isEmpty(), "cut to … in the switchover form: " + formCut);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1024x700", "1280x800", "1920x1080"})
    void aLongOutcomeIsInViewAndScrolls(String size, FxRobot robot) throws Exception {
        ConsoleRobot console = open(robot, size);
        console.pickTarget("n2");
        console.start();
        console.waitForOutcome("COMMITTED, TOPOLOGY DEGRADED");
        console.waitUntil("the verification's lines are in", () -> !robot.lookup("#outcomeAfterRun").queryParent()
                .getChildrenUnmodifiable().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();

        assertInView(robot, "#outcome");
        assertInView(robot, "#outcomeHeadline");
        assertInView(robot, "#abort");
        ScrollPane scroll = robot.lookup(".outcome-scroll").queryAs(ScrollPane.class);
        boolean fits = fx(() -> scroll.getContent().getLayoutBounds().getHeight() <= scroll.getViewportBounds().getHeight() + 0.5);
        boolean scrolls = fx(() -> scroll.lookupAll(".scroll-bar").stream().map(ScrollBar.class::cast)
                .anyMatch(b -> b.getOrientation() == javafx.geometry.Orientation.VERTICAL && b.isVisible()));
        assertTrue(fits || scrolls, "the outcome's content neither fits its panel nor scrolls");
        Labeled headline = robot.lookup("#outcomeHeadline").queryAs(Labeled.class);
        assertEquals(headline.getText(), fx(() -> shown(headline)), "the headline is whole");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1024x700"})
    void healthIsAOneWordBadgeWithTheFullTextInItsTooltip(String size, FxRobot robot) throws Exception {
        String[] wh = size.split("x");
        VirtualClock clock = new VirtualClock();
        SimCluster sim = SimCluster.start(Scenarios.builtIn("stalled-replica"), 7, clock);
        clock.advance(Duration.ofMinutes(5));
        robot.interact(() -> opened = OpenedConsole.show(stage, sim, sim, Double.parseDouble(wh[0]), Double.parseDouble(wh[1])));
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        console.waitUntil("every cell is laid out", () -> !cells(robot).isEmpty());
        WaitForAsyncUtils.waitForFxEvents();

        List<String> badges = fx(() -> robot.lookup("#clusterTable .badge-cell").queryAll().stream()
                .map(n -> (javafx.scene.control.TableCell<?, ?>) n).filter(c -> c.getText() != null)
                .map(c -> c.getText() + " | " + c.getTooltip().getText()).sorted().toList());
        assertEquals(3, badges.size(), badges.toString());
        assertEquals("healthy | healthy", badges.get(0));
        assertEquals("healthy | healthy", badges.get(1));
        assertTrue(badges.get(2).matches("stalled \\| degraded: stalled: applying nothing, [0-9.]+ MB behind"), badges.get(2));
        List<String> cut = fx(() -> elided(robot));
        assertTrue(cut.isEmpty(), "cut to …: " + cut);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1024x700"})
    void withRunsNeedingActionStartStaysInView(String size, FxRobot robot) throws Exception {
        String[] wh = size.split("x");
        Journal journal = Journal.at(Files.createTempDirectory(Path.of("target").toAbsolutePath(), "layout-recovery-"));
        for (int i = 0; i < 4; i++) {
            JournalFixtures.crashedWhileFrozen(journal);
        }
        SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 7, new VirtualClock());
        robot.interact(() -> opened = OpenedConsole.show(stage, sim, sim, Double.parseDouble(wh[0]),
                Double.parseDouble(wh[1]), c -> c.withJournal(journal)));
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        console.waitUntil("the recovery prompt lists the four runs", () -> console.showing("#recoveryPanel")
                && opened.window.viewModel().recovery().pending().size() == 4);
        WaitForAsyncUtils.waitForFxEvents();

        assertInView(robot, ".recovery-title");
        assertInView(robot, "#start");
        assertInView(robot, "#abort");
        // The form itself may have to be scrolled to its fields here; what must never scroll away is Start.
        robot.interact(() -> {
            opened.window.viewModel().switchover().targetIdProperty().set("n2");
            opened.window.viewModel().switchover().modeProperty().set(dev.handover.ui.switchover.ModeKind.FORCE);
        });
        console.waitUntil("the force warning shows", () -> console.showing("#forceWarning"));
        WaitForAsyncUtils.waitForFxEvents();
        assertInView(robot, "#forceWarning");
        assertInView(robot, "#start");
    }

    /** {@code id} is showing, inside the window and inside every ancestor (no scroll pane holds it out of view). */
    private static void assertInView(FxRobot robot, String id) throws Exception {
        Node node = robot.lookup(id).query();
        String problem = fx(() -> {
            Bounds b = node.localToScene(node.getLayoutBounds());
            if (b.getHeight() <= 0 || b.getWidth() <= 0) {
                return id + " has no size: " + b;
            }
            for (Node n = node; n != null; n = n.getParent()) {
                if (!n.isVisible()) {
                    return id + " is hidden (" + n + " is not visible)";
                }
                Bounds a = n.localToScene(n.getLayoutBounds());
                if (n != node && !(n instanceof javafx.scene.Group) && !contains(a, b)) {
                    return id + " at " + b + " is outside " + n.getClass().getSimpleName() + n.getStyleClass() + " at " + a;
                }
            }
            Bounds scene = new javafx.geometry.BoundingBox(0, 0, node.getScene().getWidth(), node.getScene().getHeight());
            return contains(scene, b) ? "" : id + " at " + b + " is outside the window " + scene;
        });
        assertEquals("", problem);
    }

    private static boolean contains(Bounds outer, Bounds inner) {
        double slack = 0.5;
        return inner.getMinX() >= outer.getMinX() - slack && inner.getMinY() >= outer.getMinY() - slack
                && inner.getMaxX() <= outer.getMaxX() + slack && inner.getMaxY() <= outer.getMaxY() + slack;
    }

    private static Set<Node> cells(FxRobot robot) {
        return robot.lookup("#clusterTable .table-cell").queryAll();
    }

    /** Every table header and cell whose text is drawn shorter than it is ("…"), as "text → shown". */
    private static List<String> elided(FxRobot robot) {
        TableView<?> table = robot.lookup("#clusterTable").queryAs(TableView.class);
        List<Node> labeled = new ArrayList<>(table.lookupAll(".column-header .label"));
        labeled.addAll(table.lookupAll(".table-cell"));
        return elided(labeled);
    }

    private static List<String> elided(java.util.Collection<Node> labeled) {
        List<String> cut = new ArrayList<>();
        for (Node n : labeled) {
            if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty() && l.isVisible()) {
                String shown = shown(l);
                if (!shown.equals(l.getText())) {
                    cut.add(l.getText() + " → " + shown);
                }
            }
        }
        return cut;
    }

    /** The text a labeled control draws (its skin's text node), which ends in "…" when cut. */
    private static String shown(Labeled l) {
        return ((Parent) l).getChildrenUnmodifiable().stream().filter(Text.class::isInstance).map(t -> ((Text) t).getText())
                .findFirst().orElse("");
    }

    private static <T> T fx(java.util.concurrent.Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }
}
