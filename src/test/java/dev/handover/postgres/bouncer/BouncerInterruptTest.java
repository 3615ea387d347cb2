package dev.handover.postgres.bouncer;

import dev.handover.testing.RealServer;
import dev.handover.testing.Await;
import dev.handover.postgres.harness.LoopbackBouncer;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real {@code handover run} process stopped by SIGTERM (a service stop, a closed terminal; Ctrl-C is SIGINT, the
 * same path) while it waits for a target that cannot catch up, with the bouncer paused and writes frozen: it aborts
 * the run — writes resumed on the primary, the bouncer resumed, the record finished as aborted — and exits 2. Checked
 * on the cluster and the bouncer themselves, not on the tool's account. A second run tried meanwhile is told a run is
 * going (the run lock comes before the bouncers), not that a pool is paused and should be resumed.
 */
@RealServer
class BouncerInterruptTest {

    @TempDir
    Path journal;

    private static String journaled(Path lines) {
        try {
            return Files.exists(lines) ? Files.readString(lines) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void aSigtermDuringTheCatchUpAbortsTheRunAndResumesWritesAndTheBouncer() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3);
             LoopbackBouncer b = LoopbackBouncer.start(cluster, "pg1", "transaction", Duration.ofSeconds(5))) {
            try (Connection t = cluster.connect("pg2"); Statement st = t.createStatement()) {
                st.execute("ALTER SYSTEM SET primary_conninfo = ''"); // pg2 receives nothing more: it cannot catch up
                st.execute("SELECT pg_reload_conf()");
            }
            Path out = Files.createTempFile("interrupted-run", ".out");
            ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.handover.Main", "run", "--cluster",
                    "pg:" + b.definitionFile(), "--target", "pg2", "--mode", "coordinated", "--deadline", "60s",
                    "--journal", journal.toString())).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().putAll(cluster.environment());
            Process p = pb.start();
            Path lines = journal.resolve("journal.jsonl");
            Await.until("the run frozen (its journal)", Duration.ofSeconds(60),
                    () -> journaled(lines), journal -> journal.contains("\"type\":\"frozen\""));
            try (Connection admin = b.admin(); Statement st = admin.createStatement();
                 ResultSet rs = st.executeQuery("SHOW DATABASES")) {
                boolean paused = false;
                while (rs.next()) {
                    paused |= rs.getString("name").equals(LoopbackBouncer.DATABASE) && rs.getInt("paused") != 0;
                }
                assertTrue(paused, "the bouncer is paused while the run waits");
            }
            // A second run meanwhile is told a run is going, never to RESUME the pool that run holds.
            dev.handover.cli.CliRun second = dev.handover.cli.CliRun.of(journal, "run", "--cluster", "pg:" + b.definitionFile(),
                    "--target", "pg3", "--mode", "coordinated", "--deadline", "5s", "--journal", journal.toString());
            assertEquals(1, second.code(), second.out() + second.err());
            assertTrue(second.err().contains("another Handover run is in progress"), second.out() + second.err());
            assertFalse((second.out() + second.err()).contains("RESUME"), second.out() + second.err());

            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the interrupted run ended: " + Files.readString(out));
            String printed = Files.readString(out);
            assertEquals(2, p.exitValue(), printed);
            assertTrue(printed.contains("handover: interrupted: aborting the run"), printed);
            assertTrue(printed.contains("ABORTED"), printed);

            try (Connection admin = b.admin(); Statement st = admin.createStatement();
                 ResultSet rs = st.executeQuery("SHOW DATABASES")) {
                while (rs.next()) {
                    if (rs.getString("name").equals(LoopbackBouncer.DATABASE)) {
                        assertEquals(0, rs.getInt("paused"), "the bouncer resumed");
                        assertEquals(cluster.node("pg1").port(), rs.getInt("port"), "still routed to the primary");
                    }
                }
            }
            try (Connection c = b.client(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO " + LoopbackCluster.TABLE + " VALUES (" + System.nanoTime() + ")"); // writes flow
            }
            List<String> journaled = Files.readAllLines(lines);
            String last = journaled.get(journaled.size() - 1);
            assertTrue(last.contains("\"kind\":\"finished\"") && last.contains("\"aborted\""), last);
            assertFalse(journaled.stream().anyMatch(l -> l.contains("\"step\":\"commit\"")), "nothing was committed");
        }
    }
}
