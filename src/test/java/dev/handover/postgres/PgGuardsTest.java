package dev.handover.postgres;

import dev.handover.app.Installed;
import dev.handover.testing.RealServer;
import dev.handover.cli.Cli;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ExpectedPrimary;
import dev.handover.cluster.Health;
import dev.handover.core.AbortReason;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.ForwardingTransport;
import dev.handover.core.HandoverAborted;
import dev.handover.core.RunHooks;
import dev.handover.core.TransportException;
import dev.handover.journal.Journal;
import dev.handover.journal.RunRecorder;
import dev.handover.journal.RunRecording;
import dev.handover.journal.Who;
import dev.handover.testing.Await;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The safety guards on a real cluster: one run at a time (the lock lives in the cluster), a run
 * refused when the primary is not the one it was planned on, a freeze keeper that stands down before
 * the commit, and {@code recover --release} for a freeze whose run and keeper both died.
 */
@RealServer
class PgGuardsTest {
    private static final Duration POLL = Duration.ofMillis(20);
    private static final AtomicLong IDS = new AtomicLong(1_000_000);
    private static LoopbackCluster cluster;
    private static PgCluster pg;

    @TempDir
    Path journalDir;

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
    void aSecondRunWhileOneIsInProgressIsRefusedBeforeAnythingIsFrozenNamingWhoHoldsTheCluster() throws Exception {
        try (PgCluster otherConsole = new PgCluster(cluster.definition(), new PgConnector(Duration.ofSeconds(3)))) {
            try (PgTransport first = (PgTransport) pg.transportFor(request(pg, "pg1", "pg2", 1), POLL)) {
                ClusterException refused = assertThrows(ClusterException.class,
                        () -> otherConsole.transportFor(request(otherConsole, "pg1", "pg2", 1), POLL));
                String m = refused.getMessage();
                assertTrue(m.contains("another Handover run is in progress"), m);
                assertTrue(m.contains("\"handover run " + System.getProperty("user.name") + "@"), "names the operator: " + m);
                assertTrue(m.contains(" pid " + ProcessHandle.current().pid() + "\""), "names the holder's pid: " + m);
                assertTrue(m.contains("since 20"), "says since when (the run's start): " + m);
                assertTrue(m.contains("Nothing was frozen"), m);
                assertTrue(writable(), "the refused run froze nothing");

                // Still refused while the first run has writes frozen, and its freeze is left alone.
                first.freezePrimary();
                assertThrows(ClusterException.class, () -> otherConsole.transportFor(request(otherConsole, "pg1", "pg2", 1), POLL));
                assertEquals(List.of(), otherConsole.releaseStaleFreeze().released(),
                        "another console's start-up recovery must not lift a live run's freeze");
                assertFalse(writable(), "the first run's freeze holds");
                first.resumePrimary();
            }
            // The lock went with the first run's sessions.
            try (PgTransport next = (PgTransport) otherConsole.transportFor(request(otherConsole, "pg1", "pg2", 1), POLL)) {
                assertTrue(next.keeperPid().isPresent());
            }
        }
        assertTrue(writable());
    }

