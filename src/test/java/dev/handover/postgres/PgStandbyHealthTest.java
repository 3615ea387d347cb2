package dev.handover.postgres;

import dev.handover.testing.RealServer;
import dev.handover.testing.Await;
import dev.handover.cli.CliRun;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ClusterVerdict;
import dev.handover.cluster.Condition;
import dev.handover.cluster.Preflight;
import dev.handover.cluster.PreflightCheck;
import dev.handover.core.FailoverMode;
import dev.handover.cluster.NodeStatus;
import dev.handover.postgres.harness.ClusterShape;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Standby health on real PostgreSQL 15, for the stuck standbys an operator met at 2 a.m. (issue 20, finding 2): a
 * walreceiver stopped by a signal (still "streaming" in its own view), replay paused with a backlog, and two writable
 * primaries. None may read as healthy; {@code status}, {@code plan} and the console's preflight say what it is.
 * The cluster's state is checked with the test's own connections, not Handover's code.
 */
@RealServer
class PgStandbyHealthTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path journal;

    @Test
    void aStoppedWalreceiverIsAStalledReceiverNotHealthyAndNoPlanOrPreflightPassesIt() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3)) {
            String spec = "pg:" + cluster.definitionFile();
            // A short receiver timeout keeps the test quick: the stall limit is derived from it (timeout/2 + 2 × the
            // 1 s status interval = 4 s), and a healthy receiver on this idle primary hears a keepalive every 2 s.
            sql(cluster, "pg2", "ALTER SYSTEM SET wal_receiver_timeout = '4s'");
            sql(cluster, "pg2", "SELECT pg_reload_conf()");
            CliRun healthy = until("pg2 healthy in status after the reload", () -> status(spec),
                    r -> r.code() == 0 && row(r, "pg2").contains(" healthy "));
            assertTrue(healthy.out().contains("Cluster healthy"), healthy.out());

            long pid = receiverPid(cluster, "pg2");
            signal("STOP", pid);
            try {
                CliRun stalled = until("pg2 shown with a stalled receiver", () -> status(spec),
                        r -> row(r, "pg2").contains("receiver stalled"));
                assertEquals(5, stalled.code(), "degraded exits 5: " + stalled.out());
                String pg2 = row(stalled, "pg2");
                assertTrue(pg2.contains("degraded"), pg2);
                assertTrue(pg2.contains("walreceiver pid " + pid), pg2);
                assertTrue(stalled.out().contains("Cluster degraded: pg2 receiver stalled"), stalled.out());
                // Its own view still says streaming: that is what fooled the old health check.
                assertEquals("streaming", one(cluster, "pg2", "SELECT status FROM pg_stat_wal_receiver"));

                CliRun plan = CliRun.of(journal, "plan", "--cluster", spec, "--target", "pg2", "--mode", "coordinated",
                        "--deadline", "10s");
                assertEquals(6, plan.code(), plan.out() + plan.err());
                assertTrue(plan.out().contains("FAIL Target healthy: pg2 is receiver stalled"), plan.out());
                assertFalse(plan.out().contains("PASS Target healthy"), plan.out());

                // The console's preflight reads the same connection's snapshot.
                try (PgCluster pg = new PgCluster(cluster.definition(), cluster.connector())) {
                    ClusterSnapshot s = pg.status();
                    assertEquals(Condition.RECEIVER_STALLED, s.node("pg2").orElseThrow().condition(), s.toString());
                    List<PreflightCheck> checks = new Preflight().check(s, "pg2",
                            new FailoverMode.Coordinated(Duration.ofSeconds(10)));
                    PreflightCheck target = line(checks, Preflight.TARGET_HEALTHY);
                    assertEquals(PreflightCheck.Verdict.FAIL, target.verdict(), target.why());
                    assertTrue(Preflight.blocksCoordinated(checks), checks.toString());
                    // With pg3 as the target, the stalled sibling is a warning, never a pass.
                    PreflightCheck others = line(new Preflight().check(s, "pg3",
                            new FailoverMode.Coordinated(Duration.ofSeconds(10))), Preflight.OTHER_REPLICAS);
                    assertEquals(PreflightCheck.Verdict.WARN, others.verdict(), others.why());
                    assertTrue(others.why().contains("pg2 receiver stalled"), others.why());
                }
            } finally {
                signal("CONT", pid);
            }
            until("pg2 healthy again once its walreceiver continues", () -> status(spec),
                    r -> r.code() == 0 && row(r, "pg2").contains(" healthy "));
        }
    }

    /**
     * On a production-shaped cluster (passwords, a replication user, a slot and application_name per standby) with
     * the default 60 s receiver timeout, the primary's side sees it first: no reply from pg2 for over 3 × its 1 s
     * status interval.
     */
    @Test
    void onAProductionShapeThePrimarysReplyAgeShowsTheStallWithinSeconds() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(ClusterShape.production(3));
             PgCluster pg = new PgCluster(cluster.definition(), cluster.connector())) {
            until("pg2 healthy", () -> pg.status().node("pg2").orElseThrow(), n -> n.condition() == Condition.HEALTHY);
            long pid = receiverPid(cluster, "pg2");
            long stoppedAt = System.nanoTime();
            signal("STOP", pid);
            try {
                NodeStatus pg2 = until("pg2's receiver stalled, seen from the primary's reply_time",
                        () -> pg.status().node("pg2").orElseThrow(), n -> n.condition() == Condition.RECEIVER_STALLED);
                assertTrue(pg2.detail().contains("the primary has had no reply from it for"), pg2.detail());
                assertTrue(System.nanoTime() - stoppedAt < Duration.ofSeconds(30).toNanos(),
                        "seen before the 32 s message limit could: " + pg2.detail());
                assertEquals(ClusterVerdict.Kind.DEGRADED, pg.status().verdict().kind());
            } finally {
                signal("CONT", pid);
            }
            until("pg2 healthy again", () -> pg.status().node("pg2").orElseThrow(), n -> n.condition() == Condition.HEALTHY);
        }
    }

    @Test
    void pausedReplayWithABacklogIsDegradedAndTheFreezeIsNotProjectedAsZero() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3)) {
            String spec = "pg:" + cluster.definitionFile();
            sql(cluster, "pg2", "SELECT pg_wal_replay_pause()");
            try {
                until("pg2's replay paused", () -> one(cluster, "pg2", "SELECT pg_get_wal_replay_pause_state()"),
                        "paused"::equals);
                sql(cluster, "pg1", "CREATE TABLE bulk AS SELECT g AS id, repeat('x', 200) AS pad FROM generate_series(1, 40000) g");
                String primaryLsn = one(cluster, "pg1", "SELECT pg_current_wal_lsn()::text");
                until("pg2 to receive the primary's WAL up to " + primaryLsn, () -> one(cluster, "pg2",
                        "SELECT pg_last_wal_receive_lsn() >= '" + primaryLsn + "'::pg_lsn AND pg_last_wal_replay_lsn() < '"
                                + primaryLsn + "'::pg_lsn"), "t"::equals);
                long backlog = Long.parseLong(one(cluster, "pg2",
                        "SELECT (pg_last_wal_receive_lsn() - pg_last_wal_replay_lsn())::bigint"));
                assertTrue(backlog > 4_000_000, "a backlog of a few MB to replay: " + backlog);

                CliRun status = status(spec);
                assertEquals(5, status.code(), status.out() + status.err());
                String pg2 = row(status, "pg2");
                assertTrue(pg2.contains("degraded") && pg2.contains("replay paused, ") && pg2.contains(" MB) to replay"), pg2);
                assertTrue(status.out().contains("Cluster degraded: pg2 apply paused"), status.out());

                CliRun plan = CliRun.of(journal, "plan", "--cluster", spec, "--target", "pg2", "--mode", "coordinated",
                        "--deadline", "10s");
                assertEquals(6, plan.code(), plan.out() + plan.err());
                assertTrue(plan.out().contains("FAIL Target healthy: pg2 is apply paused"), plan.out());
                String freeze = plan.out().lines().filter(l -> l.contains(Preflight.FREEZE)).findFirst().orElseThrow();
                assertTrue(freeze.contains("unknown") && freeze.contains("received but not yet applied"), freeze);
                assertFalse(freeze.contains("about 0"), "never a confident 0: " + freeze);
            } finally {
                sql(cluster, "pg2", "SELECT pg_wal_replay_resume()");
            }
        }
    }

    @Test
    void twoWritablePrimariesAreASplitBrainStatusExits7AndThePlanIsANoGoNamingThem() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3)) {
            String spec = "pg:" + cluster.definitionFile();
            // Promoted by hand while pg1 still runs and takes writes.
            cluster.shell().run(cluster.bin().resolve("pg_ctl").toString(), "promote", "-w", "-D",
                    cluster.node("pg3").dataDir().toString());
            until("pg3 out of recovery", () -> one(cluster, "pg3", "SELECT pg_is_in_recovery()::text"), "false"::equals);
            assertEquals("false", one(cluster, "pg1", "SELECT pg_is_in_recovery()::text"), "pg1 still a primary");

            // pg2 still follows pg1, which goes on taking writes: it now holds WAL that pg3 (the later timeline, shown
            // as the primary) never had. Ahead, diverged: never "0 behind".
            sql(cluster, "pg1", "CREATE TABLE after_split AS SELECT g AS id, repeat('x', 200) AS pad FROM generate_series(1, 5000) g");
            String pg1Lsn = one(cluster, "pg1", "SELECT pg_current_wal_lsn()::text");
            until("pg2 to receive pg1's WAL up to " + pg1Lsn, () -> one(cluster, "pg2",
                    "SELECT pg_last_wal_receive_lsn() >= '" + pg1Lsn + "'::pg_lsn"), "t"::equals);

            CliRun status = status(spec);
            assertEquals(7, status.code(), "split brain exits 7: " + status.out() + status.err());
            String pg2 = row(status, "pg2");
            assertTrue(pg2.contains("AHEAD by ") && pg2.contains("AHEAD of primary pg3 by "), pg2);
            assertFalse(pg2.contains(" 0 bytes, "), "never 0 behind: " + pg2);
            assertTrue(status.out().contains("SPLIT BRAIN: pg1 and pg3 all take writes"), status.out());
            assertTrue(row(status, "pg1").contains("split brain") || row(status, "pg1").contains("SPLIT BRAIN"), status.out());
            assertTrue(row(status, "pg3").contains("SPLIT BRAIN: takes writes, and so does pg1"), status.out());

            try (PgCluster pg = new PgCluster(cluster.definition(), cluster.connector())) {
                ClusterVerdict v = pg.status().verdict();
                assertEquals(new ClusterVerdict.SplitBrain(List.of("pg1", "pg3")), v);
            }

            CliRun plan = CliRun.of(journal, "plan", "--cluster", spec, "--target", "pg2", "--mode", "coordinated",
                    "--deadline", "10s");
            assertEquals(6, plan.code(), plan.out() + plan.err());
            assertTrue(plan.out().contains("FAIL " + Preflight.ONE_WRITABLE + ": SPLIT BRAIN: pg1 and pg3"), plan.out());
            assertTrue(plan.out().contains("NO-GO: " + Preflight.ONE_WRITABLE), plan.out());
        }
    }

    private CliRun status(String spec) {
        return CliRun.of(journal, "status", "--cluster", spec);
    }

    private static String row(CliRun r, String id) {
        return r.out().lines().filter(l -> l.startsWith(id + " ")).findFirst().orElse("(no row for " + id + ")");
    }

    private static PreflightCheck line(List<PreflightCheck> checks, String title) {
        return checks.stream().filter(c -> c.title().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + title + " in " + checks));
    }

    /** Polls {@code read} until {@code done} holds, bounded; the failure says what it last saw. */
    static <T> T until(String what, Supplier<T> read, Predicate<T> done) {
        return Await.until(what, WAIT, Duration.ofMillis(200), read::get, done);
    }

    private static long receiverPid(LoopbackCluster cluster, String id) {
        return Long.parseLong(until(id + "'s walreceiver pid", () -> one(cluster, id,
                "SELECT coalesce(pid::text, '') FROM pg_stat_wal_receiver"), s -> s != null && !s.isEmpty()));
    }

    private static void signal(String sig, long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("kill -" + sig + " " + pid + " failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    private static void sql(LoopbackCluster cluster, String id, String sql) throws SQLException {
        try (Connection c = cluster.connect(id); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** One value read with the test's own connection; a failure reads as its message, so a wait can say it. */
    private static String one(LoopbackCluster cluster, String id, String sql) {
        try (Connection c = cluster.connect(id); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            return "error: " + e.getMessage();
        }
    }
}
