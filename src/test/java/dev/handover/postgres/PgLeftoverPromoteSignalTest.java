package dev.handover.postgres;

import dev.handover.testing.RealServer;
import dev.handover.cli.CliRun;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A promotion asked twice (the commit asks again when one takes longer than 250 ms) can leave a {@code promote}
 * signal file on the new primary. Later that node is demoted: restarted as a standby. It must stay one — the
 * postmaster removes the file at start — or a later switchover would leave two primaries. Real PostgreSQL: the
 * file is put on the primary by hand, a real `handover run` demotes it, and the node itself is asked.
 */
@RealServer
class PgLeftoverPromoteSignalTest {

    @TempDir
    static Path journal;

    @Test
    void aPromoteSignalFileLeftOnThePrimaryDoesNotPromoteItWhenItRestartsAsAStandby() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3)) {
            Path signal = cluster.node("pg1").dataDir().resolve("promote");
            cluster.shell().run("touch", signal.toString());
            assertTrue(Files.exists(signal));

            CliRun run = CliRun.of(journal, "run", "--cluster", "pg:" + cluster.definitionFile(), "--target", "pg2",
                    "--mode", "coordinated", "--deadline", "10s");
            assertEquals(0, run.code(), run.out() + run.err());

            try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                assertTrue(rs.getBoolean(1), "the old primary restarted as a standby stays one");
            }
            assertFalse(Files.exists(signal), "the postmaster removed the leftover signal file at its start");
        }
    }
}
