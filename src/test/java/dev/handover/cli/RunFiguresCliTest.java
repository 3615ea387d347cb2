package dev.handover.cli;

import dev.handover.journal.EventType;
import dev.handover.journal.Result;
import dev.handover.journal.EventEntry;
import dev.handover.journal.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.handover.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11, points 2 and 3, as a DBA meets them on the command line: how long a forced run keeps writes
 * frozen past a deadline with no reading, a poll interval the freeze lease cannot cover, and what an
 * aborted run reports as skipped (in the report and in {@code history}).
 */
class RunFiguresCliTest {
    @TempDir
    Path dir;

    private RunReport run(int expectedCode, String... args) throws Exception {
        Path report = dir.resolve("report-" + System.nanoTime() + ".json");
        List<String> all = new ArrayList<>(List.of("run", "--journal", dir.resolve("journal").toString(),
                "--report", report.toString()));
        all.addAll(List.of(args));
        CliTest.Result r = cli(all.toArray(String[]::new));
        assertEquals(expectedCode, r.code(), r.out() + r.err());
        return RunReport.read(report);
    }

    /** Freeze to commit, from the report's events. */
    private static long frozenMs(RunReport r) {
        long frozenAt = r.events().get(0).atMs();
        EventEntry last = r.events().get(r.events().size() - 1);
        assertEquals("frozen", r.events().get(0).type());
        assertEquals(EventType.COMMITTED, last.kind());
        return last.atMs() - frozenAt;
    }

    @Test
    void aForceWithNoReadingAtItsDeadlineReadsOnceAndDoesNotWaitAnotherPoll() throws Exception {
        // Before: 1,000 ms frozen past a 0 ms deadline (the extra reading waited out the 1 s poll interval).
        // The CLI's force runs are always asked since issue 21; the approval answers at once.
        RunReport r = run(3, "--cluster", "sim:stalled-replica", "--target", "n2", "--mode", "force",
                "--deadline", "0ms", "--poll", "1s", "--force-approval", "approve");
        assertEquals(Result.FORCED, r.outcome().result());
        assertEquals(0, frozenMs(r), "writes frozen = the 0 ms deadline + one read");
        assertEquals(0, r.outcome().waitedMs());
        // A CLI force run is always asked now (issue 21): the reading at the deadline, and the one after the answer.
        assertEquals(2, r.events().stream().filter(e -> e.type().equals("polled")).count(),
                "the reading at the deadline and the one after the approval");
    }

    @Test
    void anApprovedForceReadsAgainWithoutWaitingEither() throws Exception {
        // Before: 2,000 ms with --force-approval approve (one poll interval before the prompt, one after it).
        RunReport zero = run(3, "--cluster", "sim:stalled-replica", "--target", "n2", "--mode", "force",
                "--deadline", "0ms", "--poll", "1s", "--force-approval", "approve");
        assertEquals(0, frozenMs(zero));
        // With readings during the deadline the reading after the prompt still costs no interval (before: 1,300 ms).
        RunReport timed = run(3, "--cluster", "sim:stalled-replica", "--target", "n2", "--mode", "force",
                "--deadline", "300ms", "--poll", "1s", "--force-approval", "approve");
        assertEquals(300, frozenMs(timed));
        assertEquals(300, timed.outcome().waitedMs());
    }

    @Test
    void aPollTheFreezeLeaseCannotCoverIsRefusedBeforeAnythingIsFrozen() throws Exception {
        // Before: --poll 6s was taken, and an approved force ended lease-lost (exit 2) instead of forced.
        Path journal = dir.resolve("journal");
        for (String poll : List.of("6s", "3s")) {
            CliTest.Result r = cli("run", "--journal", journal.toString(), "--cluster", "sim:stalled-replica",
                    "--target", "n2", "--mode", "force", "--deadline", "0ms", "--poll", poll, "--force-approval", "approve");
            assertEquals(1, r.code(), r.out() + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains("--poll " + poll + " is too long for the cluster's 5s freeze lease: at most 2.5s"),
                    r.err());
            assertTrue(r.err().contains("nothing was frozen"), r.err());
        }
        assertFalse(Files.exists(journal.resolve("journal.jsonl")) && Files.readString(journal.resolve("journal.jsonl"))
                .contains("\"started\""), "no run was started");
        run(3, "--cluster", "sim:stalled-replica", "--target", "n2", "--mode", "force", "--deadline", "0ms",
                "--poll", "2.5s", "--force-approval", "approve");
    }

    @Test
    void anAbortedRunSkippedNothingInItsReportAndInTheHistory() throws Exception {
        // Before: skippedLsn 900,305 for this aborted run, and the same number in history's SKIPPED column.
        RunReport r = run(2, "--cluster", "sim:stalled-replica", "--target", "n2", "--mode", "coordinated",
                "--deadline", "1s", "--run-anyway");
        assertEquals(Result.ABORTED, r.outcome().result());
        assertEquals(0, r.outcome().skippedLsn(), "skipped means skipped by a forced commit");
        assertTrue(r.outcome().frontierLsn() - r.outcome().reachedLsn() > 0, "the gap is still there to read");
        assertEquals(0, r.invariants().lostWrites());

        CliTest.Result history = cli("history", "--journal", dir.resolve("journal").toString());
        assertEquals(0, history.code(), history.err());
        String row = history.out().lines().filter(l -> l.contains("aborted")).findFirst().orElseThrow();
        assertTrue(row.endsWith(" 0 LSN"), row); // the SKIPPED column as the cluster words amounts
    }
}
