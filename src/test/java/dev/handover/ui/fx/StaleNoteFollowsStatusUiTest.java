package dev.handover.ui.fx;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import javafx.css.PseudoClass;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outcome's STALE note follows every status after the run, not the first move it saw: the primary moves
 * outside the console twice and the note names the one shown now (before: it kept naming the first); when the
 * run's own primary is primary again the note goes and the outcome is current again.
 */
@ExtendWith(ApplicationExtension.class)
class StaleNoteFollowsStatusUiTest {
    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");
    private OpenedConsole opened;

    @Start
    void start(Stage stage) throws Exception {
        SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 7, new VirtualClock());
        opened = OpenedConsole.show(stage, sim, sim, 1024, 700);
    }

    @AfterEach
    void close() {
        opened.close();
    }

    /** A coordinated switchover to {@code target} run straight on the simulator, as another tool would. */
    private void switchOutside(String target) throws Exception {
        ClusterSnapshot s = opened.sim.status();
        NodeStatus primary = s.primary().orElseThrow();
        NodeStatus to = s.node(target).orElseThrow();
        FailoverCoordinator.run(new FailoverRequest(primary.node(), to.node(), primary.role().term(), to.durableLsn(),
                new FailoverMode.Coordinated(Duration.ofSeconds(30))), opened.sim.uncheckedTransport(target, Duration.ofMillis(10)));
    }

    @Test
    void theStaleNoteNamesThePrimaryShownNowAndGoesWhenTheOutcomeIsCurrentAgain(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        console.pickTarget("n2");
        console.start();
        console.waitForOutcome("Zero-RPO handover: n2 is primary");
        console.waitForPrimaryRow("n2", 8);
        // The note counts a move only away from a primary seen in place after the run: let two fresh statuses come.
        for (int i = 0; i < 2; i++) {
            Object seen = opened.window.viewModel().cluster().snapshot();
            console.waitUntil("a fresh status after the run", () -> opened.window.viewModel().cluster().snapshot() != seen);
        }

        switchOutside("n3");
        console.waitUntil("the note names n3", () -> console.text("#outcomeStale").startsWith("STALE: the cluster now shows n3"));

        switchOutside("n1");
        console.waitUntil("the note follows the next move to n1: " + console.text("#outcomeStale"),
                () -> console.text("#outcomeStale").startsWith("STALE: the cluster now shows n1 as primary"));
        assertFalse(console.text("#outcomeStale").contains("n3"), console.text("#outcomeStale"));
        assertTrue(robot.lookup("#outcome").query().getPseudoClassStates().contains(STALE));

        switchOutside("n2");
        console.waitUntil("n2 is primary again: the note is gone", () -> !console.showing("#outcomeStale")
                && console.text("#outcomeStale").isEmpty());
        assertFalse(robot.lookup("#outcome").query().getPseudoClassStates().contains(STALE),
                "the outcome is current again, not marked stale");
    }
}
