package dev.handover.postgres.bouncer;

import dev.handover.testing.RealServer;
import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.StaleFreezeRelease;
import dev.handover.cluster.TopologyCheck;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverException;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.ForceApproval;
import dev.handover.core.ForceDecision;
import dev.handover.core.RunHooks;
import dev.handover.journal.Journal;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.Recovery;
import dev.handover.journal.RecoveryAction;
import dev.handover.postgres.PgCluster;
import dev.handover.postgres.PgTransport;
import dev.handover.postgres.harness.AckedWriter;
import dev.handover.testing.Await;
import dev.handover.postgres.harness.ClusterCheck;
import dev.handover.postgres.harness.ClusterShape;
import dev.handover.postgres.harness.CrashingRun;
import dev.handover.postgres.harness.LoopbackBouncer;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Switchovers with a real PgBouncer (transaction pooling) in front of a real, production-shaped
 * three-node PostgreSQL cluster: clients through the bouncer ride through; every path that does not
 * commit leaves the bouncer resumed; a run that died with the bouncer paused is recovered.
 */
@RealServer
class BouncerSwitchoverTest {
    private static final Duration POLL = Duration.ofMillis(20);
    /** Row ids of this class's writers, clear of other tests' on the same table. */
    private static final long FIRST_ID = 7_000_000_000L;
    private static LoopbackCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = LoopbackCluster.start(ClusterShape.production(3));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String primary(PgCluster pg) {
        return pg.status().primary().orElseThrow().id();
    }

    private static FailoverRequest request(PgCluster pg, String to, FailoverMode mode) {
        ClusterSnapshot s = pg.status();
        var p = s.primary().orElseThrow();
        var t = s.node(to).orElseThrow();
        return new FailoverRequest(p.node(), t.node(), p.role().term(), t.durableLsn(), mode);
    }

    private static String other(PgCluster pg) {
        String p = primary(pg);
        return cluster.nodes().stream().map(LoopbackCluster.Node::id).filter(id -> !id.equals(p)).findFirst().orElseThrow();
    }

    /** Where SHOW DATABASES says the bouncer routes {@code postgres}, and whether it is paused. */
    private static String routing(LoopbackBouncer b) throws Exception {
        try (Connection c = b.admin(); Statement st = c.createStatement(); var rs = st.executeQuery("SHOW DATABASES")) {
            while (rs.next()) {
                if (rs.getString("name").equals(LoopbackBouncer.DATABASE)) {
                    return rs.getInt("port") + (rs.getInt("paused") != 0 ? " paused" : " running");
                }
            }
        }
        return "absent";
    }

    /** The primary now, with the bouncer (which starts on pg1) pointed at it: earlier tests may have moved it. */
    private static String pointedAtPrimary(PgCluster pg) {
        String p = primary(pg);
        pg.bouncers().recoverTo(p, "127.0.0.1", cluster.node(p).port());
        return p;
    }

