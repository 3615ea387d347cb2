package dev.handover.postgres;

import dev.handover.testing.RealServer;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverException;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.ForwardingTransport;
import dev.handover.core.TransportException;
import dev.handover.postgres.harness.AckedWriter;
import dev.handover.testing.Await;
import dev.handover.postgres.harness.ClusterCheck;
import dev.handover.postgres.harness.ClusterShape;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real faults during a switchover on a production-shaped cluster under acknowledged writes, each
 * checked on the cluster itself afterwards, with every acknowledged row on every node: the target
 * hung (SIGSTOP) past the deadline, the target killed (SIGKILL) during the catch-up, the old primary
 * killed (SIGKILL) right after the freeze.
 */
@RealServer
class PgFaultsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(2);

    @Test
    void aHungTargetAbortsACoordinatedRunWithinBoundedTimeAndWritesResume() throws Exception {
        try (Faulted f = Faulted.start()) {
            assertThrows(FailoverException.class, () -> f.runWithAfterFreeze(() -> f.signal("pg2", "STOP")));
            // From the fault to the abort: the deadline, plus the grace a read gets past it, plus the resume; never the
            // socket timeout of minutes. Opening the run (sessions, the freeze keeper's start) is not counted: under
            // two CPU hogs it alone took seconds, and it happens before anything is frozen.
            double took = f.faultToEnd.toMillis() / 1e3;
            assertTrue(took < DEADLINE.toSeconds() + PgTransport.READ_GRACE.toSeconds() + 4,
                    "from the fault to the abort took " + took + " s");
            f.awaitWritesOn("pg1");
            f.signal("pg2", "CONT");
            f.assertHealthyWithEveryRow("pg1");
        }
    }

    @Test
    void aKilledTargetAbortsACoordinatedRunAndRejoinsOnceStartedAgain() throws Exception {
        try (Faulted f = Faulted.start()) {
            assertThrows(FailoverException.class, () -> f.runWithAfterFreeze(() -> f.signal("pg2", "KILL")));
            f.awaitWritesOn("pg1");
            try {
                // What a DBA does: the killed postmaster's pid file goes (its pid is gone), then a start: crash
                // recovery, and it streams from pg1 again.
                java.nio.file.Path pidFile = f.cluster.node("pg2").dataDir().resolve("postmaster.pid");
                List<String> lines = Files.readAllLines(pidFile);
                Files.deleteIfExists(java.nio.file.Path.of(lines.get(4).trim(), ".s.PGSQL." + lines.get(3).trim() + ".lock"));
                Files.delete(pidFile);
                f.cluster.start("pg2");
            } catch (java.io.IOException e) {
                String log = f.cluster.log("pg2");
                throw new AssertionError(e.getMessage() + "\n" + log.substring(Math.max(0, log.length() - 2000)), e);
            }
            f.assertHealthyWithEveryRow("pg1");
        }
    }

    @Test
    void anOldPrimaryKilledAfterTheFreezeIsNeverReportedAsHandedOverAndRecoveryBringsItBack() throws Exception {
        try (Faulted f = Faulted.start()) {
            FailoverException e = assertThrows(FailoverException.class, () -> f.runWithAfterFreeze(() -> f.signal("pg1", "KILL")));
            // Nothing was promoted: the target must still be a standby, whatever the run could tell.
            assertTrue(f.pg.pgStatus().stream().filter(n -> n.node().id().equals("pg2")).allMatch(PgNodeStatus::inRecovery),
                    "pg2 was promoted although the run failed: " + e.getMessage());
            PgRecovery.Result r = new PgRecovery(f.cluster.definition(), f.cluster.connector()).converge(dev.handover.cluster.RepairApproval.plain(java.util.Optional.empty(), "test"), dev.handover.cluster.StepJournal.NONE);
            assertTrue(r.complete(), r.remaining() + " / " + r.done());
            assertEquals("pg1", r.primary().orElseThrow());
            f.awaitWritesOn("pg1");
            f.assertHealthyWithEveryRow("pg1");
        }
    }

    /** A production-shaped cluster, a writing client, and the means to hurt it. */
    private static final class Faulted implements AutoCloseable {
        final LoopbackCluster cluster;
        final PgCluster pg;
        final AckedWriter writer;
        /** The last run's time from the injected fault to the coordinator's end (the transport closed). */
        Duration faultToEnd = Duration.ZERO;

        private Faulted(LoopbackCluster cluster) {
            this.cluster = cluster;
            this.pg = new PgCluster(cluster.definition(), cluster.connector());
            this.writer = AckedWriter.start(cluster.multiHostUrl(), cluster.shape().password(), Duration.ofMillis(5));
        }

        static Faulted start() throws Exception {
            Faulted f = new Faulted(LoopbackCluster.start(ClusterShape.production(3)));
            f.awaitWritesOn("pg1");
            return f;
        }

        /** A coordinated switchover pg1 -> pg2 that does {@code fault} the moment writes are frozen. */
        void runWithAfterFreeze(ThrowingRunnable fault) throws Exception {
            ClusterSnapshot s = pg.status();
            NodeStatus primary = s.primary().orElseThrow();
            NodeStatus target = s.node("pg2").orElseThrow();
            FailoverRequest req = new FailoverRequest(primary.node(), target.node(), primary.role().term(), target.durableLsn(),
                    new FailoverMode.Coordinated(DEADLINE));
            long[] faultAt = {0};
            try (PgTransport tx = (PgTransport) pg.transportFor(req, Duration.ofMillis(20))) {
                try {
                    FailoverCoordinator.run(req, new ForwardingTransport(tx) {
                        @Override
                        public long freezePrimary() throws TransportException {
                            long frontier = super.freezePrimary();
                            try {
                                fault.run();
                            } catch (Exception e) {
                                throw new IllegalStateException("injecting the fault failed", e);
                            }
                            faultAt[0] = System.nanoTime();
                            return frontier;
                        }
                    });
                } finally { // the coordinator's end (writes resumed), before the transport's own close
                    faultToEnd = faultAt[0] == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - faultAt[0]);
                }
            }
        }

        /** Sends {@code sig} to the node's postmaster and every process it started. */
        void signal(String id, String sig) throws Exception {
            String pid = Files.readAllLines(cluster.node(id).dataDir().resolve("postmaster.pid")).get(0).trim();
            List<Long> all = new java.util.ArrayList<>(ProcessHandle.of(Long.parseLong(pid)).map(p -> p.children()
                    .map(ProcessHandle::pid).toList()).orElse(List.of()));
            all.add(Long.parseLong(pid));
            // The postmaster first: killed after its children, it would start new ones in between.
            List<String> argv = new java.util.ArrayList<>(List.of("kill", "-" + sig, pid));
            all.stream().filter(p -> p != Long.parseLong(pid)).forEach(p -> argv.add(Long.toString(p)));
            new ProcessBuilder(argv).start().waitFor();
            if (sig.equals("KILL")) {
                Await.until(id + "'s processes gone (pids still running)", Duration.ofSeconds(10),
                        () -> all.stream().filter(PgProcesses::running).toList(), List::isEmpty);
            }
        }

        void awaitWritesOn(String id) {
            int port = cluster.node(id).port();
            long before = writer.acksFrom(port);
            Await.until("writes acknowledged by " + id, Duration.ofSeconds(30), () -> writer.acksFrom(port), n -> n >= before + 20);
        }

        void assertHealthyWithEveryRow(String primary) throws Exception {
            ClusterCheck.Seen seen = ClusterCheck.awaitHealthy(cluster, primary, Duration.ofSeconds(60));
            assertTrue(seen.healthy(), seen.problems().toString());
            writer.close();
            List<Set<Long>> rows = ClusterCheck.rowsEverywhere(cluster, primary, Duration.ofSeconds(30));
            List<Long> acked = writer.acks().stream().map(AckedWriter.Ack::id).toList();
            for (int n = 0; n < rows.size(); n++) {
                Set<Long> onNode = rows.get(n);
                assertEquals(List.of(), acked.stream().filter(x -> !onNode.contains(x)).toList(),
                        cluster.nodes().get(n).id() + " misses acknowledged rows");
            }
        }

        @Override
        public void close() throws Exception {
            for (String id : List.of("pg1", "pg2", "pg3")) {
                try {
                    signal(id, "CONT"); // never leave a stopped process behind
                } catch (Exception ignored) {
                    // not running
                }
            }
            writer.close();
            pg.close();
            cluster.close();
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
