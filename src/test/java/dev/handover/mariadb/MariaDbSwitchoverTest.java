package dev.handover.mariadb;

import dev.handover.testing.RealServer;
import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.ForceLossText;
import dev.handover.cluster.ObservedRole;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.CatchUpTimedOut;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.ForceApproval;
import dev.handover.core.ForceDecision;
import dev.handover.core.ForcePrompt;
import dev.handover.core.RunHooks;
import dev.handover.core.TransportException;
import dev.handover.mariadb.harness.AckedWriter;
import dev.handover.testing.Await;
import dev.handover.mariadb.harness.ClusterCheck;
import dev.handover.mariadb.harness.MariaDbLoopback;
import dev.handover.mariadb.harness.MariaDbLoopback.Node;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Switchovers on a real loopback MariaDB 10.11 GTID cluster, under an application's acknowledged writes. */
@RealServer
class MariaDbSwitchoverTest extends OnLoopbackCluster {
    private static final Duration POLL = Duration.ofMillis(100);

    @Test
    void coordinatedSwitchoverUnderAckedWritesLosesNothingAndEveryNodeFollowsTheNewPrimary() throws Exception {
        List<AckedWriter.Ack> acks;
        ClusterSnapshot before = cluster.status();
        assertEquals("mdb1", before.primary().orElseThrow().id());
        assertTrue(before.nodes().stream().allMatch(n -> n.health() == Health.HEALTHY), before.toString());
        try (AckedWriter writer = AckedWriter.start(mdb, Duration.ofMillis(5))) {
            Await.until("acks on mdb1", Duration.ofSeconds(20), () -> writer.acksFrom(1), n -> n >= 50);
            MariaDbTransport tx = transport("mdb1", "mdb2");
            FailoverOutcome outcome = FailoverCoordinator.run(request("mdb1", "mdb2",
                    new FailoverMode.Coordinated(Duration.ofSeconds(10))), tx);
            assertEquals(1, outcome.newTerm());
            assertEquals(0, outcome.skippedLsn());
            AfterRun after = afterRun(tx, outcome.newTerm());
            assertFalse(after.degraded(), after.toString());
            assertEquals(ObservedRole.Kind.PRIMARY, after.role("mdb2").orElseThrow().kind());
            assertEquals(java.util.Optional.of("127.0.0.1:" + mdb.node("mdb2").port()), after.role("mdb1").orElseThrow().upstream());
            Await.until("acks on mdb2", Duration.ofSeconds(20), () -> writer.acksFrom(2), n -> n >= 50);
            writer.close();
            acks = writer.acks();
        }
        assertTopology("mdb2", acks);
        ClusterSnapshot after = cluster.status();
        assertEquals("mdb2", after.primary().orElseThrow().id());
        assertEquals(1, after.primary().orElseThrow().role().term());
    }

    @Test
    void abortedCatchUpResumesWritesOnTheOldPrimaryAndCommitsNothing() throws Exception {
        exec(mdb.node("mdb2"), "STOP SLAVE SQL_THREAD");
        List<AckedWriter.Ack> acks;
        try (AckedWriter writer = AckedWriter.start(mdb, Duration.ofMillis(5))) {
            Await.until("acks while mdb2 lags", Duration.ofSeconds(20), () -> writer.acksFrom(1), n -> n >= 50);
            MariaDbTransport tx = transport("mdb1", "mdb2");
            assertThrows(CatchUpTimedOut.class, () -> FailoverCoordinator.run(request("mdb1", "mdb2",
                    new FailoverMode.Coordinated(Duration.ofSeconds(1))), tx));
            long acked = writer.acksFrom(1);
            Await.until("writes resumed on mdb1", Duration.ofSeconds(20), () -> writer.acksFrom(1), n -> n >= acked + 50);
            assertTrue(tx.commitReport().isEmpty());
            writer.close();
            acks = writer.acks();
        }
        assertTrue(ClusterCheck.writable(mdb, mdb.node("mdb1")));
        assertFalse(ClusterCheck.writable(mdb, mdb.node("mdb2")));
        exec(mdb.node("mdb2"), "START SLAVE SQL_THREAD");
        assertTopology("mdb1", acks);
        assertEquals(0, cluster.status().primary().orElseThrow().role().term());
    }

