package dev.handover.ui.fx;

import dev.handover.app.Installed;
import dev.handover.journal.Journal;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.ConsoleContext;
import dev.handover.ui.ConsoleWindow;
import dev.handover.ui.appearance.SettingsFile;
import dev.handover.ui.copy.Copy;
import javafx.scene.Node;
import javafx.scene.control.Button;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the console tells you can be copied: the steps left by hand (Copy steps), the whole outcome (Copy outcome),
 * event-log lines (select, Ctrl+C) and the whole log (Copy log), and a recovery card's steps — exactly as shown, a
 * password as the variable it comes from ({@code password=${HANDOVER_PGPASSWORD}}), never masked stars.
 * The run is {@link DegradedOutcomeUiTest}'s: committed with two steps left by hand.
 */
@ExtendWith(ApplicationExtension.class)
class CopyUiTest {
    private SimCluster sim;
    private ConsoleContext context;
    private ConsoleWindow window;

    @Start
    void start(Stage stage) throws Exception {
        sim = SimCluster.start(Scenarios.builtIn("healthy"), 7, new VirtualClock());
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "copy-ui-");
        context = ConsoleContext.of(new DegradedOutcomeUiTest.FencingBackend(sim), Installed.backends()).withJournal(Journal.at(dir.resolve("journal")));
        window = new ConsoleWindow(context, new SettingsFile(dir.resolve("console.properties")));
        window.showOn(stage, 1280, 800);
    }

    @AfterEach
    void close() {
        window.close();
        context.executor().close();
        sim.close();
    }

    @Test
    void stepsOutcomeLogAndRecoveryCardsAreCopiedAsShown(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        console.pickTarget("n2");
        console.start();
        console.waitForOutcome("COMMITTED, TOPOLOGY DEGRADED");

        robot.clickOn("#copySteps");
        assertEquals("1. " + DegradedOutcomeUiTest.STEPS.get(0) + "\n2. " + DegradedOutcomeUiTest.STEPS.get(1), clipboard());

        robot.clickOn("#copyOutcome");
        String outcome = clipboard();
        assertTrue(outcome.startsWith("COMMITTED, TOPOLOGY DEGRADED: n1 is not streaming from n2"), outcome);
        assertTrue(outcome.contains("2. " + DegradedOutcomeUiTest.STEPS.get(1)), outcome);
        assertTrue(outcome.contains("Run ended at "), outcome);

        javafx.scene.control.ListView<?> logView = robot.lookup("#eventLog").queryAs(javafx.scene.control.ListView.class);
        robot.interact(() -> logView.scrollTo(0));
        Node first = robot.lookup("#eventLog .list-cell").match((javafx.scene.control.ListCell<?> c) -> c.getIndex() == 0)
                .query();
        robot.clickOn(first);
        robot.press(KeyCode.CONTROL, KeyCode.C).release(KeyCode.C, KeyCode.CONTROL);
        console.waitUntil("the selected line is copied", () -> Copy.clipboardText().contains("Start: hand n1 → n2"));
        assertEquals(1, clipboard().lines().count(), "one line selected, one copied: " + clipboard());

        robot.clickOn("#copyLog");
        String log = clipboard();
        assertTrue(log.contains("Start: hand n1 → n2") && log.contains("COMMITTED, TOPOLOGY DEGRADED"), log);
        assertEquals(window.viewModel().run().log().size(), log.lines().count(), "every line, once: " + log);

        console.waitUntil("the run is listed for recovery", () -> robot.lookup(".copy-button")
                .match((Button b) -> b.getId() != null && b.getId().startsWith("copySteps-")).tryQuery().isPresent());
        console.showRecoveryRuns();
        Button card = robot.lookup(".copy-button").match((Button b) -> b.getId() != null && b.getId().startsWith("copySteps-"))
                .queryAs(Button.class);
        console.scrollIntoView(card);
        robot.clickOn(card);
        String cardText = clipboard();
        assertTrue(cardText.contains(DegradedOutcomeUiTest.STEPS.get(1)), cardText);
        assertFalse(cardText.contains("Acknowledge"), "the buttons are not copied: " + cardText);
        // The card's steps went through the journal, which masks secrets: the password's variable is no secret and is
        // kept, so the pasted step works where HANDOVER_PGPASSWORD is set; never stars.
        assertTrue(cardText.contains("password=${HANDOVER_PGPASSWORD}"), cardText);
        assertFalse(cardText.contains("***") || outcome.contains("***") || log.contains("***"), cardText);
    }

    private static String clipboard() throws Exception {
        return WaitForAsyncUtils.asyncFx(Copy::clipboardText).get();
    }
}
