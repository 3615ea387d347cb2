package dev.handover.ui.fx;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console clicked through on a simulated cluster in virtual time: the coordinator's own poll
 * sleeps move the clock, so a catch-up or a force timeout takes no wall time, and nothing moves
 * while the operator reads the force prompt.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleUiTest {
    private OpenedConsole opened;

    @Start
    void start(Stage stage) throws Exception {
        String scenario = System.getProperty("handover.test.scenario", "healthy");
        opened = OpenedConsole.show(stage, SimCluster.start(Scenarios.builtIn(scenario), 7, new VirtualClock()));
    }

    @AfterEach
    void close() {
        opened.close();
    }

    @Test
    void aCoordinatedSwitchoverEndsZeroRpoWithNewRolesAndTerm(FxRobot robot) {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        assertEquals("n1", console.primaryRow().id());
        assertEquals(7, console.primaryRow().term());

        console.pickTarget("n2");
        console.start();

        console.waitForOutcome("Zero-RPO handover: n2 is primary");
        assertEquals("Term 7 → 8", console.text("#outcomeTerm"));
        assertTrue(console.text("#outcomeRoles").equals("n2 primary · n1 replica of n2"), console.text("#outcomeRoles"));
        assertTrue(console.text("#outcomeFrozen").startsWith("Writes were frozen for"), console.text("#outcomeFrozen"));
        console.waitForPrimaryRow("n2", 8);
        console.waitUntil("n1 is listed as a replica of n2", () -> console.table().getItems().stream()
                .anyMatch(r -> r.id().equals("n1") && r.role().equals("replica of n2") && r.term() == 8));
        assertTrue(opened.sim.acceptsWrites("n2"));
        assertEquals(0, opened.sim.invariants().lostWrites());
    }

    @Test
    void startIsDisabledWithoutATargetOrWithABadDeadline(FxRobot robot) {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        assertTrue(console.button("#start").isDisabled());
        assertEquals("Pick a target replica", console.text("#blockedReason"));

        console.pickTarget("n2");
        console.waitUntil("Start is enabled", () -> !console.button("#start").isDisabled());

        console.setField("#deadline", "soon");
        console.waitUntil("Start is disabled again", () -> console.button("#start").isDisabled());
        assertEquals("Deadline \"soon\" is not a duration; type e.g. 30s, 500ms or 1m30s", console.text("#deadlineError"));

        console.setField("#deadline", "45s");
        console.waitUntil("Start is enabled", () -> !console.button("#start").isDisabled());
        assertFalse(console.showing("#deadlineError"));

        // The CLI's rule too: the poll must fit the cluster's freeze lease (5 s here), with room to renew it.
        console.setField("#pollInterval", "3s");
        console.waitUntil("Start is disabled by the poll", () -> console.button("#start").isDisabled());
        assertTrue(console.text("#pollError").startsWith("Poll interval 3s is too long for the cluster's 5s freeze lease"),
                console.text("#pollError"));
        console.setField("#pollInterval", "2s");
        console.waitUntil("Start is enabled", () -> !console.button("#start").isDisabled());
    }

    @Test
    void theClusterTableMarksThePrimaryRow(FxRobot robot) {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        console.waitUntil("the primary row is styled", () -> robot.lookup(".table-row-cell")
                .match(n -> n.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("primary")))
                .tryQuery().isPresent());
        Label name = robot.lookup("#clusterName").queryAs(Label.class);
        assertEquals("sim:healthy", name.getText());
    }

    @Test
    void theBandSaysSimulationAndTheTrainingIsThere(FxRobot robot) {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        assertEquals("SIMULATION", console.text("#worldKind"));
        assertEquals("healthy · Healthy cluster: a routine switchover · no real database is touched",
                console.text("#worldDetail"));
        assertTrue(robot.lookup("#worldBand").query().getPseudoClassStates()
                .contains(javafx.css.PseudoClass.getPseudoClass("simulation")), "the band is the calm one");
        assertEquals("Handover — SIMULATION · healthy", ((javafx.stage.Stage) robot.lookup("#worldBand").query()
                .getScene().getWindow()).getTitle());
        assertTrue(robot.lookup("#simulationControls").query().isVisible(), "scenario picker and clock");
        assertFalse(robot.lookup("#backToSimulation").query().isVisible());
        assertTrue(robot.lookup("#leftTabs").queryAs(javafx.scene.control.TabPane.class).getTabs().stream()
                .anyMatch(t -> t.getText().equals("Drill & faults")));
    }

    static long skippedNow(SimCluster sim, String target) throws Exception {
        ClusterSnapshot s = sim.status();
        return ConsoleRobot.skipped(s, target);
    }
}
