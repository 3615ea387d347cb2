package dev.handover.ui.fx;

import dev.handover.journal.Journal;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.Requester;
import dev.handover.journal.Who;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.history.HistoryRow;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The switchover form's Operator, Reason and Ticket (issue 23, who and why): a bad ticket blocks Start with the same
 * message the CLI gives; a good one goes into the run's record and the History lists who asked and why.
 */
@ExtendWith(ApplicationExtension.class)
class WhoAndWhyUiTest {
    private OpenedConsole opened;
    private Journal journal;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "who-and-why-ui-");
        journal = Journal.at(dir.resolve("journal"));
        opened = OpenedConsole.show(stage, SimCluster.start(Scenarios.builtIn("healthy"), 7, new VirtualClock()),
                c -> c.withJournal(journal));
    }

    @AfterEach
    void close() {
        opened.close();
    }

    @Test
    void theFormsWhoAndWhyAreRecordedAndListedInHistory(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        assertEquals(Who.operator(), robot.lookup("#operator").queryAs(javafx.scene.control.TextField.class).getText(),
                "the operator is filled in: this user at this host");
        console.pickTarget("n2");
        console.setField("#ticket", "CHG 1234");
        console.waitUntil("a bad ticket blocks Start, said as the CLI says it", () -> console.text("#whoError")
                .startsWith("Ticket \"CHG 1234\" is not a ticket id") && console.text("#blockedReason")
                .equals(console.text("#whoError")));

        console.setField("#ticket", "CHG-1234");
        console.setField("#reason", "kernel upgrade on n1");
        console.setField("#operator", "alice@db-admin1");
        console.waitUntil("the fields are good", () -> console.text("#whoError").isEmpty());
        console.start();
        console.waitForOutcome("Zero-RPO handover: n2 is primary");

        console.waitUntil("the run is recorded", () -> journal.load().runs().size() == 1);
        JournaledRun run = journal.load().runs().get(0);
        assertEquals(new Requester("alice@db-admin1", Optional.of("kernel upgrade on n1"), Optional.of("CHG-1234")),
                run.report().run().requester());

        robot.interact(() -> opened.window.view().showHistory());
        @SuppressWarnings("unchecked")
        TableView<HistoryRow> table = robot.lookup("#historyTable").queryAs(TableView.class);
        console.waitUntil("the history lists the run", () -> table.getItems().size() == 1);
        HistoryRow row = table.getItems().get(0);
        assertEquals("alice@db-admin1", row.operator());
        assertEquals("CHG-1234: kernel upgrade on n1", row.why());
        List<String> headers = table.getColumns().stream().map(javafx.scene.control.TableColumn::getText).toList();
        assertTrue(headers.contains("Operator") && headers.contains("Why"), headers.toString());
    }
}