    @Test
    void theLockHoldsAcrossDatabasesOfOneServer() throws Exception {
        try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE guards_other");
        }
        List<PgNodeDefinition> nodes = cluster.definition().nodes().stream().map(n -> new PgNodeDefinition(n.id(), n.region(),
                n.jdbcUrl().replace("/postgres", "/guards_other"), n.host(), n.port(), "guards_other", n.user(),
                n.passwordEnv(), n.local())).toList();
        try (PgCluster viaOtherDatabase = new PgCluster(new PgClusterDefinition(Path.of("other-db.json"), nodes),
                new PgConnector(Duration.ofSeconds(3)))) {
            Await.until("guards_other on the standby", Duration.ofSeconds(20),
                    () -> viaOtherDatabase.status().node("pg2").orElseThrow(), n -> n.health() != Health.UNREACHABLE);
            try (PgTransport first = (PgTransport) pg.transportFor(request(pg, "pg1", "pg2", 1), POLL)) {
                ClusterException refused = assertThrows(ClusterException.class,
                        () -> viaOtherDatabase.transportFor(request(viaOtherDatabase, "pg1", "pg2", 1), POLL));
                assertTrue(refused.getMessage().contains("database postgres"), refused.getMessage());
            }
        }
    }

    @Test
    void aRunPlannedOnAnotherPrimaryOrUnderAnotherTermIsRefusedBeforeTheFreeze() throws Exception {
        ClusterSnapshot s = pg.status();
        FailoverRequest otherPrimary = new FailoverRequest(s.node("pg2").orElseThrow().node(), s.node("pg1").orElseThrow().node(),
                1, 0, new FailoverMode.Coordinated(Duration.ofSeconds(5)));
        ClusterException e1 = assertThrows(ClusterException.class, () -> pg.transportFor(otherPrimary, POLL));
        assertTrue(e1.getMessage().contains("the primary is pg1 (term 1) now, not pg2"), e1.getMessage());
        assertTrue(e1.getMessage().contains("nothing was frozen"), e1.getMessage());

        ClusterException e2 = assertThrows(ClusterException.class, () -> pg.transportFor(request(pg, "pg1", "pg2", 7), POLL));
        assertTrue(e2.getMessage().contains("pg1 is primary under term 1 now, not term 7"), e2.getMessage());

        assertEquals(Health.HEALTHY, pg.status().node("pg1").orElseThrow().health());
        assertTrue(writable());
    }

    @Test
    void thePrimaryIsCheckedAgainOnTheControlSessionRightBeforeTheFreeze() throws Exception {
        // As if the cluster had changed timeline between the transport's creation and the freeze.
        PgNodeDefinition pg1 = cluster.definition().node("pg1").orElseThrow();
        PgNodeDefinition pg2 = cluster.definition().node("pg2").orElseThrow();
        PgTransport tx = new PgTransport(cluster.definition(), new PgConnector(Duration.ofSeconds(3)), pg1, pg2, POLL,
                new PgTransport.Guards(Optional.of(new ExpectedPrimary("pg1", 7)), Optional.of(KeeperProcess.defaultLog()), List.of()));
        tx.connect();
        ProcessHandle keeper = ProcessHandle.of(tx.keeperPid().orElseThrow()).orElseThrow();
        try {
            TransportException e = assertThrows(TransportException.class, tx::freezePrimary);
            assertTrue(e.getMessage().contains("not term 7"), e.getMessage());
            assertTrue(e.getMessage().contains("nothing was frozen"), e.getMessage());
        } finally {
            tx.close();
        }
        assertTrue(writable());
        assertEquals(Health.HEALTHY, pg.status().node("pg1").orElseThrow().health());
        Await.exited("the keeper of the refused run to exit", Duration.ofSeconds(10), keeper);
    }

    @Test
    void aRunWhoseKeeperDiesAbortsWithWritesResumedRatherThanCommitWithoutALease() throws Exception {
        FailoverRequest req = request(pg, "pg1", "pg2", 1);
        PgTransport tx = (PgTransport) pg.transportFor(req, POLL);
        ProcessHandle keeper = ProcessHandle.of(tx.keeperPid().orElseThrow()).orElseThrow();
        FailoverTransport keeperKilled = new ForwardingTransport(tx) {
            @Override
            public long awaitTargetFrontier(long frontier, Duration maxWait) throws TransportException {
                keeper.destroyForcibly();
                Await.exited("the keeper to die", Duration.ofSeconds(10), keeper);
                return delegate.awaitTargetFrontier(frontier, maxWait);
            }
        };
        FailoverRequest lagging = new FailoverRequest(req.oldPrimary(), req.target(), req.currentTerm(), 0, req.mode());

        HandoverAborted e = assertThrows(HandoverAborted.class, () -> FailoverCoordinator.run(lagging, keeperKilled));

        assertEquals(AbortReason.LEASE_LOST, e.reason());
        assertTrue(e.getMessage().contains("freeze keeper"), e.getMessage());
        assertTrue(writable(), "writes resumed by the run itself");
        assertEquals("pg1", pg.status().primary().orElseThrow().id());
    }

    @Test
    void recoverReleaseLiftsTheFreezeOfARunWhoseProcessAndKeeperDiedAndAcknowledgesIt() throws Exception {
        String runId = strandFreeze(pg);
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        assertEquals(5, cli(status).run("status", "--cluster", pg.name()), "a frozen primary is degraded: exit 5");
        assertTrue(status.toString(StandardCharsets.UTF_8).contains("WRITES FROZEN"), status.toString(StandardCharsets.UTF_8));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = cli(out).run("recover", "--journal", journalDir.toString(), "--release", runId);

        String said = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, said);
        assertTrue(said.contains("Released: writes resumed on pg1"), said);
        assertTrue(said.contains("acknowledged"), said);
        assertTrue(writable());
        assertTrue(Journal.at(journalDir).pendingRecoveries().isEmpty(), "the released run is acknowledged");

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, cli(again, err).run("recover", "--journal", journalDir.toString(), "--release", runId));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("already acknowledged"), err.toString(StandardCharsets.UTF_8));
        assertEquals(1, cli(again, err).run("recover", "--journal", journalDir.toString(), "--release", "nosuchrun"));
    }

    @Test
    void recoverReleaseRefusesWhenANodeIsOnALaterTimelineAndLeavesTheFreeze(@TempDir Path dir) throws Exception {
        try (LoopbackCluster own = LoopbackCluster.start(2);
             PgCluster ownPg = new PgCluster(own.definition(), new PgConnector(Duration.ofSeconds(3)))) {
            String runId = strandFreeze(ownPg);
            try (Connection c = own.connect("pg2"); Statement st = c.createStatement()) {
                st.execute("SELECT pg_promote(true, 60)"); // someone promoted the target by hand
            }

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = cli(out).run("recover", "--journal", journalDir.toString(), "--release", runId);

            String said = out.toString(StandardCharsets.UTF_8);
            assertEquals(4, code, said);
            assertTrue(said.contains("NOT RELEASED"), said);
            assertTrue(said.contains("pg2 is on timeline 2, later than the run's term 1"), said);
            assertTrue(said.contains("not in recovery (it was promoted)"), said);
            try (Connection fresh = own.connect("pg1"); Statement st = fresh.createStatement()) {
                assertThrows(SQLException.class, () -> st.execute("INSERT INTO " + LoopbackCluster.TABLE + " VALUES ("
                        + IDS.incrementAndGet() + ")"), "the fenced old primary stays frozen");
            }
            assertEquals(1, Journal.at(journalDir).pendingRecoveries().size(), "not acknowledged");
        }
    }

    @Test
    void aCommittedRunStandsItsKeeperDownFirstAndLeavesNoProcessBehind() throws Exception {
        try (LoopbackCluster own = LoopbackCluster.start(3);
             PgCluster ownPg = new PgCluster(own.definition(), new PgConnector(Duration.ofSeconds(3)))) {
            FailoverRequest req = request(ownPg, "pg1", "pg2", 1);
            long keeperPid;
            try (PgTransport tx = (PgTransport) ownPg.transportFor(req, POLL)) {
                keeperPid = tx.keeperPid().orElseThrow();
                // The sibling is locked too: no second run can start from it while pg1 is down in the commit.
                for (String id : List.of("pg1", "pg2", "pg3")) {
                    try (Connection c = own.connect(id); Statement st = c.createStatement();
                         var rs = st.executeQuery("SELECT count(*) FROM pg_locks WHERE " + PgRunLock.lockedBy(PgRunLock.RUN))) {
                        rs.next();
                        assertEquals(1, rs.getInt(1), "the run lock on " + id);
                    }
                }
                FailoverOutcome outcome = FailoverCoordinator.run(req, tx);
                assertEquals(2, outcome.newTerm());
                assertTrue(outcome.isZeroRpo());
            }
            Await.exited("the keeper to exit after standing down", Duration.ofSeconds(10), keeperPid);
            String log = Files.readString(KeeperProcess.defaultLog());
            String mine = log.lines().filter(l -> l.contains(" keeper " + keeperPid + " ")).reduce("", (a, b) -> a + b + "\n");
            assertTrue(mine.contains("armed"), mine);
            assertTrue(mine.contains("stood down at the run's request"), mine);
            assertFalse(mine.contains("lifting"), "a keeper that stood down lifts nothing: " + mine);
            // It told a normal end from a death during the commit, so it watched nothing afterwards.
            assertTrue(mine.contains("the run ended normally"), mine);
            assertFalse(mine.contains("ended during its commit"), mine);
            assertEquals("pg2", ownPg.status().primary().orElseThrow().id());
            String ownPrimary = own.definition().node("pg1").orElseThrow().jdbcUrl();
            assertTrue(ProcessHandle.current().children().noneMatch(h -> h.info().commandLine().orElse("")
                    .contains(FreezeKeeper.class.getName()) && h.info().commandLine().orElse("").contains(ownPrimary)),
                    "no keeper of this cluster left running");
        }
    }

    /**
     * A run recorded in the journal that froze pg1 and then died with its keeper: the freeze is left
     * behind, as after a machine crash or a kill -9 of both. Returns the run id.
     */
    private String strandFreeze(PgCluster cluster) throws Exception {
        FailoverRequest req = request(cluster, "pg1", "pg2", 1);
        Journal journal = Journal.at(journalDir);
        RunRecording recording = RunRecording.start(journal, Who.now(cluster.name(), Instant.now()),
                RunRecorder.request(req, POLL, Optional.empty(), Optional.empty()), List.of());
        PgTransport pgTx = (PgTransport) cluster.transportFor(req, POLL);
        ProcessHandle keeper = ProcessHandle.of(pgTx.keeperPid().orElseThrow()).orElseThrow();
        FailoverTransport dying = new ForwardingTransport(recording.watch(pgTx)) {
            @Override
            public long awaitTargetFrontier(long frontier, Duration maxWait) {
                keeper.destroyForcibly();
                Await.exited("the keeper to die", Duration.ofSeconds(10), keeper);
                throw new ProcessDied();
            }
        };
        // A hint of 0 never covers the frontier: the run always reaches its first wait, and dies there.
        FailoverRequest lagging = new FailoverRequest(req.oldPrimary(), req.target(), req.currentTerm(), 0,
                new FailoverMode.Coordinated(Duration.ofMinutes(1)));
        assertThrows(ProcessDied.class, () -> FailoverCoordinator.run(lagging, dying,
                RunHooks.none().withListener(recording.listener())));
        pgTx.close(); // the sessions die with the process
        return recording.id();
    }

    /** The process dying mid-run: an Error the coordinator does not catch, so it makes no further call. */
    private static final class ProcessDied extends Error {
        ProcessDied() {
            super("the handover process died", null, false, false);
        }
    }

    private static FailoverRequest request(PgCluster on, String from, String to, long term) {
        ClusterSnapshot s = on.status();
        return new FailoverRequest(s.node(from).orElseThrow().node(), s.node(to).orElseThrow().node(), term,
                s.node(to).orElseThrow().durableLsn(), new FailoverMode.Coordinated(Duration.ofSeconds(10)));
    }

    private static boolean writable() {
        try (Connection fresh = cluster.connect("pg1"); Statement st = fresh.createStatement()) {
            st.execute("INSERT INTO " + LoopbackCluster.TABLE + " VALUES (" + IDS.incrementAndGet() + ")");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private Cli cli(ByteArrayOutputStream out) {
        return cli(out, new ByteArrayOutputStream());
    }

    private Cli cli(ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                journalDir, Installed.backends());
    }
}