    @Test
    void forceSkipsExactlyTheAcknowledgedTransactionsTheTargetLacksAndFencesTheOldPrimary() throws Exception {
        exec(mdb.node("mdb2"), "STOP SLAVE SQL_THREAD");
        AtomicReference<ForceLoss> prompted = new AtomicReference<>();
        Set<Long> acked;
        MariaDbTransport tx;
        FailoverOutcome outcome;
        try (AckedWriter writer = AckedWriter.start(mdb, Duration.ofMillis(5))) {
            Await.until("acks while mdb2 lags", Duration.ofSeconds(20), () -> writer.acksFrom(1), n -> n >= 40);
            tx = transport("mdb1", "mdb2");
            // The prompt's figure, as the console's dialog and the CLI assess it: counted from GTIDs.
            ForceApproval counting = new ForceApproval() {
                @Override
                public Duration window() {
                    return Duration.ofSeconds(60);
                }

                @Override
                public ForceDecision decide(ForcePrompt prompt) {
                    prompted.set(ForceLoss.assess(cluster, prompt, Optional.empty(), Optional.empty()));
                    return ForceDecision.APPROVE;
                }
            };
            outcome = FailoverCoordinator.run(request("mdb1", "mdb2", new FailoverMode.Force(Duration.ofSeconds(1))), tx,
                    RunHooks.none().withApproval(counting));
            Await.until("acks on mdb2", Duration.ofSeconds(20), () -> writer.acksFrom(2), n -> n >= 20);
            acked = writer.acks().stream().filter(a -> a.serverId() == 1).map(AckedWriter.Ack::id)
                    .collect(Collectors.toSet());
        }
        Set<Long> onTarget = ClusterCheck.ids(mdb, mdb.node("mdb2"));
        long missing = acked.stream().filter(id -> !onTarget.contains(id)).count();
        assertTrue(outcome.forced());
        assertTrue(missing > 0, "the target lagged, so something was skipped");
        assertEquals(missing, outcome.skippedLsn(), "skipped = the seq gap = the acked rows the new primary lacks");
        // Issue 20, finding 3: the prompt counted exactly those transactions, from GTIDs, and said so.
        ForceLoss.Counted counted = assertInstanceOf(ForceLoss.Counted.class, prompted.get().writes(),
                String.valueOf(prompted.get()));
        assertEquals(missing, counted.count(), counted.toString());
        assertEquals(ForceLoss.Unit.TRANSACTIONS, counted.unit());
        assertTrue(counted.basis().startsWith("counted from GTIDs: seq "), counted.basis());
        assertEquals(String.format(java.util.Locale.ROOT, "%,d committed transactions will be lost", missing),
                ForceLossText.writes(prompted.get()));
        AfterRun after = afterRun(tx, outcome.newTerm());
        assertTrue(after.degraded());
        assertTrue(after.remaining().stream().anyMatch(s -> s.startsWith("mdb1 is fenced")), after.toString());
        assertTrue(after.failed().stream().anyMatch(c -> c.what().equals("mdb1 replicates from mdb2")), after.toString());
        Node old = mdb.node("mdb1");
        assertFalse(ClusterCheck.writable(mdb, old), "the old primary stays read-only");
        assertFalse(ClusterCheck.streamingFrom(mdb, old, mdb.node("mdb2")), "its replication is stopped");
        NodeStatus oldStatus = cluster.status().node("mdb1").orElseThrow();
        assertEquals(Health.DEGRADED, oldStatus.health());
    }

    @Test
    void theFreezeStopsASuperSessionsWritesAndResumeUndoesExactlyTheFreeze() throws Exception {
        Node primary = mdb.node("mdb1");
        MariaDbTransport tx = transport("mdb1", "mdb2");
        long frontier = tx.freezePrimary();
        try (Connection admin = mdb.admin(primary); Statement s = admin.createStatement()) {
            s.execute("SET SESSION lock_wait_timeout = 1");
            // The admin user holds ALL PRIVILEGES (SUPER, READ ONLY ADMIN): read_only would not stop it.
            SQLException refused = assertThrows(SQLException.class,
                    () -> s.execute("INSERT INTO " + MariaDbLoopback.TABLE + " VALUES (-1, @@server_id)"));
            assertEquals(1205, refused.getErrorCode(), refused.getMessage()); // lock wait timeout: held by the freeze
        }
        assertEquals(frontier, ClusterCheck.seq(mdb, primary, "gtid_binlog_pos"));
        tx.resumePrimary();
        assertTrue(ClusterCheck.writable(mdb, primary), "read_only untouched by freeze and resume");
        exec(primary, "INSERT INTO " + MariaDbLoopback.TABLE + " VALUES (-1, @@server_id)");
        assertEquals(frontier + 1, ClusterCheck.seq(mdb, primary, "gtid_binlog_pos"));
    }

