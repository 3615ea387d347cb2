package dev.handover.mariadb;

import dev.handover.testing.RealServer;
import dev.handover.cli.CliRun;
import dev.handover.journal.Journal;
import dev.handover.testing.Await;
import dev.handover.mariadb.harness.ClusterCheck;
import dev.handover.mariadb.harness.MariaDbLoopback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code handover plan} on a real MariaDB cluster: MariaDB's read-only probes ({@link MariaDbProbes}) listed and
 * judged; a recorded plan run with {@code run --plan}; an open transaction on the primary warned of (the freeze
 * does not wait for it, the fencing cuts it: shown by running the handover over it), a replica's stopped SQL thread
 * and another HA manager's login each a no-go by name. Every outcome is checked on the servers.
 */
@RealServer
class MariaDbPlanCliTest {
    @TempDir
    Path journal;

    @Test
    void aHealthyClusterIsGoWithEveryProbeAndItsPlanRuns() throws Exception {
        try (MariaDbLoopback mdb = MariaDbLoopback.start()) {
            String spec = "mariadb:" + mdb.writeDefinition();
            CliRun plan = cli("plan", "--cluster", spec, "--target", "mdb2", "--mode", "coordinated", "--deadline", "10s");
            assertEquals(0, plan.code(), plan.out() + plan.err());
            for (String probe : new String[] {
                    "    PASS No other HA manager: no session of a MaxScale, orchestrator, MHA or replication-manager login",
                    "    PASS Running statements: no statement running 5s or longer on mdb1",
                    "    PASS Open transactions: none older than 5s on mdb1; ",
                    "    PASS Replication threads: IO and SQL threads running on mdb2, mdb3",
                    "    PASS GTID replication: every replica replicates by GTID; gtid_strict_mode on every node",
                    "    PASS Target binlog: mdb2 writes a binlog with what it replicates",
                    "    PASS Privileges: the login holds what the freeze, fencing, promotion and re-pointing need"}) {
                assertTrue(plan.out().contains(probe), probe + "\n" + plan.out());
            }
            assertTrue(plan.out().contains("\nGO (1 warning above): "), "the regions differ, nothing else: " + plan.out());
            String id = planId(plan.out());

            CliRun run = cli("run", "--plan", id, "--cluster", spec, "--journal", journal.toString());
            assertEquals(0, run.code(), run.out() + run.err());
            assertTrue(run.out().startsWith("Plan " + id + " (made "), run.out());
            assertTrue(run.out().contains("COMMITTED: mdb2 is the primary under term 1"), run.out());
            assertTrue(ClusterCheck.writable(mdb, mdb.node("mdb2")));
            assertEquals(id, Journal.at(journal).load().runs().get(0).report().run().plan());

            // Run again, the plan no longer holds: the primary moved. Refused, nothing frozen.
            CliRun again = cli("run", "--plan", id, "--cluster", spec, "--journal", journal.toString());
            assertEquals(6, again.code(), again.out() + again.err());
            assertTrue(again.out().contains("the primary is mdb2 now, not mdb1"), again.out());
            assertTrue(ClusterCheck.writable(mdb, mdb.node("mdb2")), "nothing was frozen");
        }
    }

