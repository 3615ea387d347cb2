package dev.handover.postgres.bouncer;

import dev.handover.testing.RealServer;
import dev.handover.cli.CliRun;
import dev.handover.postgres.harness.LoopbackBouncer;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code handover plan} on a definition that lists a real PgBouncer: the plan says what the run will do with it,
 * a bouncer whose pool is paused already makes it a no-go, a query_wait_timeout shorter than a pause can last is a
 * warning; and nothing of the bouncer is changed by a plan (still routed and taking clients as before).
 */
@RealServer
class BouncerPlanTest {

    @TempDir
    static Path journal;

    @Test
    void thePlanProbesTheBouncerAndSaysWhatTheRunWillDoWithIt() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(2);
             LoopbackBouncer b = LoopbackBouncer.start(cluster, "pg1", "transaction", Duration.ofSeconds(5))) {
            String spec = "pg:" + b.definitionFile();
            String targetFileBefore = java.nio.file.Files.readString(b.targetFile());

            CliRun go = plan(spec);
            assertEquals(0, go.code(), go.out() + go.err());
            assertTrue(go.out().contains("PASS PgBouncer: pgb1: PAUSE postgres (at most 5000 ms) before the freeze, point them at "
                    + "pg2 once it writes, check through handover_check_postgres, RESUME"), go.out());
            assertTrue(go.out().contains("pgb1's query_wait_timeout 120 s leaves the catch-up deadline at most 85 s"), go.out());
            assertEquals(targetFileBefore, java.nio.file.Files.readString(b.targetFile()), "a plan rewrites nothing");

            try (Connection admin = b.admin(); Statement st = admin.createStatement()) {
                st.execute("SET query_wait_timeout = 10");
                CliRun warned = plan(spec);
                assertEquals(0, warned.code(), warned.out() + warned.err());
                assertTrue(warned.out().contains("WARN PgBouncer: pgb1's query_wait_timeout (10 s) is not longer than "
                        + "pauseTimeoutMs and 30 s for the commit"), warned.out());

                st.execute("PAUSE " + LoopbackBouncer.DATABASE);
                CliRun noGo = plan(spec);
                assertEquals(6, noGo.code(), noGo.out() + noGo.err());
                assertTrue(noGo.out().contains("FAIL PgBouncer: pgb1 has \"postgres\" paused already"), noGo.out());
                st.execute("RESUME " + LoopbackBouncer.DATABASE);
            }
            try (Connection client = b.client(); Statement st = client.createStatement()) {
                assertTrue(st.execute("SELECT 1"), "the bouncer still takes clients after the plans");
            }
        }
    }

    private static CliRun plan(String spec) {
        return CliRun.of(journal, "plan", "--cluster", spec, "--target", "pg2", "--mode", "coordinated", "--deadline", "10s");
    }
}
