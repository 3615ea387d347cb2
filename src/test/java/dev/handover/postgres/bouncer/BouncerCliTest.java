package dev.handover.postgres.bouncer;

import dev.handover.testing.RealServer;
import dev.handover.cli.CliRun;
import dev.handover.journal.Journal;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.VerificationInfo;
import dev.handover.journal.RunReport;
import dev.handover.postgres.harness.LoopbackBouncer;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The headless command on a definition that lists a real PgBouncer: status shows it, a run drives it. */
@RealServer
class BouncerCliTest {

    /** Runs are journaled here, never in the user's own journal. */
    @TempDir
    static Path journal;

    @Test
    void statusShowsTheBouncerAndARunPausesRetargetsAndResumesIt() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3);
             LoopbackBouncer b = LoopbackBouncer.start(cluster, "pg1", "transaction", Duration.ofSeconds(5))) {
            String spec = "pg:" + b.definitionFile();

            CliRun status = CliRun.of(journal, "status", "--cluster", spec);
            assertEquals(0, status.code(), status.err());
            assertTrue(status.out().lines().anyMatch(l -> l.startsWith("pg1 ") && l.contains("pgb1 routes postgres here")),
                    status.out());

            CliRun run = CliRun.of(journal, "run", "--cluster", spec, "--target", "pg2", "--mode", "coordinated",
                    "--deadline", "10s");
            assertEquals(0, run.code(), run.out() + run.err());
            for (String seen : new String[] {"pgb1 paused postgres in ", "pg2 seen writing on timeline 2",
                    "now routes postgres to pg2", "pgb1 resumed postgres after ", "(SHOW POOLS maxwait)",
                    "pgb1 routes postgres to pg2 and it takes writes through it", "pgb1 takes clients for postgres again",
                    "Verification: all checks hold", "COMMITTED"}) {
                assertTrue(run.out().contains(seen), seen + " in:\n" + run.out());
            }
            // The clients' stall beside the freeze window, and what PgBouncer cannot count said so.
            assertTrue(run.out().lines().anyMatch(l -> l.startsWith("Writes were frozen on pg1 for ")
                    && l.contains("; client stall ") && l.contains("ms (PgBouncer maxwait), pools paused ")), run.out());
            assertTrue(run.out().contains("Failed client requests: not visible to PgBouncer; count them at the clients."),
                    run.out());

            // The journal: every bouncer step an intent, then an event, in the run's order.
            JournaledRun recorded = Journal.at(journal).load().runs().get(0);
            assertEquals(List.of("INTENT pause pgb1/postgres", "DONE pause pgb1/postgres", "INTENT retarget pgb1 -> pg2",
                    "DONE retarget pgb1 -> pg2", "INTENT resume pgb1/postgres", "DONE resume pgb1/postgres"),
                    recorded.steps().stream().map(st -> st.phase() + " " + st.step() + " " + st.subject()).toList());
            assertTrue(recorded.steps().get(5).seen().startsWith("SHOW DATABASES: not paused"), recorded.steps().get(5).seen());
            assertEquals(List.of(), recorded.stillPaused());
            VerificationInfo v = recorded.report().verified().orElseThrow();
            assertTrue(v.clientStallMs() != null && v.clientStallMs() >= 0 && v.routerHeldMs() >= v.clientStallMs(),
                    v.clientStallMs() + " / " + v.routerHeldMs());
            assertEquals("PgBouncer maxwait", v.clientStallFrom());

            CliRun after = CliRun.of(journal, "status", "--cluster", spec);
            assertEquals(0, after.code(), after.err());
            assertTrue(after.out().lines().anyMatch(l -> l.startsWith("pg2 ") && l.contains("pgb1 routes postgres here")),
                    after.out());
        }
    }
}