    @Test
    void aSecondRunIsRefusedByTheRunLockBeforeItFreezesAndCanRunOnceTheFirstEnds() throws Exception {
        MariaDbTransport first = transport("mdb1", "mdb2");
        MariaDbTransport second = transport("mdb1", "mdb3");
        first.freezePrimary();
        TransportException refused = assertThrows(TransportException.class, second::freezePrimary);
        assertTrue(refused.getMessage().contains("another Handover run holds the run lock"), refused.getMessage());
        first.resumePrimary();
        assertTrue(ClusterCheck.writable(mdb, mdb.node("mdb1")));
        exec(mdb.node("mdb1"), "INSERT INTO " + MariaDbLoopback.TABLE + " VALUES (-2, @@server_id)");
        second.freezePrimary(); // the lock ended with the first run's session
        second.resumePrimary();
    }

    @Test
    void twelveRotationsUnderAckedWritesStayHealthyAndLoseNothing() throws Exception {
        List<String> ring = List.of("mdb1", "mdb2", "mdb3");
        List<AckedWriter.Ack> acks;
        try (AckedWriter writer = AckedWriter.start(mdb, Duration.ofMillis(5))) {
            for (int i = 0; i < 12; i++) {
                String from = ring.get(i % 3);
                String to = ring.get((i + 1) % 3);
                int fromServer = mdb.node(from).serverId();
                long before = writer.acksFrom(fromServer);
                Await.until("acks on " + from, Duration.ofSeconds(20), () -> writer.acksFrom(fromServer), n -> n >= before + 10);
                MariaDbTransport tx = transport(from, to);
                FailoverOutcome outcome = FailoverCoordinator.run(request(from, to,
                        new FailoverMode.Coordinated(Duration.ofSeconds(10))), tx);
                assertEquals(i + 1, outcome.newTerm(), "rotation " + (i + 1));
                assertEquals(0, outcome.skippedLsn(), "rotation " + (i + 1));
                AfterRun after = afterRun(tx, outcome.newTerm());
                assertFalse(after.degraded(), "rotation " + (i + 1) + ": " + after);
            }
            long last = writer.acksFrom(1);
            Await.until("acks on the last primary", Duration.ofSeconds(20), () -> writer.acksFrom(1), n -> n >= last + 10);
            writer.close();
            acks = writer.acks();
        }
        assertTopology("mdb1", acks);
        assertEquals(12, cluster.status().primary().orElseThrow().role().term());
    }

    @Test
    void aRunPlannedUnderAnOlderTermIsFencedBeforeAnythingIsFrozen() throws Exception {
        MariaDbTransport stale = cluster.transport("mdb3", 0, POLL); // planned now, under term 0
        FailoverOutcome first = FailoverCoordinator.run(request("mdb1", "mdb2",
                new FailoverMode.Coordinated(Duration.ofSeconds(10))), transport("mdb1", "mdb2"));
        assertEquals(1, first.newTerm());
        Await.until("mdb3 has the term", Duration.ofSeconds(20), () -> cluster.status().node("mdb3").orElseThrow().role(),
                role -> role.term() == 1);
        dev.handover.core.TransportException fenced = assertThrows(dev.handover.core.TransportException.class,
                stale::freezePrimary);
        assertTrue(fenced.getMessage().contains("fenced: mdb2 holds term 1"), fenced.getMessage());
        exec(mdb.node("mdb2"), "INSERT INTO " + MariaDbLoopback.TABLE + " VALUES (-2, @@server_id)"); // not frozen
        assertEquals("mdb2", cluster.status().primary().orElseThrow().id());
    }

    @Test
    void aTargetHoldingAnotherTermRefusesTheCommitAndWritesResume() throws Exception {
        MariaDbTransport tx = transport("mdb1", "mdb2");
        long frontier = tx.freezePrimary();
        try (Connection c = mdb.admin(mdb.node("mdb2")); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0"); // a term only mdb2 holds, as if another run promoted it
            s.execute("CREATE DATABASE handover");
            s.execute("CREATE TABLE handover.term (id TINYINT PRIMARY KEY, term BIGINT NOT NULL,"
                    + " primary_id VARCHAR(64) NOT NULL)");
            s.execute("INSERT INTO handover.term VALUES (1, 5, 'mdb2')");
        }
        tx.endFreezeLease();
        dev.handover.core.TransportException e = assertThrows(dev.handover.core.TransportException.class,
                () -> tx.commitHandover(1));
        assertTrue(e.getMessage().contains("fenced: target mdb2 holds term 5")
                && e.getMessage().contains("nothing committed, writes resumed on mdb1"), e.getMessage());
        Node primary = mdb.node("mdb1");
        assertTrue(ClusterCheck.writable(mdb, primary));
        exec(primary, "INSERT INTO " + MariaDbLoopback.TABLE + " VALUES (-4, @@server_id)");
        assertEquals(frontier + 1, ClusterCheck.seq(mdb, primary, "gtid_binlog_pos"));
    }

