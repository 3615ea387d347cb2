package dev.handover.ui.fx;

import dev.handover.journal.Journal;
import dev.handover.journal.ScheduleBook;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.switchover.ScheduleViewModel;
import dev.handover.ui.switchover.SwitchoverViewModel;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's Schedule… on the simulated cluster, its countdown on a clock the test moves (the Timeline ticks
 * once a second and reads that clock; nothing here sleeps): cancelled in the console, cancelled from elsewhere
 * through the book as {@code handover cancel} does, fired into a run as Start's, refused when the cluster changed,
 * and cancelled when the console closes.
 */
@ExtendWith(ApplicationExtension.class)
class ScheduleUiTest {
    private static final Instant NOON = Instant.parse("2026-11-29T12:00:00Z");
    private OpenedConsole opened;
    private Journal journal;
    private final MovableClock clock = new MovableClock(NOON);

    @Start
    void start(Stage stage) throws Exception {
        journal = Journal.at(Files.createTempDirectory(Path.of("target").toAbsolutePath(), "schedule-ui-"));
        opened = OpenedConsole.show(stage, SimCluster.start(Scenarios.builtIn("healthy"), 7, new VirtualClock()),
                c -> c.withJournal(journal));
        opened.window.viewModel().schedule().setClock(clock);
    }

    @AfterEach
    void close() {
        if (opened != null) {
            opened.close();
        }
    }

    /** Pick n2, open Schedule…, give five past noon, confirm; the countdown shows. Returns the schedule's id. */
    private String scheduleFivePast(FxRobot robot, ConsoleRobot console) {
        console.waitForCluster();
        console.pickTarget("n2");
        console.waitUntil("Schedule… is enabled", () -> !console.button("#schedule").isDisabled());
        console.scrollIntoView(console.button("#schedule"));
        robot.clickOn("#schedule");
        console.waitUntil("the dialog is up", () -> console.showing("#scheduleAt"));
        assertTrue(console.text("#scheduleLives").contains("closing this window cancels it"), console.text("#scheduleLives"));
        assertTrue(console.text("#schedulePlan").startsWith("Coordinated, deadline 30s"), console.text("#schedulePlan"));
        console.setField("#scheduleAt", "yesterday");
        console.waitUntil("a bad time is refused", () -> console.text("#schedulePreview").contains("is not a time")
                && console.button("#scheduleConfirm").isDisabled());
        console.setField("#scheduleAt", "12:05");
        console.waitUntil("the time is read", () -> console.text("#schedulePreview")
                .equals("Fires Sun 29 Nov 12:05:00 Z, in 00:05:00"));
        robot.clickOn("#scheduleConfirm");
        console.waitUntil("the countdown shows", () -> console.showing("#scheduleBox")
                && console.text("#scheduleCountdown").equals("n2 in 00:05:00"));
        List<ScheduleBook.Schedule> book = book();
        assertEquals(1, book.size());
        ScheduleBook.Entry s = book.get(0).scheduled();
        assertTrue(book.get(0).pending());
        assertEquals(NOON.plusSeconds(300), s.fireAt());
        assertEquals("n1", s.primary());
        assertEquals(7L, s.term());
        assertEquals("n2", s.target());
        assertEquals("coordinated", s.mode());
        // While it waits: Start is disabled, the form locked, Schedule… gone (the countdown has its place).
        assertTrue(console.button("#start").isDisabled());
        assertEquals(SwitchoverViewModel.SCHEDULED, console.text("#blockedReason"));
        assertTrue(robot.lookup("#targets").query().isDisabled(), "the form is locked");
        assertFalse(console.showing("#schedule"));
        assertTrue(console.text("#scheduleDetail").contains("handover cancel " + s.id()), console.text("#scheduleDetail"));
        return s.id();
    }

    @Test
    void theCountdownTicksAndCancelWritesTheCancelLine(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        String id = scheduleFivePast(robot, console);

        clock.advance(Duration.ofSeconds(1));
        console.waitUntil("the countdown ticks", () -> console.text("#scheduleCountdown").equals("n2 in 00:04:59"));
        clock.advance(Duration.ofMinutes(2));
        console.waitUntil("the countdown ticks", () -> console.text("#scheduleCountdown").equals("n2 in 00:02:59"));

        robot.clickOn("#scheduleCancel");
        console.waitUntil("the book says cancelled", () -> ended(id).isPresent());
        assertEquals(ScheduleBook.Entry.CANCELLED, ended(id).get().kind());
        assertEquals("cancelled in the console", ended(id).get().note());
        console.waitUntil("the console says so", () -> console.text("#scheduleResult").startsWith("Cancelled " + id));
        assertFalse(console.showing("#scheduleBox"));
        console.waitUntil("the form is free again", () -> !console.button("#start").isDisabled());

        clock.advance(Duration.ofMinutes(10));
        assertEquals("n1", opened.sim.primaryId(), "a cancelled schedule never fires");
        assertTrue(journal.load().runs().isEmpty());
    }

