package dev.handover.ui.fx;

import dev.handover.app.Installed;
import dev.handover.journal.Journal;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.ConsoleContext;
import dev.handover.ui.ConsoleWindow;
import dev.handover.ui.JournalFixtures;
import dev.handover.ui.appearance.Appearance;
import dev.handover.ui.appearance.SettingsFile;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.text.Text;
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
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console at 1024×700 in the dark theme, with runs needing action on this simulator and on a real cluster
 * and runs in History: the cluster table's Health header whole (or a scroll bar to it) after the text was made
 * larger and back; the recovery prompt one summary line that counts the other cluster's runs, Mode and Deadline
 * in view without scrolling, the runs behind Show, the other cluster's run saying whose it is; History's Time
 * column showing a compact time whole, the full timestamp as its tooltip.
 */
@ExtendWith(ApplicationExtension.class)
class SmallWindowDetailsUiTest {
    private OpenedConsole opened;
    private Appearance appearance;
    private String here;
    private String realRun;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "small-window-");
        Journal journal = Journal.at(dir.resolve("journal"));
        JournalFixtures.played(journal, "healthy", "n2");
        realRun = JournalFixtures.diedOnPostgres(journal, "pg:/etc/handover/prod-cluster.json", false);
        SimCluster sim = SimCluster.start(Scenarios.builtIn("lagging-replica"), 3, new VirtualClock());
        here = JournalFixtures.crashedWhileFrozen(journal); // on sim:lagging-replica, the cluster on screen
        ConsoleContext context = ConsoleContext.of(sim, Installed.backends()).withJournal(journal);
        ConsoleWindow window = new ConsoleWindow(context, new SettingsFile(dir.resolve("console.properties")));
        appearance = window.appearance();
        appearance.darkProperty().set(true);
        window.showOn(stage, 1024, 700);
        opened = OpenedConsole.wrap(sim, context, window);
    }

    @AfterEach
    void close() {
        opened.close();
    }

    @Test
    void healthRecoveryAndHistoryTimeReadWholeAt1024x700(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();

        // Health: larger text and back (the DBA's Ctrl+= Ctrl+= Ctrl+0) must not leave the columns past the edge.
        robot.interact(appearance::larger);
        robot.interact(appearance::larger);
        console.waitUntil("Health is whole at 125 %: " + health(robot), () -> health(robot).isEmpty());
        robot.interact(appearance::normalSize);
        console.waitUntil("Health is whole back at 100 %: " + health(robot), () -> health(robot).isEmpty());

        // The recovery prompt: one line, counting the real cluster's run as another cluster's.
        console.waitUntil("the recovery prompt shows both runs", () -> console.showing("#recoveryPanel")
                && opened.window.viewModel().recovery().pending().size() == 2);
        assertEquals("Runs need action: 1 here, 1 on another cluster", console.text("#recoverySummary"));
        assertFalse(console.showing("#recoveryDetails"), "folded at first");
        assertTrue(fx(() -> robot.lookup("#recoveryPanel").query().getLayoutBounds().getHeight() < 80),
                "folded, the prompt is about one line: " + fx(() -> robot.lookup("#recoveryPanel").query().getLayoutBounds()));
        for (String id : new String[] {"#coordinatedMode", "#deadline", "#start"}) {
            String problem = fx(() -> outOfView(robot.lookup(id).query()));
            assertEquals("", problem, id + " in view without scrolling");
        }
        robot.clickOn("#recoveryToggle");
        console.waitUntil("the runs are listed", () -> console.showing("#acknowledge-" + here));
        assertTrue(robot.lookup("#recoveryToggle").queryAs(ToggleButton.class).getText().equals("Hide"));
        assertEquals("Another cluster's run: pg:/etc/handover/prod-cluster.json", console.text("#recoveryElsewhere-" + realRun));
        assertTrue(robot.lookup("#recoveryElsewhere-" + here).tryQuery().isEmpty(), "this cluster's run needs no such line");
        assertTrue(fx(() -> sceneY(robot.lookup("#acknowledge-" + here).query()) < sceneY(robot.lookup("#acknowledge-" + realRun).query())),
                "the run of the cluster on screen comes first");

        // History: the Time column shows its compact time whole, the full timestamp in its tooltip.
        robot.interact(() -> opened.window.view().showHistory());
        console.waitUntil("History lists the runs", () -> opened.window.viewModel().history().runs().size() == 3);
        WaitForAsyncUtils.waitForFxEvents();
        String times = fx(() -> {
            StringBuilder bad = new StringBuilder();
            int seen = 0;
            for (Node n : robot.lookup("#historyTable .table-cell").queryAll()) {
                if (n instanceof TableCell<?, ?> cell && cell.getTableColumn() != null
                        && "Time".equals(cell.getTableColumn().getText()) && cell.getText() != null && cell.isVisible()) {
                    seen++;
                    String shown = shown(cell);
                    if (!shown.equals(cell.getText()) || !shown.matches("(\\d\\d-\\d\\d )?\\d\\d:\\d\\d(:\\d\\d)?")
                            || cell.getTooltip() == null || !cell.getTooltip().getText().startsWith(String.valueOf(cell.getItem()))) {
                        bad.append(cell.getText()).append(" shown as ").append(shown).append("; ");
                    }
                }
            }
            return seen == 3 ? bad.toString() : "saw " + seen + " time cells; " + bad;
        });
        assertEquals("", times);
    }

    /** "" when the Health header is drawn whole and lies inside the table (or a horizontal scroll bar reaches it). */
    private static String health(FxRobot robot) {
        try {
            return fx(() -> {
                TableView<?> table = robot.lookup("#clusterTable").queryAs(TableView.class);
                Labeled header = robot.from(table).lookup(".column-header .label")
                        .match((Labeled l) -> "Health".equals(l.getText())).queryAs(Labeled.class);
                String shown = shown(header);
                Bounds h = header.localToScene(header.getLayoutBounds());
                Bounds t = table.localToScene(table.getLayoutBounds());
                boolean inside = h.getMaxX() <= t.getMaxX() + 0.5;
                boolean scrolls = table.lookupAll(".scroll-bar").stream().anyMatch(n -> n instanceof ScrollBar b
                        && b.getOrientation() == Orientation.HORIZONTAL && b.isVisible());
                return shown.equals("Health") && (inside || scrolls) ? ""
                        : "shown \"" + shown + "\", header ends at " + h.getMaxX() + ", table at " + t.getMaxX();
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String shown(Labeled l) {
        return ((Parent) l).getChildrenUnmodifiable().stream().filter(Text.class::isInstance).map(t -> ((Text) t).getText())
                .findFirst().orElse("");
    }

    private static double sceneY(Node n) {
        return n.localToScene(n.getLayoutBounds()).getMinY();
    }

    /** "" when {@code node} shows inside the window and inside every ancestor (no scroll pane holds it out of view). */
    private static String outOfView(Node node) {
        Bounds b = node.localToScene(node.getLayoutBounds());
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return n + " is hidden";
            }
            Bounds a = n.localToScene(n.getLayoutBounds());
            if (n != node && !(n instanceof javafx.scene.Group) && (b.getMinY() < a.getMinY() - 0.5 || b.getMaxY() > a.getMaxY() + 0.5)) {
                return "at " + b + ", outside " + n.getClass().getSimpleName() + n.getStyleClass() + " at " + a;
            }
        }
        return b.getMaxY() <= node.getScene().getHeight() + 0.5 ? "" : "below the window: " + b;
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get();
    }
}