    @Test
    void aSecondGtidDomainIsRefusedWithAMessageSayingSo() throws Exception {
        try (Connection c = mdb.admin(mdb.node("mdb1")); Statement s = c.createStatement()) {
            s.execute("SET SESSION gtid_domain_id = 7");
            s.execute("INSERT INTO " + MariaDbLoopback.TABLE + " VALUES (-3, @@server_id)");
        }
        dev.handover.cluster.ClusterException e = assertThrows(dev.handover.cluster.ClusterException.class,
                cluster::status);
        assertTrue(e.getMessage().contains("spans several replication domains"), e.getMessage());
    }

    @Test
    void statusShowsGtidPositionsAndLagAsTransactionCounts() throws Exception {
        // From a caught-up mdb3, so its lag counts exactly the five below (an earlier test's last write may
        // still be on its way: CI once saw 6).
        Await.until("mdb3 caught up first (lag)", Duration.ofSeconds(20), () -> cluster.status().node("mdb3").orElseThrow().lagLsn(),
                lag -> lag == 0);
        exec(mdb.node("mdb3"), "STOP SLAVE SQL_THREAD");
        for (int i = 0; i < 5; i++) {
            exec(mdb.node("mdb1"), "INSERT INTO " + MariaDbLoopback.TABLE + " VALUES (" + (-10 - i) + ", @@server_id)");
        }
        Await.until("mdb2 caught up (lag)", Duration.ofSeconds(20), () -> cluster.status().node("mdb2").orElseThrow().lagLsn(),
                lag -> lag == 0);
        ClusterSnapshot s = cluster.status();
        NodeStatus p = s.primary().orElseThrow();
        assertEquals(5, s.node("mdb3").orElseThrow().lagLsn());
        assertEquals(Health.DEGRADED, s.node("mdb3").orElseThrow().health());
        assertEquals("0-1-" + p.lsn(), s.positions().position(p.lsn()));
        assertEquals("5 transactions", s.positions().amount(5));
    }

    /** Every node but {@code primary} streams from it, and every acked row is on every node. */
    private void assertTopology(String primary, List<AckedWriter.Ack> acks) throws Exception {
        Node p = mdb.node(primary);
        for (Node n : mdb.nodes()) {
            if (n != p) {
                Await.until(n.id() + " streaming from " + primary, Duration.ofSeconds(30),
                        () -> ClusterCheck.replication(mdb, n), r -> r.streamingFrom(p.port()));
            }
        }
        Set<Long> onPrimary = acks.stream().map(AckedWriter.Ack::id).collect(Collectors.toSet());
        for (Node n : mdb.nodes()) {
            Await.until(n.id() + " holds every row (rows it lacks)", Duration.ofSeconds(30), () -> missing(onPrimary, ClusterCheck.ids(mdb, n)),
                    Set::isEmpty);
        }
        assertTrue(ClusterCheck.writable(mdb, p));
    }

    /** The topology as the backend's verifier reads it back after a commit. */
    private AfterRun afterRun(MariaDbTransport tx, long newTerm) {
        return cluster.afterRunVerifier().orElseThrow().verify(tx, newTerm);
    }

    private MariaDbTransport transport(String from, String to) throws Exception {
        long term = cluster.status().node(from).orElseThrow().role().term();
        return cluster.transport(to, term, POLL);
    }

    private FailoverRequest request(String from, String to, FailoverMode mode) throws Exception {
        ClusterSnapshot s = cluster.status();
        NodeStatus target = s.node(to).orElseThrow();
        return new FailoverRequest(s.node(from).orElseThrow().node(), target.node(),
                s.node(from).orElseThrow().role().term(), target.durableLsn(), mode);
    }

    /** The acknowledged rows {@code held} lacks: what a wait for a node to hold every row says it last saw. */
    private static Set<Long> missing(Set<Long> acked, Set<Long> held) {
        Set<Long> out = new java.util.TreeSet<>(acked);
        out.removeAll(held);
        return out;
    }

    private void exec(Node n, String sql) throws SQLException {
        try (Connection c = mdb.admin(n); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
