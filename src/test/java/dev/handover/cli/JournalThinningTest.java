package dev.handover.cli;

import dev.handover.journal.Result;
import dev.handover.journal.Journal;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.EventEntry;
import dev.handover.journal.RunReport;
import dev.handover.training.Debrief;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal of a 44 s catch-up at a 10 ms poll (virtual time): 1,118,617 bytes before (4,400 poll lines and
 * the same 4,400 in the finished report), now a few tens of kB, while the record still reads as the run went:
 * the first reading, the last before the abort, the count of readings, history, export and the debrief.
 */
class JournalThinningTest {
    @TempDir
    Path dir;

    @Test
    void aLongRunAtATenMillisecondPollWritesKilobytesNotAMegabyte() throws Exception {
        Path journal = dir.resolve("j");
        CliTest.Result r = CliTest.cli("run", "--cluster", "sim:lagging-replica", "--target", "n3", "--mode", "coordinated",
                "--deadline", "44s", "--poll", "10ms", "--journal", journal.toString(), "--run-anyway");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("4400 polls"), r.out());

        long size = Files.size(journal.resolve("journal.jsonl"));
        assertTrue(size < 64 * 1024, "journal of one 44 s run: " + size + " bytes");

        JournaledRun run = Journal.at(journal).load().runs().get(0);
        RunReport report = run.report();
        List<EventEntry> polls = report.events().stream().filter(e -> e.type().equals("polled")).toList();
        assertTrue(polls.size() <= 150, polls.size() + " readings kept");
        assertEquals(4400, polls.stream().mapToLong(EventEntry::readingCount).sum(), "every reading counted");
        assertEquals(10, polls.get(0).atMs(), "the first reading");
        EventEntry lastPoll = polls.get(polls.size() - 1);
        assertEquals(44_000, lastPoll.atMs(), "the reading the deadline was judged on");
        assertEquals(report.outcome().reachedLsn(), lastPoll.reachedLsn());
        assertEquals(Result.ABORTED, report.outcome().result());
        // The event lines keep what the finished report keeps: a dead run reads the same from its lines.
        assertEquals(report.handoverEvents(), run.events());
        // History and the debrief read it as before: the timeline counts readings, not lines.
        assertTrue(Debrief.of(report).timeline().stream().anyMatch(t -> t.text().startsWith("4400 polls;")),
                Debrief.of(report).timeline().toString());
        CliTest.Result show = CliTest.cli("history", "--journal", journal.toString(), "--show", run.id());
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("4400 polls"), show.out());
    }

    @Test
    void aJournalWrittenBeforeThinningStillReads() throws Exception {
        Path journal = dir.resolve("old");
        CliTest.Result r = CliTest.cli("run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated",
                "--deadline", "5s", "--poll", "10ms", "--journal", journal.toString());
        assertEquals(0, r.code(), r.err());
        // An old line has no "readings": one reading each.
        String text = Files.readString(journal.resolve("journal.jsonl"));
        assertTrue(!text.contains("\"readings\":1"), "a kept reading standing for itself writes no count");
        JournaledRun run = Journal.at(journal).load().runs().get(0);
        assertEquals(Result.COMMITTED, run.result());
        assertTrue(run.report().events().stream().allMatch(e -> e.readingCount() == 1 || e.type().equals("polled")));
    }
}
