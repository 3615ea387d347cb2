package dev.handover.postgres;

import dev.handover.testing.RealServer;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.OutcomeUnknownException;
import dev.handover.core.TransportException;
import dev.handover.testing.Await;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The write fence on a real primary: what it stops, that it undoes itself on failure, and how it is lifted. */
@RealServer
class PgFreezeTest {
    private static LoopbackCluster cluster;
    private static PgCluster pg;
    private static long nextId = 1;

    @BeforeAll
    static void start() throws Exception {
        cluster = LoopbackCluster.start(2);
        pg = new PgCluster(cluster.definition(), new PgConnector(Duration.ofSeconds(3)));
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void freezeStopsNewAndExistingSessionsAndOpenTransactionsThenResumeLiftsItCompletely() throws Exception {
        try (Connection overriding = cluster.connect("pg1"); Connection open = cluster.connect("pg1");
             PgTransport tx = pg.uncheckedTransport("pg2", Duration.ofMillis(20))) {
            try (Statement st = overriding.createStatement()) {
                st.execute("SET default_transaction_read_only = off");
            }
            open.setAutoCommit(false);
            insert(open);
            long before = flushLsn();

            long frontier = tx.freezePrimary();

            assertTrue(frontier >= before, "frontier " + frontier + " covers the flush LSN before the freeze " + before);
            assertThrows(SQLException.class, open::commit, "an open transaction cannot commit after the freeze");
            assertThrows(SQLException.class, () -> insert(overriding), "a session that SET read-only off was ended");
            try (Connection fresh = cluster.connect("pg1")) {
                assertThrows(SQLException.class, () -> insert(fresh), "a new session is read-only");
            }
            NodeStatus frozen = pg.status().node("pg1").orElseThrow();
            assertEquals(Health.DEGRADED, frozen.health());
            assertTrue(frozen.detail().contains("WRITES FROZEN"), frozen.detail());

            tx.resumePrimary();

            try (Connection fresh = cluster.connect("pg1")) {
                insert(fresh);
            }
            assertEquals(Health.HEALTHY, pg.status().node("pg1").orElseThrow().health());
        }
    }

    @Test
    void aFreezeThatCannotHoldIsRefusedAndChangesNothing() throws Exception {
        try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE app LOGIN");
            st.execute("ALTER ROLE app SET default_transaction_read_only = off");
            try (PgTransport tx = pg.uncheckedTransport("pg2", Duration.ofMillis(20))) {
                TransportException e = assertThrows(TransportException.class, tx::freezePrimary);
                assertTrue(e.getMessage().contains("role app"), e.getMessage());
                assertTrue(e.getMessage().contains("Nothing was changed"), e.getMessage());
            } finally {
                st.execute("DROP ROLE app");
            }
        }
        assertEquals(Health.HEALTHY, pg.status().node("pg1").orElseThrow().health());
        try (Connection fresh = cluster.connect("pg1")) {
            insert(fresh);
        }
    }

    @Test
    void aRunAbandonedWhileFrozenHasItsFreezeLiftedByItsKeeper() throws Exception {
        PgTransport abandoned = pg.uncheckedTransport("pg2", Duration.ofMillis(20));
        long keeper = abandoned.keeperPid().orElseThrow();
        abandoned.freezePrimary();
        abandoned.close(); // the lease ends without a word: as if the process had died

        Await.until("pg1 to take writes again", Duration.ofSeconds(10), PgFreezeTest::write, "wrote"::equals);
        Await.exited("the keeper to exit", Duration.ofSeconds(10), keeper);
        assertEquals(Health.HEALTHY, pg.status().node("pg1").orElseThrow().health());
    }

    @Test
    void aConsoleThatDiedWithItsKeeperLeavesAFreezeThatStartUpRecoveryLifts() throws Exception {
        PgTransport abandoned = pg.uncheckedTransport("pg2", Duration.ofMillis(20));
        ProcessHandle keeper = ProcessHandle.of(abandoned.keeperPid().orElseThrow()).orElseThrow();
        abandoned.freezePrimary();
        keeper.destroyForcibly(); // the keeper dies first, then the console: nobody resumes
        Await.exited("the keeper to die", Duration.ofSeconds(10), keeper);
        abandoned.close();

        try (PgTransport next = pg.uncheckedTransport("pg2", Duration.ofMillis(20))) {
            TransportException e = assertThrows(TransportException.class, next::freezePrimary);
            assertTrue(e.getMessage().contains("already frozen"), e.getMessage());
        }
        assertFalse(writable(), "the freeze outlives a console and a keeper that both died");
        assertEquals(List.of("pg1"), pg.releaseStaleFreeze().released());
        try (Connection fresh = cluster.connect("pg1")) {
            insert(fresh);
        }
        assertEquals(new PgCluster.FreezeRelease(List.of(), List.of()), pg.releaseStaleFreeze());
    }

    private static boolean writable() {
        return write().equals("wrote");
    }

    /** One insert from a new session on pg1: "wrote", or why not (what a wait for writes says it last saw). */
    private static String write() {
        try (Connection fresh = cluster.connect("pg1")) {
            insert(fresh);
            return "wrote";
        } catch (SQLException e) {
            return "refused: " + e.getMessage();
        }
    }

