package dev.handover.mariadb;

import dev.handover.testing.RealServer;
import dev.handover.testing.Await;
import dev.handover.cli.CliRun;
import dev.handover.mariadb.harness.MariaDbLoopback;
import dev.handover.mariadb.harness.MariaDbLoopback.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replica health on real MariaDB 10.11 (issues 20 and 21): a replica whose SQL thread is stopped while its primary
 * takes writes is degraded with the transactions it has not applied counted, never "healthy, 0 ms"; two nodes with
 * {@code read_only} off are a split brain that {@code status} exits 7 on and {@code plan} refuses. The servers are
 * read with the test's own connections.
 */
@RealServer
class MariaDbHealthTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path journal;

    @Test
    void aStoppedSqlThreadWithWritesBehindIsDegradedWithTheTransactionsCounted() throws Exception {
        try (MariaDbLoopback mdb = MariaDbLoopback.start()) {
            String spec = "mariadb:" + mdb.writeDefinition();
            Node primary = mdb.node("mdb1");
            Node replica = mdb.node("mdb2");
            exec(mdb, replica, "STOP SLAVE SQL_THREAD");
            try {
                for (int i = 0; i < 42; i++) {
                    exec(mdb, primary, "INSERT INTO " + MariaDbLoopback.TABLE + " VALUES (" + (-1000 - i) + ", @@server_id)");
                }
                String written = one(mdb, primary, "SELECT @@global.gtid_binlog_pos");
                until("mdb2's IO thread to receive up to " + written, () -> ioPos(mdb, replica), written::equals);
                assertEquals("No", slaveField(mdb, replica, "Slave_SQL_Running"));

                CliRun status = CliRun.of(journal, "status", "--cluster", spec);
                assertEquals(5, status.code(), "degraded exits 5: " + status.out() + status.err());
                String row = status.out().lines().filter(l -> l.startsWith("mdb2 ")).findFirst().orElseThrow();
                assertTrue(row.contains("42 transactions, time unknown"), "lag in transactions, no 0 ms: " + row);
                assertFalse(row.contains("0ms") || row.contains("0 ms"), row);
                assertTrue(row.contains("degraded") && row.contains("apply stopped (SQL thread stopped)"), row);
                assertTrue(row.contains("42 transactions received not applied (relay log "), row);
                assertTrue(status.out().contains("Cluster degraded: mdb2 apply paused"), status.out());

                CliRun plan = CliRun.of(journal, "plan", "--cluster", spec, "--target", "mdb2", "--mode", "coordinated",
                        "--deadline", "10s");
                assertEquals(6, plan.code(), plan.out() + plan.err());
                assertTrue(plan.out().contains("FAIL Target healthy: mdb2 is apply paused"), plan.out());
                // The preflight's lag line follows status's rule (issue 21: it said "42 transactions behind (0ms)").
                assertTrue(plan.out().contains("Replication lag: 42 transactions behind (time unknown)"), plan.out());
                assertFalse(plan.out().contains("behind (0ms)"), plan.out());
            } finally {
                exec(mdb, replica, "START SLAVE SQL_THREAD");
            }
            CliRun healthy = until("mdb2 healthy again once its SQL thread runs",
                    () -> CliRun.of(journal, "status", "--cluster", spec), r -> r.code() == 0);
            assertTrue(healthy.out().contains("Cluster healthy"), healthy.out());
        }
    }

    @Test
    void twoNodesWithReadOnlyOffAreASplitBrain() throws Exception {
        try (MariaDbLoopback mdb = MariaDbLoopback.start()) {
            String spec = "mariadb:" + mdb.writeDefinition();
            exec(mdb, mdb.node("mdb3"), "SET GLOBAL read_only = 0"); // someone made a replica writable by hand
            assertEquals("0", one(mdb, mdb.node("mdb3"), "SELECT @@global.read_only"));
            assertEquals("0", one(mdb, mdb.node("mdb1"), "SELECT @@global.read_only"));

            CliRun status = CliRun.of(journal, "status", "--cluster", spec);
            assertEquals(7, status.code(), "split brain exits 7: " + status.out() + status.err());
            assertTrue(status.out().contains("SPLIT BRAIN: mdb1 and mdb3 all take writes"), status.out());
            String row = status.out().lines().filter(l -> l.startsWith("mdb3 ")).findFirst().orElseThrow();
            assertTrue(row.contains("SPLIT BRAIN: read_only is OFF here and on mdb1"), row);

            CliRun plan = CliRun.of(journal, "plan", "--cluster", spec, "--target", "mdb2", "--mode", "coordinated",
                    "--deadline", "10s");
            assertEquals(6, plan.code(), plan.out() + plan.err());
            assertTrue(plan.out().contains("FAIL One writable primary: SPLIT BRAIN: mdb1 and mdb3"), plan.out());
        }
    }

    private static String ioPos(MariaDbLoopback mdb, Node n) {
        return slaveField(mdb, n, "Gtid_IO_Pos");
    }

    private static String slaveField(MariaDbLoopback mdb, Node n, String field) {
        try (Connection c = mdb.admin(n); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
            return rs.next() ? rs.getString(field) : "(no slave status)";
        } catch (SQLException e) {
            return "error: " + e.getMessage();
        }
    }

    private static String one(MariaDbLoopback mdb, Node n, String sql) {
        try (Connection c = mdb.admin(n); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            return "error: " + e.getMessage();
        }
    }

    private static void exec(MariaDbLoopback mdb, Node n, String sql) throws SQLException {
        try (Connection c = mdb.admin(n); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Polls {@code read} until {@code done} holds, bounded; the failure says what it last saw. */
    private static <T> T until(String what, Supplier<T> read, Predicate<T> done) {
        return Await.until(what, WAIT, Duration.ofMillis(100), read::get, done);
    }
}
