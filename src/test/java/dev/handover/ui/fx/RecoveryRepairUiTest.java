package dev.handover.ui.fx;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ObservedRole;
import dev.handover.cluster.StaleFreezeRelease;
import dev.handover.cluster.TopologyCheck;
import dev.handover.journal.Journal;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.FakeCluster;
import dev.handover.ui.JournalFixtures;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console starts on a journal holding runs that died on a real cluster: one whose commit was next
 * (repair the topology), one that froze and committed nothing (release the freeze). The runs' cluster is
 * a fake backend offering both capabilities; the first repair leaves steps, the second checks out.
 */
@ExtendWith(ApplicationExtension.class)
class RecoveryRepairUiTest {
    private static final String PG = "pg:/etc/handover/cluster.json";

    private OpenedConsole opened;
    private Journal journal;
    private String atCommit;
    private String frozen;
    private final List<AfterRun> repairs = new ArrayList<>();
    private final List<StaleFreezeRelease.StaleRun> released = new ArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "recovery-repair-ui-");
        journal = Journal.at(dir);
        atCommit = JournalFixtures.diedOnPostgres(journal, PG, true);
        frozen = JournalFixtures.diedOnPostgres(journal, PG, false);
        repairs.add(new AfterRun(List.of(new AfterRun.Step(Optional.empty(), "pg1 pointed at pg2")),
                List.of("start pg3: pg_ctl start -D /data/pg3", "check pg3 streams from pg2"),
                List.of(new TopologyCheck("pg3 streams from pg2 on timeline 4", false, "cannot be reached",
                        TopologyCheck.Severity.DEGRADING)),
                List.of(new ObservedRole("pg2", ObservedRole.Kind.PRIMARY, 4, Optional.empty(), "timeline 4"))));
        repairs.add(new AfterRun(List.of(new AfterRun.Step(Optional.empty(), "pg3 started as a standby of pg2")), List.of(),
                List.of(new TopologyCheck("pg3 streams from pg2 on timeline 4", true, "", TopologyCheck.Severity.DEGRADING)),
                List.of(new ObservedRole("pg2", ObservedRole.Kind.PRIMARY, 4, Optional.empty(), "timeline 4"))));
        FakeCluster recorded = new FakeCluster(0)
                .withTopologyRepair(() -> repairs.remove(0))
                .withStaleFreezeRelease(run -> {
                    released.add(run);
                    return new StaleFreezeRelease.Result.Released(run.primary(), "writes resumed on " + run.primary());
                });
        opened = OpenedConsole.show(stage, SimCluster.start(Scenarios.builtIn("healthy"), 1, new VirtualClock()),
                c -> c.withJournal(journal).withRecordedClusters(name -> recorded));
    }

    @AfterEach
    void close() {
        opened.close();
    }

    /** The prompt scrolls (each card of another cluster says whose run it is): bring the button into view first. */
    private static void clickInView(FxRobot robot, ConsoleRobot console, String id) {
        console.scrollIntoView(robot.lookup(id).query());
        robot.clickOn(id);
    }

    private List<String> texts(FxRobot robot, String id) throws Exception {
        VBox box = robot.lookup(id).queryAs(VBox.class);
        return WaitForAsyncUtils.asyncFx(() -> box.getChildren().stream().map(n -> ((Label) n).getText()).toList()).get();
    }

    @Test
    void repairShowsTheStepsLeftInRedThenAcknowledgesWhenTheTopologyChecksOut(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.showRecoveryRuns();
        console.waitUntil("the prompt offers to repair the run that died at its commit",
                () -> robot.lookup("#repair-" + atCommit).match(org.testfx.util.NodeQueryUtils.isVisible()).tryQuery()
                        .isPresent()); // present is not enough to click: once seen failing under load, listed but not shown yet
        assertTrue(robot.lookup("#repair-" + frozen).tryQuery().isEmpty(), "nothing committed: nothing to repair");

        clickInView(robot, console, "#repair-" + atCommit);
        console.waitUntil("the plan is shown with its confirmation", () -> robot.lookup("#repairGo-" + atCommit)
                .match(org.testfx.util.NodeQueryUtils.isVisible()).tryQuery().isPresent());
        clickInView(robot, console, "#repairGo-" + atCommit);

        console.waitUntil("the repair's result is on the card", () -> robot.lookup("#repairResult-" + atCommit).tryQuery()
                .map(n -> n.getStyleClass().contains("repair-degraded")).orElse(false));
        List<String> lines = texts(robot, "#repairResult-" + atCommit);
        assertTrue(lines.get(0).startsWith("NOT REPAIRED: the topology is still degraded"), lines.toString());
        assertTrue(lines.containsAll(List.of("Done:", "  pg1 pointed at pg2", "REMAINING STEPS BY HAND (2):",
                "1. start pg3: pg_ctl start -D /data/pg3", "2. check pg3 streams from pg2",
                "  FAILED  pg3 streams from pg2 on timeline 4 (cannot be reached)")), lines.toString());
        Label step = robot.lookup("#repairResult-" + atCommit + " .recovery-repair-remaining").queryAs(Label.class);
        assertEquals(Color.web("#b42318"), WaitForAsyncUtils.asyncFx(step::getTextFill).get(), "the steps left are red");
        assertFalse(journal.find(atCommit).acknowledged().isPresent(), "steps remain: not acknowledged");

        clickInView(robot, console, "#repair-" + atCommit);
        console.waitUntil("the plan is shown with its confirmation", () -> robot.lookup("#repairGo-" + atCommit)
                .match(org.testfx.util.NodeQueryUtils.isVisible()).tryQuery().isPresent());
        clickInView(robot, console, "#repairGo-" + atCommit);

        console.waitUntil("the repaired run leaves the prompt", () -> robot.lookup("#repair-" + atCommit).tryQuery().isEmpty());
        assertEquals("repaired by the console's recovery prompt: every check holds",
                journal.find(atCommit).acknowledged().orElseThrow().note());
        assertTrue(console.showing("#recoveryPanel"), "the frozen run is still listed");

        clickInView(robot, console, "#release-" + frozen);

        console.waitUntil("the released run is acknowledged and the prompt is gone", () -> !console.showing("#recoveryPanel"));
        assertEquals(List.of(new StaleFreezeRelease.StaleRun("pg1", 3, "pg2")), released);
        assertTrue(journal.pendingRecoveries().isEmpty());
    }
}