    @Test
    void aRequestWhoseTermIsNotThePrimarysTimelineCommitsNothingAndResumes() throws Exception {
        ClusterSnapshot s = pg.status();
        FailoverRequest wrongTerm = new FailoverRequest(s.node("pg1").orElseThrow().node(), s.node("pg2").orElseThrow().node(),
                7, Long.MAX_VALUE - 1, new FailoverMode.Coordinated(Duration.ofSeconds(5)));
        try (PgTransport tx = pg.uncheckedTransport("pg2", Duration.ofMillis(20))) {
            OutcomeUnknownException e = assertThrows(OutcomeUnknownException.class, () -> FailoverCoordinator.run(wrongTerm, tx));
            assertTrue(e.getMessage().contains("term mismatch"), e.getMessage());
            assertTrue(e.getMessage().contains("writes were resumed on pg1"), e.getMessage());
            PgCommitReport partial = tx.commitReport().orElseThrow();
            assertTrue(partial.remaining().get(0).startsWith("the commit stopped here: term mismatch"), partial.toString());
            assertTrue(partial.done().isEmpty(), "nothing was done before the term check: " + partial.done());
        }
        ClusterSnapshot after = pg.status();
        assertEquals("pg1", after.primary().orElseThrow().id());
        assertEquals(1, after.primary().orElseThrow().role().term());
        try (Connection fresh = cluster.connect("pg1")) {
            insert(fresh);
        }
    }

    @Test
    void anUnreachableNodeShowsWithItsErrorAndTheRestStillShow() throws Exception {
        List<PgNodeDefinition> nodes = new ArrayList<>(cluster.definition().nodes());
        nodes.add(new PgNodeDefinition("pg9", "elsewhere", "jdbc:postgresql://127.0.0.1:1/postgres", "127.0.0.1", 1,
                "postgres", "postgres", Optional.empty(), Optional.empty()));
        try (PgCluster withDead = new PgCluster(new PgClusterDefinition(Path.of("with-dead.json"), nodes),
                new PgConnector(Duration.ofSeconds(2)))) {
            ClusterSnapshot s = withDead.status();
            assertEquals(3, s.nodes().size());
            NodeStatus dead = s.node("pg9").orElseThrow();
            assertEquals(Health.UNREACHABLE, dead.health());
            assertFalse(dead.detail().isBlank());
            assertEquals(Health.HEALTHY, s.node("pg1").orElseThrow().health());
            NodeStatus standby = s.node("pg2").orElseThrow();
            assertEquals(Health.HEALTHY, standby.health(), standby.detail());
            assertTrue(standby.detail().contains("replayed"), standby.detail());
            assertTrue(standby.detail().contains("async"), standby.detail());
        }
    }

    @Test
    void aDefinitionWhoseLocalDataDirIsNotTheRunningServersIsRefusedBeforeAnythingIsFrozen() throws Exception {
        PgNodeDefinition pg1 = cluster.definition().node("pg1").orElseThrow();
        LocalControl wrong = new LocalControl(cluster.node("pg2").dataDir(), Optional.empty(),
                pg1.local().orElseThrow().pgCtl(), pg1.local().orElseThrow().osUser());
        List<PgNodeDefinition> nodes = List.of(new PgNodeDefinition(pg1.id(), pg1.region(), pg1.jdbcUrl(), pg1.host(),
                pg1.port(), pg1.database(), pg1.user(), pg1.passwordEnv(), Optional.of(wrong)),
                cluster.definition().node("pg2").orElseThrow());
        try (PgCluster misdefined = new PgCluster(new PgClusterDefinition(Path.of("wrong-dir.json"), nodes),
                new PgConnector(Duration.ofSeconds(3)))) {
            ClusterException e = assertThrows(ClusterException.class, () -> misdefined.uncheckedTransport("pg2", Duration.ofMillis(20)));
            assertTrue(e.getMessage().contains("runs from"), e.getMessage());
        }
        assertEquals(Health.HEALTHY, pg.status().node("pg1").orElseThrow().health());
    }

    /**
     * A client that commits with {@code synchronous_commit = off} is acknowledged before its commit is on disk: the
     * frontier must still cover it, or a forced handover would drop it uncounted (the freeze's own transaction once
     * wrote no WAL, so its commit flushed nothing and the flush position stayed behind such commits).
     */
    @Test
    void theFrontierCoversCommitsAcknowledgedAsynchronously() throws Exception {
        long acknowledgedUpTo;
        try (Connection async = cluster.connect("pg1"); Statement st = async.createStatement()) {
            // The WAL writer flushes asynchronous commits every wal_writer_delay (200 ms by default), which the
            // freeze's own steps can outlast; at 10 s nothing flushes them but the freeze itself.
            st.execute("ALTER SYSTEM SET wal_writer_delay = '10s'");
            st.execute("SELECT pg_reload_conf()");
            st.execute("SET synchronous_commit = off");
            for (int i = 0; i < 50; i++) {
                insert(async);
            }
            // Our commits were acknowledged; the insert position now lies at or past the last one's commit record.
            try (ResultSet rs = st.executeQuery("SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint")) {
                rs.next();
                acknowledgedUpTo = rs.getLong(1);
            }
        }
        // The fence alone, on a session of its own: a run's other steps around it may flush the WAL by chance.
        PgFreeze freeze = new PgFreeze();
        try (Connection control = cluster.connect("pg1")) {
            long frontier = freeze.freeze(control, "pg1");
            try {
                assertTrue(frontier >= acknowledgedUpTo, "frontier " + frontier + " covers the insert position "
                        + acknowledgedUpTo + " read right after the last asynchronously acknowledged commit");
            } finally {
                freeze.resume(control);
            }
        } finally {
            try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement()) {
                st.execute("ALTER SYSTEM RESET wal_writer_delay");
                st.execute("SELECT pg_reload_conf()");
            }
        }
    }

    private static void insert(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO " + LoopbackCluster.TABLE + " (id) VALUES (" + (nextId++) + ")");
        }
    }

    private static long flushLsn() throws SQLException {
        try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (pg_current_wal_flush_lsn() - '0/0')::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
