package dev.handover.ui.fx;

import dev.handover.run.PreFreezeStep;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.run.LogLine;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The waits before the freeze (the force run's write-rate sample, the run lock and the checks of primary, target and
 * poolers) are said in the console's event log as the CLI prints them, after Start's line and before the freeze.
 * Before, the log was silent there: on a real cluster, seconds in which nothing seemed to happen.
 */
@ExtendWith(ApplicationExtension.class)
class PreFreezeLogUiTest {
    private OpenedConsole opened;

    @Start
    void start(Stage stage) throws Exception {
        opened = OpenedConsole.show(stage, SimCluster.start(Scenarios.builtIn("healthy"), 7, new VirtualClock()));
    }

    @AfterEach
    void close() {
        opened.close();
    }

    @Test
    void theLogSaysTheWaitsBeforeTheFreezeInOrder(FxRobot robot) {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        console.pickTarget("n2");
        console.chooseForce();
        console.start();
        console.waitForOutcome("Zero-RPO handover: n2 is primary");
        console.waitUntil("the run's record is in the log", () -> texts(robot).stream()
                .anyMatch(t -> t.startsWith("Debrief: score")));

        List<String> log = texts(robot);
        int start = indexOf(log, "Start: hand n1 → n2");
        int sampling = log.indexOf(new PreFreezeStep.SamplingWriteRate("n1").text());
        int taking = log.indexOf(new PreFreezeStep.TakingTheCluster("n1", "n2").text());
        int frozen = indexOf(log, "Froze writes on n1");
        assertTrue(start == 0 && sampling == 1 && taking == 2 && frozen == 3,
                "Start, then the write-rate sample, then the run lock and checks, then the freeze: " + log);
    }

    /** The lines the event log shows, as its cells get them. */
    private static List<String> texts(FxRobot robot) {
        @SuppressWarnings("unchecked")
        ListView<LogLine> log = robot.lookup("#eventLog").queryAs(ListView.class);
        try {
            return WaitForAsyncUtils.asyncFx(() -> log.getItems().stream().map(LogLine::text).toList()).get();
        } catch (Exception e) {
            throw new AssertionError("could not read the event log", e);
        }
    }

    private static int indexOf(List<String> log, String start) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).startsWith(start)) {
                return i;
            }
        }
        return -1;
    }
}