    @Test
    void anOpenTransactionWarnsAStoppedSqlThreadAndAManagersLoginAreNoGo() throws Exception {
        try (MariaDbLoopback mdb = MariaDbLoopback.start()) {
            String spec = "mariadb:" + mdb.writeDefinition();
            MariaDbLoopback.Node mdb1 = mdb.node("mdb1");
            try (Connection app = DriverManager.getConnection(mdb1.url(), MariaDbLoopback.APP, MariaDbLoopback.APP_PASSWORD);
                 Statement s = app.createStatement()) {
                app.setAutoCommit(false);
                s.execute("INSERT INTO " + MariaDbLoopback.TABLE + " VALUES (-900, @@server_id)");
                // The probe names transactions open 5 s or longer: wait until the server itself says this one is.
                Await.until("the transaction open 6 s on mdb1", Duration.ofSeconds(30), () -> count(mdb, mdb1,
                        "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_started <= NOW() - INTERVAL 6 SECOND"),
                        n -> n > 0);

                CliRun plan = cli("plan", "--cluster", spec, "--target", "mdb2", "--mode", "coordinated", "--deadline", "10s");
                assertEquals(0, plan.code(), "a warning is no no-go: " + plan.out() + plan.err());
                Matcher m = Pattern.compile("    WARN Open transactions: 1 transaction\\(s\\) open 5s or longer on mdb1: session \\d+ of app"
                        + " from 127\\.0\\.0\\.1:\\d+, open \\d+s, 1 row\\(s\\) changed\\. The freeze does not wait for an idle transaction,"
                        + " but it is rolled back when its session is ended; 1 client session\\(s\\) on mdb1 now").matcher(plan.out());
                assertTrue(m.find(), plan.out());
                assertTrue(plan.out().contains("GO (2 warnings above)"), plan.out());

                // As warned: the run is not held up by it, and the fencing rolled it back.
                CliRun run = cli("run", "--plan", planId(plan.out()), "--cluster", spec, "--journal", journal.toString());
                assertEquals(0, run.code(), run.out() + run.err());
                assertThrows(SQLException.class, app::commit, "its session was ended at the fencing");
            }
            assertEquals(0, count(mdb, mdb.node("mdb2"), "SELECT COUNT(*) FROM " + MariaDbLoopback.TABLE + " WHERE id = -900"),
                    "the open transaction was rolled back, not committed");

            // mdb2 is the primary now; mdb3's SQL thread is stopped: a no-go naming it.
            exec(mdb, mdb.node("mdb3"), "STOP SLAVE SQL_THREAD");
            CliRun stopped = cli("plan", "--cluster", spec, "--target", "mdb1", "--mode", "coordinated", "--deadline", "10s");
            assertEquals(6, stopped.code(), stopped.out() + stopped.err());
            assertTrue(stopped.out().contains("    FAIL Replication threads: mdb3: SQL thread stopped. The run re-points every"
                    + " replica"), stopped.out());
            assertTrue(stopped.out().contains("NO-GO: ") && stopped.out().contains("Replication threads: mdb3: SQL thread stopped"),
                    stopped.out());
            exec(mdb, mdb.node("mdb3"), "START SLAVE SQL_THREAD");

            // An orchestrator login with a session on a node: another manager, named.
            exec(mdb, mdb.node("mdb2"), "CREATE USER 'orchestrator'@'%' IDENTIFIED BY 'orc-pw'");
            Await.until("the login replicated to mdb1", Duration.ofSeconds(20), () -> {
                try (Connection c = DriverManager.getConnection(mdb.node("mdb1").url(), "orchestrator", "orc-pw")) {
                    return "logged in";
                }
            }, "logged in"::equals);
            try (Connection orc = DriverManager.getConnection(mdb.node("mdb1").url(), "orchestrator", "orc-pw")) {
                CliRun managed = cli("plan", "--cluster", spec, "--target", "mdb1", "--mode", "coordinated", "--deadline", "10s");
                assertEquals(6, managed.code(), managed.out() + managed.err());
                assertTrue(managed.out().contains("    FAIL No other HA manager: another HA manager looks to be in charge:"
                        + " orchestrator (session "), managed.out());
                assertTrue(managed.out().contains(" of orchestrator from 127.0.0.1:"), managed.out());
            }
            assertTrue(ClusterCheck.writable(mdb, mdb.node("mdb2")), "plans change nothing");
            assertFalse(ClusterCheck.writable(mdb, mdb.node("mdb1")));
        }
    }

