package dev.handover.postgres;

import dev.handover.testing.RealServer;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.CatchUpTimedOut;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.NodeRole;
import dev.handover.postgres.harness.AckedWriter;
import dev.handover.testing.Await;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Switchovers on a real three-node PostgreSQL cluster on loopback, under a writing client. */
@RealServer
class PgSwitchoverTest {
    private static final Duration POLL = Duration.ofMillis(20);

    @Test
    void coordinatedSwitchoverUnderLoadKeepsEveryAcknowledgedWriteAndBringsEveryNodeAlong() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3);
             PgCluster pg = new PgCluster(cluster.definition(), new PgConnector(Duration.ofSeconds(3)));
             AckedWriter writer = AckedWriter.start(cluster.multiHostUrl(), Duration.ofMillis(3))) {
            Await.until("writes acknowledged by pg1", Duration.ofSeconds(20), () -> writer.acksFrom(port(cluster, "pg1")), n -> n >= 50);

            ClusterSnapshot before = pg.status();
            assertEquals(new NodeRole.Primary(1), before.node("pg1").orElseThrow().role());
            for (String standby : List.of("pg2", "pg3")) {
                NodeStatus s = before.node(standby).orElseThrow();
                assertEquals(Health.HEALTHY, s.health(), s.detail());
                assertEquals(1, s.role().term());
            }

            Switched firstRun = switchover(pg, "pg1", "pg2", 1);
            FailoverOutcome first = firstRun.outcome();
            assertTrue(firstRun.report().done().stream().anyMatch(d -> d.contains("created replication slot pg3 for pg3")),
                    "pg3 streams through a slot, which the new primary did not have: " + firstRun.report().done());
            assertTrue(firstRun.report().done().stream().anyMatch(d -> d.contains("dropped replication slot pg3 on pg1")),
                    firstRun.report().done().toString());
            assertEquals(2, first.newTerm());
            assertTrue(first.isZeroRpo());
            Await.until("writes acknowledged by pg2", Duration.ofSeconds(20), () -> writer.acksFrom(port(cluster, "pg2")), n -> n >= 30);
            assertVerified(pg, "pg2", 2);

            // And back: the demoted node was a standby for one run only, and must carry the term forward.
            long pg1AcksBefore = writer.acksFrom(port(cluster, "pg1"));
            FailoverOutcome second = switchover(pg, "pg2", "pg1", 2).outcome();
            assertEquals(3, second.newTerm());
            Await.until("writes acknowledged by pg1 again", Duration.ofSeconds(20),
                    () -> writer.acksFrom(port(cluster, "pg1")), n -> n >= pg1AcksBefore + 30);
            writer.close();
            assertVerified(pg, "pg1", 3);

            Set<Long> onNewPrimary = ids(cluster, "pg1");
            List<AckedWriter.Ack> acked = writer.acks();
            List<Long> lost = acked.stream().map(AckedWriter.Ack::id).filter(id -> !onNewPrimary.contains(id)).toList();
            assertTrue(lost.isEmpty(), "acknowledged rows missing on the new primary: " + lost);
            assertTrue(acked.stream().anyMatch(a -> a.port() == port(cluster, "pg2")), "pg2 took writes while primary");

            ClusterSnapshot after = pg.status();
            assertEquals(new NodeRole.Primary(3), after.primary().orElseThrow().role());
            assertEquals("pg1", after.primary().orElseThrow().id());
        }
    }

    @Test
    void laggingTargetAbortsCoordinatedAndForceSkipsExactlyTheGap() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3);
             PgCluster pg = new PgCluster(cluster.definition(), new PgConnector(Duration.ofSeconds(3)))) {
            blockWalReceiving(cluster, "pg2");
            try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement()) {
                st.execute("INSERT INTO " + LoopbackCluster.TABLE + " SELECT g FROM generate_series(1, 100) g");
            }

            PgTransport tx = pg.uncheckedTransport("pg2", POLL);
            FailoverRequest coordinated = request(pg, "pg1", "pg2", 1, new FailoverMode.Coordinated(Duration.ofSeconds(1)));
            CatchUpTimedOut aborted = assertThrows(CatchUpTimedOut.class, () -> FailoverCoordinator.run(coordinated, tx));
            tx.close();
            assertTrue(aborted.reachedLsn() < aborted.frontierLsn(), aborted.getMessage());

            // The old primary takes ordinary writes again, from a brand-new session.
            try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement()) {
                st.execute("INSERT INTO " + LoopbackCluster.TABLE + " (id) VALUES (1000)");
            }
            NodeStatus pg1 = pg.status().node("pg1").orElseThrow();
            assertEquals(Health.HEALTHY, pg1.health(), pg1.detail());

            PgTransport forceTx = pg.uncheckedTransport("pg2", POLL);
            FailoverRequest force = request(pg, "pg1", "pg2", 1, new FailoverMode.Force(Duration.ofSeconds(1)));
            FailoverOutcome outcome = FailoverCoordinator.run(force, forceTx);
            forceTx.close();
            assertTrue(outcome.forced());
            assertTrue(outcome.skippedLsn() > 0);
            assertEquals(outcome.frontierLsn() - outcome.reachedLsn(), outcome.skippedLsn());
            assertEquals(2, outcome.newTerm());

            PgCommitReport report = forceTx.commitReport().orElseThrow();
            assertTrue(report.complete(), String.join("\n", report.remaining()));
            assertTrue(report.rewound(), "the old primary had WAL past the fork and needed pg_rewind: " + report.done());
            assertVerified(pg, "pg2", 2);
            assertFalse(ids(cluster, "pg2").contains(1000L), "the row written after the block was skipped, as reported");
        }
    }

    @Test
    void withoutLocalControlTheOldPrimaryStaysFencedAndTheRemainingStepsAreListed() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(2)) {
            List<PgNodeDefinition> nodes = cluster.definition().nodes().stream()
                    .map(n -> !n.id().equals("pg1") ? n : new PgNodeDefinition(n.id(), n.region(), n.jdbcUrl(), n.host(),
                            n.port(), n.database(), n.user(), n.passwordEnv(), Optional.empty()))
                    .toList();
            try (PgCluster pg = new PgCluster(new PgClusterDefinition(Path.of("remote-primary.json"), nodes),
                    new PgConnector(Duration.ofSeconds(3)))) {
                try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement()) {
                    st.execute("INSERT INTO " + LoopbackCluster.TABLE + " SELECT g FROM generate_series(1, 500) g");
                }
                PgTransport tx = pg.uncheckedTransport("pg2", POLL);
                FailoverOutcome outcome = FailoverCoordinator.run(
                        request(pg, "pg1", "pg2", 1, new FailoverMode.Coordinated(Duration.ofSeconds(10))), tx);
                assertEquals(2, outcome.newTerm());
                assertTrue(outcome.isZeroRpo());
                PgCommitReport report = tx.commitReport().orElseThrow();
                String steps = String.join("\n", report.remaining());
                assertFalse(report.complete());
                assertTrue(steps.contains("pg_ctl stop") && steps.contains("pg_rewind") && steps.contains("standby.signal")
                        && steps.contains("application_name=pg1"), steps);

                assertEquals(500, ids(cluster, "pg2").size(), "every row is on the new primary");
                NodeStatus fenced = pg.status().node("pg1").orElseThrow();
                assertEquals(new NodeRole.Primary(1), fenced.role());
                assertEquals(Health.DEGRADED, fenced.health(), fenced.detail());
                try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement()) {
                    assertThrows(SQLException.class, () -> st.execute("INSERT INTO " + LoopbackCluster.TABLE + " VALUES (9999)"));
                }
                PgCluster.FreezeRelease recovery = pg.releaseStaleFreeze();
                assertEquals(List.of(), recovery.released(), "start-up recovery must not unfence an old primary");
                assertTrue(recovery.kept().get(0).contains("later timeline"), recovery.kept().toString());
                assertTrue(pg.verify("pg2", 2, Duration.ofSeconds(1)).checks().get(0).ok());
            }
        }
    }

    private record Switched(FailoverOutcome outcome, PgCommitReport report) {
    }

    private static Switched switchover(PgCluster pg, String from, String to, long term) throws Exception {
        try (PgTransport tx = pg.uncheckedTransport(to, POLL)) {
            FailoverOutcome outcome = FailoverCoordinator.run(
                    request(pg, from, to, term, new FailoverMode.Coordinated(Duration.ofSeconds(10))), tx);
            PgCommitReport report = tx.commitReport().orElseThrow();
            assertTrue(report.complete(), String.join("\n", report.remaining()));
            assertFalse(report.rewound(), "a clean switchover needs no pg_rewind: " + report.done());
            return new Switched(outcome, report);
        }
    }

    private static FailoverRequest request(PgCluster pg, String from, String to, long term, FailoverMode mode) {
        ClusterSnapshot s = pg.status();
        NodeStatus target = s.node(to).orElseThrow();
        assertEquals(term, s.node(from).orElseThrow().role().term(), "the primary's timeline is the term");
        return new FailoverRequest(s.node(from).orElseThrow().node(), target.node(), term, target.durableLsn(), mode);
    }

    private static void assertVerified(PgCluster pg, String primary, long term) {
        PgVerification v = pg.verify(primary, term, Duration.ofSeconds(30));
        assertTrue(v.ok(), String.join("\n", v.lines()));
        assertEquals(2, v.checks().stream().filter(c -> c.what().contains(" streams from ")).count());
    }

    /** Points the standby's walreceiver at a dead port: it keeps its WAL but receives nothing more. */
    private static void blockWalReceiving(LoopbackCluster cluster, String id) throws Exception {
        try (Connection c = cluster.connect(id); Statement st = c.createStatement()) {
            st.execute("ALTER SYSTEM SET primary_conninfo = 'host=127.0.0.1 port=1 user=postgres application_name=" + id + "'");
            st.execute("SELECT pg_reload_conf()");
        }
        Await.until(id + "'s walreceiver to stop streaming (streaming receivers)", Duration.ofSeconds(20), () -> {
            try (Connection c = cluster.connect(id); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'")) {
                rs.next();
                return rs.getInt(1);
            }
        }, n -> n == 0);
    }

    private static Set<Long> ids(LoopbackCluster cluster, String id) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (Connection c = cluster.connect(id); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM " + LoopbackCluster.TABLE)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private static int port(LoopbackCluster cluster, String id) {
        return cluster.node(id).port();
    }

}
