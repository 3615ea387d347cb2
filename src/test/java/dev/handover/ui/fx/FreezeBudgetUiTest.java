package dev.handover.ui.fx;

import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11, point 6: a coordinated run whose freeze would last about a minute passed preflight green, and
 * a long freeze showed green in the outcome. The projected write freeze is now a preflight line against a
 * budget the operator sets in the form; a blocked run lists what would pass; a commit that froze writes
 * past the budget reads amber. Virtual time: the runs take no wall time to speak of.
 */
@ExtendWith(ApplicationExtension.class)
class FreezeBudgetUiTest {
    /**
     * n2 is 200 kB behind applying 100 kB/s (a 2 s catch-up, inside a 5 s budget), until 0.5 s into the run
     * its apply slows tenfold: the catch-up then takes about 15.5 s.
     */
    private static final String SLOWED = """
            {
              "name": "slowed-during-run", "title": "t", "briefing": "b",
              "nodes": [
                {"id": "n1", "addr": "10.0.1.1:5432", "region": "eu-west", "role": "primary", "term": 3},
                {"id": "n2", "addr": "10.0.1.2:5432", "region": "eu-west", "role": "replica", "applyRate": 100000,
                 "linkDelay": "2ms", "behind": 200000},
                {"id": "n3", "addr": "10.0.1.3:5432", "region": "eu-west", "role": "replica", "applyRate": 50000,
                 "linkDelay": "2ms", "behind": 600000}
              ],
              "load": {"writesPerSecond": 250, "writeSize": 600, "jitter": 0.5},
              "faults": [{"at": "0.5s", "fault": "slow", "node": "n2", "factor": 0.1}]
            }
            """;

    @TempDir
    Path dir;
    private OpenedConsole opened;

    @AfterEach
    void close() {
        if (opened != null) {
            opened.close();
        }
    }

    private ConsoleRobot open(FxRobot robot, SimCluster sim) {
        robot.interact(() -> opened = OpenedConsole.show(new Stage(), sim));
        return new ConsoleRobot(robot);
    }

    @Test
    void aFreezePastTheBudgetFailsPreflightListsWhatWouldPassAndTheBudgetIsTheOperators(FxRobot robot) throws Exception {
        ConsoleRobot console = open(robot, SimCluster.start(Scenarios.builtIn("lagging-replica"), 3, new VirtualClock()));
        console.waitForCluster();
        console.pickTarget("n3");
        console.setField("#deadline", "2m"); // n3 would make it: about a minute of catch-up, writes frozen all along

        console.waitUntil("the freeze line fails", () -> verdict("#check-projected-write-freeze", robot).equals("FAIL"));
        assertTrue(why("#check-projected-write-freeze", robot).contains("against a freeze budget of 5s"),
                why("#check-projected-write-freeze", robot));
        assertEquals("PASS", verdict("#check-coordinated-run", robot), "it would complete: only the freeze is too long");
        assertTrue(console.button("#start").isDisabled());
        assertTrue(console.text("#blockedReason").startsWith("Preflight failed"), console.text("#blockedReason"));
        List<String> would = suggestions(robot);
        assertEquals("What would pass", would.get(0));
        assertEquals("→ Pick n2 instead: every check passes, writes frozen for the commit only (nothing to catch up)", would.get(1));
        assertTrue(would.get(2).startsWith("→ Or accept a longer freeze: set the freeze budget to "), would.get(2));
        assertTrue(would.get(3).startsWith("→ Only as a last resort, Force"), "Force comes last: " + would.get(3));

        console.setField("#freezeBudget", "0");
        console.waitUntil("a zero budget is refused", () -> console.text("#freezeBudgetError")
                .equals("Freeze budget must be between 100ms and 10m, got 0"));
        assertTrue(console.button("#start").isDisabled());

        console.setField("#freezeBudget", "2m"); // the operator accepts a long freeze
        console.waitUntil("Start is enabled", () -> !console.button("#start").isDisabled());
        assertEquals("PASS", verdict("#check-projected-write-freeze", robot));
        assertFalse(console.showing("#preflightSuggestions"), "nothing to suggest once it passes");
    }

    @Test
    void aCommitThatFrozeWritesPastTheBudgetIsAmberNotGreen(FxRobot robot) throws Exception {
        Path file = dir.resolve("slowed.json");
        Files.writeString(file, SLOWED);
        ConsoleRobot console = open(robot, SimCluster.start(Scenarios.load(file), 5, new VirtualClock()));
        console.waitForCluster();
        console.pickTarget("n2");
        console.waitUntil("the freeze projects within the budget", () ->
                verdict("#check-projected-write-freeze", robot).equals("PASS"));
        console.start();

        console.waitForOutcome("Committed, writes frozen ");
        String headline = console.text("#outcomeHeadline");
        assertTrue(headline.endsWith(" (budget 5s): n2 is primary"), headline);
        Node panel = robot.lookup("#outcome").query();
        assertTrue(panel.getStyleClass().contains("outcome-warn"), panel.getStyleClass().toString());
        assertFalse(panel.getStyleClass().contains("outcome-good"), panel.getStyleClass().toString());
        assertTrue(console.text("#outcomeDetail").contains("no acknowledged write was lost"), console.text("#outcomeDetail"));
    }

    private static String verdict(String line, FxRobot robot) {
        return robot.lookup(line + " .verdict").tryQuery().map(n -> ((Label) n).getText()).orElse("");
    }

    private static String why(String line, FxRobot robot) {
        return robot.lookup(line + " .check-why").queryAs(Label.class).getText();
    }

    private static List<String> suggestions(FxRobot robot) {
        return robot.lookup("#preflightSuggestions .label").queryAllAs(Label.class).stream().map(Label::getText).toList();
    }
}