    /** An application's write through the bouncer, acknowledged. */
    private static void writeThrough(LoopbackBouncer b) throws java.sql.SQLException {
        try (Connection c = b.client(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO " + LoopbackCluster.TABLE + " VALUES (" + System.nanoTime() + ")");
        }
    }

    private static String running(String nodeId) {
        return cluster.node(nodeId).port() + " running";
    }

    @Test
    void eightClientsThroughTheBouncerSeeNoFailedTransactionAcrossASwitchover() throws Exception {
        try (LoopbackBouncer b = LoopbackBouncer.start(cluster, "pg1", "transaction", Duration.ofSeconds(5));
             PgCluster pg = b.open()) {
            pointedAtPrimary(pg);
            String to = other(pg);
            List<AckedWriter> clients = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                clients.add(AckedWriter.start(b.clientUrl(), cluster.shape().password(), Duration.ofMillis(5),
                        FIRST_ID + i * 10_000_000L));
            }
            try {
                Await.until("every client writing through the bouncer (acks per client)", Duration.ofSeconds(30),
                        () -> clients.stream().map(c -> c.acks().size()).toList(), n -> n.stream().allMatch(k -> k >= 20));
                FailoverRequest req = request(pg, to, new FailoverMode.Coordinated(Duration.ofSeconds(10)));
                FailoverTransport tx = pg.transportFor(req, POLL);
                FailoverOutcome outcome = FailoverCoordinator.run(req, tx, RunHooks.none());
                AfterRun after = pg.afterRunVerifier().orElseThrow().verify(tx, outcome.newTerm());
                ((AutoCloseable) tx).close();
                int toPort = cluster.node(to).port();
                Await.until("every client writing on " + to + " (acks there per client)", Duration.ofSeconds(30),
                        () -> clients.stream().map(c -> c.acksFrom(toPort)).toList(), n -> n.stream().allMatch(k -> k >= 20));
                for (AckedWriter c : clients) {
                    assertEquals(0, c.failures(), "a client's transaction failed through the bouncer; steps: " + after.done());
                }
                assertTrue(after.checks().stream().allMatch(TopologyCheck::ok), () -> "failed checks: " + after.failed());
                assertTrue(after.checks().stream().anyMatch(ch -> ch.what().equals("pgb1 routes postgres to " + to
                        + " and it takes writes through it")), () -> "checks: " + after.checks());
                assertTrue(after.done().stream().anyMatch(s -> s.text().startsWith("pgb1 resumed postgres")), () -> "" + after.done());
                assertEquals(running(to), routing(b));
                long stallMs = clients.stream().mapToLong(BouncerSwitchoverTest::longestGapMs).max().orElseThrow();
                System.out.println("client stall (longest gap between a client's acknowledged writes): " + stallMs + " ms");
                after.done().forEach(st -> System.out.println("  " + st.at().map(d -> "+" + d.toMillis() + "ms ").orElse("") + st.text()));
                ClusterCheck.awaitHealthy(cluster, to, Duration.ofSeconds(30));
            } finally {
                clients.forEach(AckedWriter::close);
            }
            long acked = clients.stream().mapToLong(c -> c.acks().size()).sum();
            var rows = ClusterCheck.rowsEverywhere(cluster, to, Duration.ofSeconds(30));
            long missing = clients.stream().flatMap(c -> c.acks().stream())
                    .filter(a -> rows.stream().anyMatch(onNode -> !onNode.contains(a.id()))).count();
            assertEquals(0, missing, "acknowledged rows missing on some node, of " + acked);
        }
    }

    static long longestGapMs(AckedWriter c) {
        List<AckedWriter.Ack> acks = c.acks();
        long gap = 0;
        for (int i = 1; i < acks.size(); i++) {
            gap = Math.max(gap, acks.get(i).nanos() - acks.get(i - 1).nanos());
        }
        return gap / 1_000_000;
    }

    @Test
    void aPauseThatMissesItsDeadlineAbortsWithNothingFrozenAndTheBouncerResumed() throws Exception {
        try (LoopbackBouncer b = LoopbackBouncer.start(cluster, "pg1", "transaction", Duration.ofMillis(500));
             PgCluster pg = b.open()) {
            String from = pointedAtPrimary(pg);
            try (Connection longTx = b.client(); Statement st = longTx.createStatement()) {
                longTx.setAutoCommit(false);
                st.execute("SELECT 1"); // a transaction left open through the bouncer holds its server connection
                FailoverRequest req = request(pg, other(pg), new FailoverMode.Coordinated(Duration.ofSeconds(10)));
                FailoverTransport tx = pg.transportFor(req, POLL);
                FailoverException e = assertThrows(FailoverException.class, () -> FailoverCoordinator.run(req, tx, RunHooks.none()));
                ((AutoCloseable) tx).close();
                assertTrue(e.getMessage().contains("did not finish within 500 ms"), e.getMessage());
                assertTrue(e.getMessage().contains("Nothing was frozen"), e.getMessage());
                assertTrue(e.getMessage().contains("PgBouncer resumed"), e.getMessage());
                assertEquals(running(from), routing(b));
                assertFalse(pg.pgStatus().stream().anyMatch(n -> n.frozen()), "a node is frozen");
                longTx.commit();
            }
            writeThrough(b);
        }
    }

    @Test
    void aPauseWhoseIntentCannotBeJournaledIsNotTakenAndNothingIsFrozen() throws Exception {
        try (LoopbackBouncer b = LoopbackBouncer.start(cluster, "pg1", "transaction", Duration.ofSeconds(5));
             PgCluster pg = b.open()) {
            String from = pointedAtPrimary(pg);
            FailoverRequest req = request(pg, other(pg), new FailoverMode.Coordinated(Duration.ofSeconds(10)));
            BouncerTransport tx = (BouncerTransport) pg.transportFor(req, POLL);
            tx.journalStepsIn(new dev.handover.cluster.StepJournal() {
                @Override
                public void intent(String step, String subject) throws java.io.IOException {
                    throw new java.io.IOException("No space left on device");
                }

                @Override
                public void done(String step, String subject, String seen) {
                }

                @Override
                public void failed(String step, String subject, String seen) {
                }
            });
            FailoverException e = assertThrows(FailoverException.class, () -> FailoverCoordinator.run(req, tx, RunHooks.none()));
            tx.close();
            assertTrue(e.getMessage().contains("the journal could not record the PAUSE of pgb1/postgres (No space left on "
                    + "device), so nothing was paused. Nothing was frozen"), e.getMessage());
            assertEquals(running(from), routing(b));
            assertFalse(pg.pgStatus().stream().anyMatch(n -> n.frozen()), "a node is frozen");
            writeThrough(b);
        }
    }