    /** Tried by hand first: FLUSH TABLES WITH READ LOCK waits behind a running UPDATE (to its lock wait), not a SELECT. */
    @Test
    void aLongWriteOnThePrimaryIsANoGoAndALongReadIsNamed() throws Exception {
        try (MariaDbLoopback mdb = MariaDbLoopback.start()) {
            String spec = "mariadb:" + mdb.writeDefinition();
            MariaDbLoopback.Node mdb1 = mdb.node("mdb1");
            for (int i = 0; i < 8; i++) {
                exec(mdb, mdb1, "INSERT INTO " + MariaDbLoopback.TABLE + " VALUES (" + (-700 - i) + ", @@server_id)");
            }
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> quietly(mdb, mdb1,
                    "UPDATE " + MariaDbLoopback.TABLE + " SET id = id WHERE SLEEP(1) = 0"));
            CompletableFuture<Void> read = CompletableFuture.runAsync(() -> quietly(mdb, mdb1, "SELECT SLEEP(9)"));
            // The probe names statements running 5 s or longer: wait until the server shows both past that.
            Await.until("the UPDATE and the SELECT running 5 s on mdb1", Duration.ofSeconds(30), () -> count(mdb, mdb1,
                    "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE TIME_MS >= 5500"
                            + " AND (INFO LIKE 'UPDATE%SLEEP(1)%' OR INFO LIKE 'SELECT SLEEP(9)%')"), n -> n == 2);

            CliRun plan = cli("plan", "--cluster", spec, "--target", "mdb2", "--mode", "coordinated", "--deadline", "10s");
            assertEquals(6, plan.code(), plan.out() + plan.err());
            Matcher m = Pattern.compile("    FAIL Running statements: 1 statement\\(s\\) writing on mdb1 for 5s or longer: session \\d+ of"
                    + " handover from 127\\.0\\.0\\.1:\\d+ running \\d+s: UPDATE app\\.acked SET id = id WHERE SLEEP\\(1\\) = 0\\."
                    + " The freeze \\(FLUSH TABLES WITH READ LOCK\\) waits behind a running write, .*; also 1 long read\\(s\\),"
                    + " ended by the fencing\n").matcher(plan.out());
            assertTrue(m.find(), plan.out());
            assertTrue(plan.out().contains("NO-GO: Running statements: "), plan.out());
            write.get(30, TimeUnit.SECONDS);
            read.get(30, TimeUnit.SECONDS);
            assertTrue(ClusterCheck.writable(mdb, mdb1), "the plan froze nothing");
        }
    }

    /** A login with too few grants: each node's missing privileges named, as USER_PRIVILEGES spells them on 10.11. */
    @Test
    void aLoginWithoutThePrivilegesTheRunNeedsIsANoGoNamingThem() throws Exception {
        try (MariaDbLoopback mdb = MariaDbLoopback.start()) {
            exec(mdb, mdb.node("mdb1"), "CREATE USER 'limited'@'%' IDENTIFIED BY '" + MariaDbLoopback.ADMIN_PASSWORD + "'");
            exec(mdb, mdb.node("mdb1"), "GRANT SELECT, PROCESS, SLAVE MONITOR, REPLICATION SLAVE ADMIN ON *.* TO 'limited'@'%'");
            Await.until("the login replicated to mdb3", Duration.ofSeconds(20), () -> {
                try (Connection c = DriverManager.getConnection(mdb.node("mdb3").url(), "limited", MariaDbLoopback.ADMIN_PASSWORD)) {
                    return "logged in";
                }
            }, "logged in"::equals);
            Path definition = mdb.writeDefinition();
            Path limited = definition.resolveSibling("limited.json");
            java.nio.file.Files.writeString(limited, java.nio.file.Files.readString(definition)
                    .replace("\"user\": \"" + MariaDbLoopback.ADMIN + "\"", "\"user\": \"limited\""));

            CliRun plan = cli("plan", "--cluster", "mariadb:" + limited, "--target", "mdb2", "--mode", "coordinated",
                    "--deadline", "10s");
            assertEquals(6, plan.code(), plan.out() + plan.err());
            assertTrue(plan.out().contains("    FAIL Privileges: limited@% on mdb1 lacks READ_ONLY ADMIN or SUPER, RELOAD,"
                    + " CONNECTION ADMIN or SUPER; limited@% on mdb2 lacks READ_ONLY ADMIN or SUPER, REPLICATION SLAVE;"
                    + " limited@% on mdb3 lacks READ_ONLY ADMIN or SUPER (global grants of the login"), plan.out());
        }
    }

    private static void quietly(MariaDbLoopback mdb, MariaDbLoopback.Node n, String sql) {
        try {
            exec(mdb, n, sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }


    private static long count(MariaDbLoopback mdb, MariaDbLoopback.Node n, String sql) throws Exception {
        try (Connection c = mdb.admin(n); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void exec(MariaDbLoopback mdb, MariaDbLoopback.Node n, String sql) throws Exception {
        try (Connection c = mdb.admin(n); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String planId(String out) {
        Matcher m = Pattern.compile("Plan (P[0-9a-z]+) recorded in ").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    private CliRun cli(String... args) {
        return CliRun.of(journal, args);
    }
}
