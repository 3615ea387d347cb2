package dev.handover.ui.fx;

import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.cluster.NodeRow;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node that does not answer (crashed: its status call fails) is shown with its term, positions and lag
 * unknown, on screen; before, the table read its numbers as if they had been read and the preflight
 * passed its "0 LSN behind (0ms)". And the table's lag column carries its unit in each cell, under a
 * header without one (it said "Lag (s)" over "50ms").
 */
@ExtendWith(ApplicationExtension.class)
class UnknownReadingsUiTest {
    private OpenedConsole opened;

    @Start
    void start(Stage stage) throws Exception {
        SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 1, new VirtualClock());
        sim.faults().crash("n3");
        opened = OpenedConsole.show(stage, sim);
    }

    @AfterEach
    void close() {
        opened.close();
    }

    @Test
    void anUnreachableNodeShowsUnknownNotZeros(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        console.waitUntil("n3's row is drawn", () -> cells(robot, "n3").size() >= 10);

        List<String> n3 = cells(robot, "n3");
        // Node, address, region, role, term, LSN, durable LSN, behind, lag, health.
        assertEquals(List.of("unknown", "unknown", "unknown", "unknown", "unknown", "unknown"), n3.subList(3, 9), n3.toString());
        assertTrue(n3.get(9).startsWith("unreachable"), n3.toString());

        // Units: the header names no unit; every lag cell carries its own.
        Set<String> headers = robot.lookup(".column-header .label").queryAllAs(Labeled.class).stream()
                .map(Labeled::getText).collect(Collectors.toSet());
        assertTrue(headers.contains("Lag") && !headers.contains("Lag (s)"), headers.toString());
        String n2Lag = cells(robot, "n2").get(8);
        assertTrue(n2Lag.matches("\\d+(\\.\\d+)?(ms|s)"), "n2's lag with its unit: " + n2Lag);

        // The preflight of the unreachable target reads no lag and no catch-up into its missing numbers.
        console.pickTarget("n3");
        console.waitUntil("the preflight is shown", () -> preflight(robot).stream().anyMatch(t -> t.startsWith("Replication lag")));
        List<String> lines = preflight(robot);
        assertFalse(lines.stream().anyMatch(t -> t.contains("0 LSN behind") || t.contains("(0ms)")), lines.toString());
        assertTrue(lines.stream().anyMatch(t -> t.startsWith("unknown: n3 did not answer")), lines.toString());
    }

    /** The texts of the cells of {@code id}'s row, left to right, as drawn. */
    private static List<String> cells(FxRobot robot, String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup(".table-row-cell").queryAll().stream()
                .map(n -> (TableRow<?>) n)
                .filter(r -> r.getItem() instanceof NodeRow row && row.id().equals(id))
                .findFirst()
                .map(r -> r.lookupAll(".table-cell").stream().map(c -> ((Labeled) c).getText())
                        .map(t -> t == null ? "" : t).toList())
                .orElse(List.of())).get();
    }

    /** Every text of the preflight checklist (badges, titles, reasons). */
    private static List<String> preflight(FxRobot robot) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup("#preflight").query().lookupAll(".label").stream()
                .map(n -> ((Labeled) n).getText()).filter(t -> t != null).toList()).get();
    }

}