    @Test
    void aCoordinatedAbortAndADeclinedForceResumeTheBouncer() throws Exception {
        try (LoopbackBouncer b = LoopbackBouncer.start(cluster, "pg1", "transaction", Duration.ofSeconds(5));
             PgCluster pg = b.open()) {
            String from = pointedAtPrimary(pg);
            String to = other(pg);
            String conninfo;
            try (Connection t = cluster.connect(to); Statement st = t.createStatement(); var rs = st.executeQuery("SHOW primary_conninfo")) {
                rs.next();
                conninfo = rs.getString(1);
            }
            try (Connection t = cluster.connect(to); Statement st = t.createStatement()) {
                // The target stops receiving WAL, so it cannot reach the frontier.
                st.execute("ALTER SYSTEM SET primary_conninfo = ''");
                st.execute("SELECT pg_reload_conf()");
                for (FailoverMode mode : List.of(new FailoverMode.Coordinated(Duration.ofMillis(300)),
                        new FailoverMode.Force(Duration.ofMillis(300)))) {
                    FailoverRequest req = request(pg, to, mode);
                    FailoverTransport tx = pg.transportFor(req, POLL);
                    RunHooks hooks = RunHooks.none().withApproval(ForceApproval.always(ForceDecision.DECLINE, Duration.ofSeconds(5)));
                    assertThrows(FailoverException.class, () -> FailoverCoordinator.run(req, tx, hooks), mode.toString());
                    ((AutoCloseable) tx).close();
                    assertEquals(running(from), routing(b), mode.toString());
                    assertFalse(pg.pgStatus().stream().anyMatch(n -> n.frozen()), "a node is frozen after " + mode);
                    writeThrough(b);
                }
            } finally {
                try (Connection t = cluster.connect(to); Statement st = t.createStatement()) {
                    st.execute("ALTER SYSTEM SET primary_conninfo = '" + conninfo.replace("'", "''") + "'");
                    st.execute("SELECT pg_reload_conf()");
                }
                ClusterCheck.awaitHealthy(cluster, from, Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void aFreezeThatFailsAfterThePauseResumesTheBouncer() throws Exception {
        try (LoopbackBouncer b = LoopbackBouncer.start(cluster, "pg1", "transaction", Duration.ofSeconds(5));
             PgCluster pg = new PgCluster(b.definition(), cluster.connector(), Optional.empty())) {
            String from = pointedAtPrimary(pg);
            FailoverRequest req = request(pg, other(pg), new FailoverMode.Coordinated(Duration.ofSeconds(10)));
            FailoverTransport tx = pg.transportFor(req, POLL);
            // The run's control session on the primary dies between the PAUSE and the freeze.
            try (Connection c = cluster.connect(from); Statement st = c.createStatement()) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'handover run%'");
            }
            FailoverException e = assertThrows(FailoverException.class, () -> FailoverCoordinator.run(req, tx, RunHooks.none()));
            ((AutoCloseable) tx).close();
            assertTrue(e.getMessage().contains("PgBouncer resumed (SHOW DATABASES: not paused): pgb1/postgres"), e.getMessage());
            assertEquals(running(from), routing(b));
            assertFalse(pg.pgStatus().stream().anyMatch(n -> n.frozen()), "a node is frozen");
            writeThrough(b);
        }
    }

    @Test
    void aRunKilledWhileTheBouncerIsPausedHasItsKeeperLiftTheFreezeAndResumeThePool() throws Exception {
        try (LoopbackBouncer b = LoopbackBouncer.start(cluster, "pg1", "transaction", Duration.ofSeconds(5));
             PgCluster pg = b.open()) {
            String from = pointedAtPrimary(pg);
            String to = other(pg);
            long term = pg.status().primary().orElseThrow().role().term();

            // A real handover process, journaled, halted (as kill -9) right after its freeze with the bouncer paused.
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("bouncer-journal");
            CrashingRun.handoverUntil(cluster, "bouncer-after-freeze", "run", "--cluster", "pg:" + b.definitionFile(),
                    "--target", to, "--mode", "coordinated", "--deadline", "10s", "--journal", dir.toString());
            // Its journal: the pause's intent and event, no resume (the keeper does not write the run's journal); the
            // recovery advice names the pool.
            Journal journal = Journal.at(dir);
            JournaledRun died = journal.load().runs().get(0);
            List<String> steps = died.steps().stream().map(s -> s.phase() + " " + s.step() + " " + s.subject()).toList();
            assertEquals(List.of("INTENT pause pgb1/postgres", "DONE pause pgb1/postgres"), steps, "" + died.steps());
            assertTrue(died.steps().get(1).seen().contains("PAUSE answered after"), died.steps().get(1).seen());
            Recovery advice = journal.unfinishedRuns().get(0);
            assertEquals(RecoveryAction.RESUME_WRITES, advice.action());
            assertEquals(List.of("pgb1/postgres"), advice.stillPaused());
            // Its freeze keeper lifts the freeze and resumes the pool the run paused, with nobody running recover.
            Await.until("the keeper lifting the freeze on " + from + " and resuming the pool", Duration.ofSeconds(20),
                    () -> "frozen: " + pg.pgStatus().stream().filter(n -> n.frozen()).toList() + "; routing: " + routing(b),
                    seen -> seen.equals("frozen: []; routing: " + running(from)));
            writeThrough(b);
            // Recovery then finds it writable and nothing paused.
            StaleFreezeRelease.Result r = pg.staleFreezeRelease().orElseThrow().release(new StaleFreezeRelease.StaleRun(from, term, to));
            StaleFreezeRelease.Result.AlreadyWritable done = assertInstanceOf(StaleFreezeRelease.Result.AlreadyWritable.class, r);
            assertTrue(done.detail().contains("none was paused"), done.detail());
            assertEquals(running(from), routing(b));
            writeThrough(b);
        }
    }

    @Test
    void aRunThatDiedAfterItsCommitWithTheBouncerPausedIsRepairedAndTheBouncerPointedAtTheNewPrimary() throws Exception {
        try (LoopbackBouncer b = LoopbackBouncer.start(cluster, "pg1", "transaction", Duration.ofSeconds(5));
             PgCluster pg = new PgCluster(b.definition(), cluster.connector(), Optional.empty())) {
            String from = pointedAtPrimary(pg);
            String to = other(pg);
            long term = pg.status().primary().orElseThrow().role().term();

            // Died after the commit, before retargeting: the bouncer paused and still routing to the old primary.
            BouncerTransport tx2 = (BouncerTransport) pg.transportFor(request(pg, to,
                    new FailoverMode.Coordinated(Duration.ofSeconds(10))), POLL);
            tx2.freezePrimary();
            ((PgTransport) tx2.pg()).commitHandover(term + 1);
            tx2.close();
            assertEquals(cluster.node(from).port() + " paused", routing(b));
            AfterRun repaired = pg.topologyRepair().orElseThrow().repair(dev.handover.cluster.RepairApproval.plain(java.util.Optional.empty(), "test"), dev.handover.cluster.StepJournal.NONE);
            assertEquals(running(to), routing(b), () -> "repair: " + repaired.done() + " " + repaired.failed());
            assertTrue(repaired.checks().stream().anyMatch(ch -> ch.ok() && ch.what().equals(
                    "pgb1 routes postgres to " + to + " and it takes writes through it")), () -> "" + repaired.checks());
            ClusterCheck.awaitHealthy(cluster, to, Duration.ofSeconds(30));
            writeThrough(b);
        }
    }

    @Test
    void aSessionModePoolIsRefusedBeforeAnythingIsPausedOrFrozen() throws Exception {
        try (LoopbackBouncer b = LoopbackBouncer.start(cluster, "pg1", "session", Duration.ofSeconds(5));
             PgCluster pg = b.open()) {
            ClusterException e = assertThrows(ClusterException.class, () -> pg.transportFor(request(pg, other(pg),
                    new FailoverMode.Coordinated(Duration.ofSeconds(10))), POLL));
            assertTrue(e.getMessage().contains("session mode"), e.getMessage());
            assertTrue(routing(b).endsWith("running"));
        }
    }
}
