package dev.handover.ui.fx;

import dev.handover.journal.Journal;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.JournalFixtures;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console starts on a journal holding a run that died while writes were frozen. */
@ExtendWith(ApplicationExtension.class)
class RecoveryUiTest {
    private OpenedConsole opened;
    private Journal journal;
    private String crashed;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "recovery-ui-");
        journal = Journal.at(dir);
        crashed = JournalFixtures.crashedWhileFrozen(journal);
        opened = OpenedConsole.show(stage, SimCluster.start(Scenarios.builtIn("healthy"), 1, new VirtualClock()),
                c -> c.withJournal(journal));
    }

    @AfterEach
    void close() {
        opened.close();
    }

    @Test
    void theRecoveryPromptSaysToResumeWritesAndAcknowledgingClearsIt(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitUntil("the recovery prompt shows", () -> console.showing("#recoveryPanel"));
        console.showRecoveryRuns();
        String texts = String.join("\n", robot.lookup("#recoveryItems .label").queryAllAs(Label.class).stream()
                .map(Label::getText).toList());
        assertTrue(texts.contains("Run " + crashed + " on sim:lagging-replica (n1 → n3): RESUME WRITES on n1 (10.0.1.1:5432)"),
                texts);
        assertTrue(texts.contains("n1"), texts);

        robot.clickOn("#acknowledge-" + crashed);

        console.waitUntil("the prompt is gone", () -> !console.showing("#recoveryPanel"));
        Node panel = robot.lookup("#recoveryPanel").query();
        assertFalse(panel.isManaged(), "the prompt gives its room back to the form");
        assertTrue(journal.pendingRecoveries().isEmpty());
        assertTrue(journal.find(crashed).acknowledged().isPresent());
    }
}
