package dev.handover.postgres.bouncer;

import dev.handover.cli.CliRun;
import dev.handover.postgres.harness.LoopbackBouncer;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The headless command on a definition that lists a real PgBouncer: status shows it, a run drives it. */
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

            CliRun after = CliRun.of(journal, "status", "--cluster", spec);
            assertEquals(0, after.code(), after.err());
            assertTrue(after.out().lines().anyMatch(l -> l.startsWith("pg2 ") && l.contains("pgb1 routes postgres here")),
                    after.out());
        }
    }
}
