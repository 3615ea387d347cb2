package dev.handover.ui.fx;

import dev.handover.cluster.ClusterWorld;
import dev.handover.journal.Journal;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.FakeCluster;
import dev.handover.ui.JournalFixtures;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recovery prompt is folded to one line for a small window's sake, never to hide that the real cluster on
 * screen may have writes frozen: a run of this cluster that may have left them so unfolds it at once.
 */
@ExtendWith(ApplicationExtension.class)
class RecoveryUnfoldsUiTest {
    private OpenedConsole opened;
    private String frozenHere;

    @Start
    void start(Stage stage) throws Exception {
        Journal journal = Journal.at(Files.createTempDirectory(Path.of("target").toAbsolutePath(), "recovery-unfolds-"));
        FakeCluster cluster = new FakeCluster(10_000).primary("n1", "eu").replica("n2", "eu", 30, 10)
                .world(new ClusterWorld.Real("postgresql", "fake"));
        frozenHere = JournalFixtures.diedOnPostgres(journal, cluster.name(), false);
        JournalFixtures.diedOnPostgres(journal, "pg:/etc/handover/other.json", false);
        SimCluster unused = SimCluster.start(Scenarios.builtIn("healthy"), 7, new VirtualClock());
        opened = OpenedConsole.show(stage, unused, cluster, 1024, 700, c -> c.withJournal(journal));
    }

    @AfterEach
    void close() {
        opened.close();
    }

    @Test
    void aRunThatMayHaveLeftThisRealClusterFrozenShowsUnfolded(FxRobot robot) {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitUntil("the recovery prompt lists both runs", () -> console.showing("#recoveryPanel")
                && opened.window.viewModel().recovery().pending().size() == 2);
        assertEquals("Runs need action: 1 here, 1 on another cluster", console.text("#recoverySummary"));
        console.waitUntil("unfolded: this cluster's run and what to do are on screen",
                () -> console.showing("#recoveryDetails") && console.showing("#acknowledge-" + frozenHere));
        assertTrue(robot.lookup("#recoveryToggle").queryAs(ToggleButton.class).isSelected());
        assertTrue(console.text("#recoveryItems .recovery-headline").contains("RESUME WRITES on pg1"),
                console.text("#recoveryItems .recovery-headline"));
    }
}
