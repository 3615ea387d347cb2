package dev.handover.cli;

import dev.handover.cluster.StepJournal;
import dev.handover.journal.Journal;
import dev.handover.journal.JournalRun;
import dev.handover.journal.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code recover} on a run that died with PgBouncer pools paused: it names them and says how to let them go. */
class RecoverPausedPoolsCliTest {
    @TempDir
    Path dir;

    @Test
    void aDeadRunsPausedPoolsAreListedWithTheReleaseThatResumesThem() throws Exception {
        Journal journal = Journal.at(dir.resolve("journal"));
        RunReport.RunInfo who = new RunReport.RunInfo("dba", Instant.parse("2026-11-29T08:00:00Z"), "pg:/etc/handover/prod.json",
                "0.1.0");
        RunReport.RequestInfo request = new RunReport.RequestInfo("pg1", "db1:5432", "eu", "pg2", "db2:5432", "eu", 1, 2,
                "coordinated", 10_000, 20, 0, null, null);
        JournalRun run = journal.start(who, request, List.of());
        run.steps().intent(StepJournal.PAUSE, "pgb1/app");
        run.steps().done(StepJournal.PAUSE, "pgb1/app", "PAUSE answered after 12 ms: server connections closed, clients queue");
        // killed here: nothing frozen yet, the pool paused

        CliRun r = CliRun.of(dir.resolve("default"), "recover", "--journal", journal.directory().toString());
        assertEquals(4, r.code(), "clients waiting on a paused pool are writes held up: exit 4\n" + r.out() + r.err());
        assertTrue(r.out().contains("Paused by the run, not seen resumed (clients may wait): pgb1/app"), r.out());
        assertTrue(r.out().contains("whose clients may still be waiting: pgb1/app."), r.out());
        assertTrue(r.out().contains("From here: handover recover --journal " + journal.directory() + " --release " + run.id()),
                r.out());
        assertTrue(!r.out().contains("nothing to do"), r.out());
    }
}
