package dev.handover.mariadb;

import dev.handover.testing.RealServer;
import dev.handover.cli.CliRun;
import dev.handover.mariadb.harness.ClusterCheck;
import dev.handover.mariadb.harness.MariaDbLoopback;
import dev.handover.mariadb.harness.MariaDbLoopback.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The headless command on a real MariaDB cluster through {@code --cluster mariadb:<file>}, exactly as an
 * operator runs it (password exported in {@value MariaDbLoopback#PASSWORD_ENV}); the CLI holds no MariaDB
 * code, so this is the seam's proof. Every outcome is checked on the servers, not in the tool's output alone.
 */
@RealServer
class MariaDbCliTest {

    @TempDir
    Path journal;

    @Test
    void statusRunAndADeclinedForceOnAMariaDbDefinitionFile() throws Exception {
        try (MariaDbLoopback mdb = MariaDbLoopback.start()) {
            String spec = "mariadb:" + mdb.writeDefinition();

            CliRun status = cli("status", "--cluster", spec);
            assertEquals(0, status.code(), status.err());
            String row = status.out().lines().filter(l -> l.startsWith("mdb2 ")).findFirst().orElseThrow();
            assertTrue(row.matches(".*replica of mdb1 .* 0-1-\\d+ +0-1-\\d+ +0 transactions.*healthy.*"), row);
            // Issue 21: the columns are headed in MariaDB's words too: GTID, not LSN.
            String header = status.out().lines().filter(l -> l.startsWith("NODE ")).findFirst().orElseThrow();
            assertTrue(header.matches("NODE +ROLE +TERM +REGION +ADDR +GTID +DURABLE +LAG +HEALTH +DETAIL *"), header);

            CliRun run = cli("run", "--cluster", spec, "--target", "mdb3", "--mode", "coordinated", "--deadline", "10s");
            assertEquals(0, run.code(), run.out() + run.err());
            assertTrue(run.out().contains("COMMITTED: mdb3 is the primary under term 1"), run.out());
            assertTrue(run.out().contains("Verification: all checks hold"), run.out());
            // Positions in MariaDB's own words: a GTID, not an LSN.
            assertTrue(run.out().matches("(?s).*writes frozen on mdb1 at frontier GTID 0-1-\\d+\n.*"), run.out());
            assertTrue(run.out().contains("ok      mdb1 replicates from mdb3"), run.out());
            Node mdb3 = mdb.node("mdb3");
            assertTrue(ClusterCheck.writable(mdb, mdb3));
            for (String id : new String[] {"mdb1", "mdb2"}) {
                assertFalse(ClusterCheck.writable(mdb, mdb.node(id)), id);
                assertTrue(ClusterCheck.streamingFrom(mdb, mdb.node(id), mdb3), id + " streams from mdb3");
            }

            // mdb1 falls behind: a forced handover to it would skip what it lacks; the operator declines.
            exec(mdb, mdb.node("mdb1"), "STOP SLAVE SQL_THREAD");
            for (int i = 0; i < 5; i++) {
                exec(mdb, mdb3, "INSERT INTO " + MariaDbLoopback.TABLE + " VALUES (" + (-100 - i) + ", @@server_id)");
            }
            // Its SQL thread stopped, mdb1 fails the preflight (apply paused): the DBA forces through it knowingly.
            CliRun declined = cli("run", "--cluster", spec, "--target", "mdb1", "--mode", "force", "--deadline", "1s",
                    "--force-approval", "decline", "--run-anyway");
            assertEquals(2, declined.code(), declined.out() + declined.err());
            assertTrue(declined.out().contains("5 transactions"), declined.out());
            // Counted, not estimated: under gtid_strict_mode each seq is one committed transaction.
            assertTrue(declined.out().matches("(?s).*5 committed transactions will be lost \\(counted from GTIDs: seq [0-9]+ "
                    + "to [0-9]+ of the primary's domain, one committed transaction each \\(gtid_strict_mode\\)\\).*"),
                    declined.out());
            assertTrue(ClusterCheck.writable(mdb, mdb3), "writes resumed on mdb3");
            exec(mdb, mdb3, "INSERT INTO " + MariaDbLoopback.TABLE + " VALUES (-200, @@server_id)");
            assertFalse(ClusterCheck.writable(mdb, mdb.node("mdb1")));

            CliRun history = cli("history", "--journal", journal.toString());
            assertEquals(0, history.code(), history.err());
            assertTrue(history.out().contains(spec), history.out());
        }
    }

    private static void exec(MariaDbLoopback mdb, Node n, String sql) throws Exception {
        try (Connection c = mdb.admin(n); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private CliRun cli(String... args) {
        return CliRun.of(journal, args);
    }

}
