package dev.handover.cli;

import dev.handover.testing.Await;
import dev.handover.journal.Journal;
import dev.handover.journal.ScheduleBook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run --at}: written in the schedule book, fired at its time after the cluster is checked again, or
 * cancelled from another command before it fires. The wait is on the wall clock, as a scheduled run's is: the
 * times here are a second or two ahead.
 */
class ScheduledRunCliTest {
    @TempDir
    Path dir;

    @Test
    void aScheduledRunFiresAtItsTimeAndRunsAsPlanned() throws Exception {
        Path journal = dir.resolve("journal");
        Instant at = Instant.now().plusSeconds(2);
        CliRun run = CliRun.of(dir, "run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated",
                "--deadline", "5s", "--journal", journal.toString(), "--at", at.toString());

        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(Instant.now().isAfter(at), "it waited for its time");
        assertTrue(run.out().contains("Scheduled as S"), run.out());
        assertTrue(run.out().indexOf("Firing S") < run.out().indexOf("writes frozen on n1"), run.out());
        assertTrue(run.out().contains("COMMITTED"), run.out());
        List<ScheduleBook.Schedule> book = ScheduleBook.of(Journal.at(journal)).load();
        assertEquals(1, book.size());
        assertEquals(ScheduleBook.Entry.FIRED, book.get(0).ended().orElseThrow().kind());
        assertEquals(1, Journal.at(journal).load().runs().size(), "the run it fired is in the journal");
    }

    @Test
    void aScheduleWhoseProcessDiedIsListedAsOverdueAndCanBeClosed() throws Exception {
        Path journal = dir.resolve("journal");
        ScheduleBook book = ScheduleBook.of(Journal.at(journal));
        // As a `run --at` killed with -9 leaves it: scheduled, its time long past, no fired/refused/cancelled line.
        ScheduleBook.Entry dead = book.schedule(Instant.now().minus(Duration.ofMinutes(7)), "sim:healthy", "n1", 7, "n2",
                "coordinated");
        ScheduleBook.Entry waiting = book.schedule(Instant.now().plus(Duration.ofMinutes(30)), "sim:healthy", "n1", 7, "n3",
                "coordinated");

        CliRun listed = CliRun.of(dir, "cancel", "--journal", journal.toString());
        assertEquals(0, listed.code(), listed.err());
        assertTrue(listed.out().contains(dead.id() + "  fires ") && listed.out().contains("OVERDUE by 7m")
                && listed.out().contains("`handover cancel " + dead.id() + "` closes it"), listed.out());
        String waitingLine = listed.out().lines().filter(l -> l.startsWith(waiting.id())).findFirst().orElseThrow();
        assertTrue(listed.out().indexOf("OVERDUE") < listed.out().indexOf(waitingLine), "only the dead one is overdue: "
                + listed.out());

        CliRun closed = CliRun.of(dir, "cancel", dead.id(), "--journal", journal.toString());
        assertEquals(0, closed.code(), closed.err());
        assertTrue(book.find(dead.id()).orElseThrow().ended().isPresent());
    }

    @Test
    void aScheduledRunCancelledFromAnotherCommandStopsWithNothingRun() throws Exception {
        Path journal = dir.resolve("journal");
        CompletableFuture<CliRun> waiting = CompletableFuture.supplyAsync(() -> CliRun.of(dir, "run", "--cluster", "sim:healthy",
                "--target", "n2", "--mode", "coordinated", "--deadline", "5s", "--journal", journal.toString(),
                "--at", Instant.now().plusSeconds(600).toString()));
        ScheduleBook book = ScheduleBook.of(Journal.at(journal));
        String id = awaitPending(book);

        CliRun listed = CliRun.of(dir, "cancel", "--journal", journal.toString());
        assertTrue(listed.out().startsWith(id + "  fires "), listed.out());
        CliRun cancel = CliRun.of(dir, "cancel", id, "--journal", journal.toString());
        assertEquals(0, cancel.code(), cancel.out() + cancel.err());
        assertTrue(cancel.out().startsWith("Cancelled " + id + " (n1 -> n2 at "), cancel.out());

        CliRun ended = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(2, ended.code(), ended.out());
        assertTrue(ended.out().contains("CANCELLED by "), ended.out());
        assertTrue(!ended.out().contains("writes frozen"), ended.out());
        assertTrue(Journal.at(journal).load().runs().isEmpty(), "no run was started");
        CliRun again = CliRun.of(dir, "cancel", id, "--journal", journal.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains(id + " was already cancelled"), again.err());
    }

    @Test
    void aTimeThatHasPassedOrIsTooFarOrIsNoTimeIsRefused() {
        Clock noon = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
        assertEquals(Instant.parse("2026-11-29T18:30:00Z"), assertDoesNotThrow(() -> FireTime.parse("run", "18:30", noon)));
        assertTrue(assertThrows(BadInput.class, () -> FireTime.parse("run", "11:00", noon)).getMessage().contains("has passed"));
        assertTrue(assertThrows(BadInput.class, () -> FireTime.parse("run", "2026-12-24T18:00", noon)).getMessage()
                .contains("more than 7 days ahead"));
        assertTrue(assertThrows(BadInput.class, () -> FireTime.parse("run", "tonight", noon)).getMessage()
                .contains("is not a time"));
        assertEquals(Instant.parse("2026-11-30T08:00:00Z"), assertDoesNotThrow(() -> FireTime.parse("run", "2026-11-30T09:00+01:00", noon)));
    }

    private static <T> T assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<T> s) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(s);
    }

    private static String awaitPending(ScheduleBook book) throws Exception {
        return Await.until("the run to be scheduled (the schedule book)", Duration.ofSeconds(20), book::load,
                all -> all.stream().anyMatch(ScheduleBook.Schedule::pending))
                .stream().filter(ScheduleBook.Schedule::pending).findFirst().orElseThrow().scheduled().id();
    }
}