    @Test
    void aCancelFromElsewhereIsSeenThroughTheBook(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        String id = scheduleFivePast(robot, console);

        // What `handover cancel <id>` writes, from another process.
        ScheduleBook.of(Journal.at(journal.directory())).end(id, ScheduleBook.Entry.CANCELLED, "cancelled with handover cancel");

        console.waitUntil("the console sees it", () -> console.text("#scheduleResult").contains("cancelled from elsewhere"));
        assertTrue(console.text("#scheduleResult").contains("cancelled with handover cancel"), console.text("#scheduleResult"));
        assertTrue(robot.lookup("#scheduleResult").query().getStyleClass().contains("schedule-bad"));
        assertFalse(console.showing("#scheduleBox"));
        console.waitUntil("the form is free again", () -> !console.button("#start").isDisabled());
        clock.advance(Duration.ofMinutes(10));
        assertEquals(1, book().size());
        assertEquals(ScheduleBook.Entry.CANCELLED, ended(id).orElseThrow().kind(), "one end, the cancel");
        assertTrue(journal.load().runs().isEmpty());
    }

    @Test
    void atItsTimeItFiresAndRunsAsStartDoes(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        String id = scheduleFivePast(robot, console);

        clock.advance(Duration.ofMinutes(5));
        console.waitForOutcome("Zero-RPO handover: n2 is primary");
        assertEquals(ScheduleBook.Entry.FIRED, ended(id).orElseThrow().kind());
        console.waitForPrimaryRow("n2", 8);
        console.waitUntil("the run is in the journal and the history", () -> journal.load().runs().size() == 1
                && opened.window.viewModel().history().runs().size() == 1
                && !opened.window.viewModel().history().loadingProperty().get());
        assertEquals(0, opened.sim.invariants().lostWrites());
        assertTrue(console.text("#scheduleResult").startsWith("Schedule " + id + " fired"), console.text("#scheduleResult"));
    }

    @Test
    void aChangedClusterAtFiringIsRefusedAndNothingRuns(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        String id = scheduleFivePast(robot, console);

        opened.sim.faults().crash("n2");
        clock.advance(Duration.ofMinutes(5));

        console.waitUntil("the refusal shows", () -> console.text("#scheduleResult").startsWith("REFUSED at firing"));
        String refusal = console.text("#scheduleResult");
        assertTrue(refusal.contains("n2 is unreachable"), refusal);
        assertTrue(refusal.contains("Nothing was frozen"), refusal);
        ScheduleBook.Entry end = ended(id).orElseThrow();
        assertEquals(ScheduleBook.Entry.REFUSED, end.kind());
        assertTrue(end.note().contains("n2 is unreachable"), end.note());
        assertEquals("n1", opened.sim.primaryId());
        assertTrue(opened.sim.acceptsWrites("n1"), "nothing frozen");
        assertTrue(journal.load().runs().isEmpty(), "nothing run");
        assertFalse(console.showing("#scheduleBox"));
    }

    @Test
    void closingTheConsoleCancelsItsSchedule(FxRobot robot) throws Exception {
        ConsoleRobot console = new ConsoleRobot(robot);
        String id = scheduleFivePast(robot, console);
        console.waitUntil("the close confirmation names it", () -> opened.window.viewModel().schedule().waitingText()
                .orElse("").startsWith(id + " (n1 → n2, fires Sun 29 Nov 12:05:00"));

        robot.interact(() -> opened.close());
        opened = null;

        ScheduleBook.Entry end = ended(id).orElseThrow();
        assertEquals(ScheduleBook.Entry.CANCELLED, end.kind());
        assertEquals("the console was closed", end.note());
    }

    @Test
    void aFailingPreflightBlocksScheduleAsItBlocksStart(FxRobot robot) {
        ConsoleRobot console = new ConsoleRobot(robot);
        console.waitForCluster();
        assertTrue(console.button("#schedule").isDisabled(), "no target, no schedule");
        opened.sim.faults().crash("n3");
        console.pickTarget("n3");
        console.waitUntil("the preflight fails", () -> console.text("#blockedReason").startsWith("Preflight failed"));
        assertTrue(console.button("#start").isDisabled());
        assertTrue(console.button("#schedule").isDisabled(), "Schedule… is blocked as Start is");
        console.pickTarget("n2");
        console.waitUntil("both are enabled again", () -> !console.button("#start").isDisabled()
                && !console.button("#schedule").isDisabled());
    }

    @Test
    void theCountdownReadsHoursMinutesSecondsRoundedUp() {
        ScheduleViewModel vm = opened.window.viewModel().schedule();
        assertEquals("Fires Sun 29 Nov 18:30:00 Z, in 06:30:00", vm.preview("18:30").text());
        assertEquals("Fires Mon 30 Nov 07:00:00 Z, in 19:00:00", vm.preview("tomorrow 07:00").text());
        assertTrue(vm.preview("11:00").text().contains("has passed"), vm.preview("11:00").text());
        assertEquals("12:06", vm.suggestedTime());
    }

    private List<ScheduleBook.Schedule> book() {
        try {
            return ScheduleBook.of(journal).load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<ScheduleBook.Entry> ended(String id) {
        return book().stream().filter(s -> s.scheduled().id().equals(id)).findFirst().flatMap(ScheduleBook.Schedule::ended);
    }

    /** Wall time the test moves: the countdown's and the time field's clock. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
