package dev.handover.postgres;

import dev.handover.testing.RealServer;
import dev.handover.core.AbortReason;
import dev.handover.core.CatchUpTimedOut;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverException;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.ForwardingTransport;
import dev.handover.core.HandoverAborted;
import dev.handover.core.HandoverEvent;
import dev.handover.core.HandoverListener;
import dev.handover.core.OutcomeUnknownException;
import dev.handover.core.RunHooks;
import dev.handover.core.TransportException;
import dev.handover.core.WritesStillFrozenException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.postgres.harness.AckedWriter;
import dev.handover.testing.Await;
import dev.handover.postgres.harness.ClusterCheck;
import dev.handover.postgres.harness.ClusterShape;
import dev.handover.postgres.harness.Faults;
import dev.handover.postgres.harness.LinkProxy;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real faults during a switchover on real PostgreSQL clusters, built the way production runs them
 * (checksums, scram passwords, a replication role, a slot per standby), under a client writing every
 * 5 ms through the multi-host URL: the target killed (SIGKILL) during catch-up, as the commit begins, or
 * once the old primary is down; the target hung (SIGSTOP) past the deadline; the old primary killed right
 * after the freeze; the target's replication link cut during catch-up, or back just as a forced commit
 * begins; a sibling's link stalled without a reset. The faults are struck
 * from inside the run (a listener on the coordinator's events, or a wrapper around the transport), so
 * they land at the same step every time. Afterwards the cluster itself is looked at through ordinary
 * sessions ({@link ClusterCheck}), not the tool's account of it, and every acknowledged write is
 * looked for: coordinated runs lose none, a forced run loses exactly the rows past what it reports
 * as reached.
 */
@RealServer
class PgFaultTest {
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration WRITE_EVERY = Duration.ofMillis(5);
    private static final Duration SETTLE = Duration.ofSeconds(60);

    @Test
    void targetKilledDuringCatchUpAbortsAndResumesWritesAndNothingIsClaimed() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(ClusterShape.production(3));
             PgCluster pg = new PgCluster(cluster.definition(), cluster.connector());
             LinkProxy link = LinkProxy.to(port(cluster, "pg1"));
             AckedWriter writer = AckedWriter.start(cluster.multiHostUrl(), cluster.shape().password(), WRITE_EVERY)) {
            Faults.routeLink(cluster, "pg2", link.port());
            awaitAcks(writer, cluster, "pg1", 20);

            // Coordinated and force alike: the next reading of the dead target fails, the run resumes
            // writes at once (long before the 10 s deadline) and hands nothing over.
            for (FailoverMode mode : List.of(new FailoverMode.Coordinated(Duration.ofSeconds(10)),
                    new FailoverMode.Force(Duration.ofSeconds(10)))) {
                Attempt a = attempt(pg, "pg1", "pg2", mode, tx -> pausingLinkAtFreeze(tx, link),
                        once(HandoverEvent.Polled.class, e -> Faults.kill(cluster, "pg2")));
                HandoverAborted aborted = a.failedWith(HandoverAborted.class);
                assertEquals(AbortReason.POLL_FAILED, aborted.reason(), a.describe());
                assertTrue(a.took().compareTo(Duration.ofSeconds(5)) < 0, "the dead target ended the wait, not the deadline: "
                        + a.describe());
                assertTrue(a.resumed() && !a.committed() && a.report().isEmpty(), a.describe());
                assertTrue(aborted.reachedLsn() < aborted.frontierLsn(), a.describe());
                printf("target killed during catch-up, %s: aborted after %.3f s (%s)", kind(mode), secs(a.took()),
                        aborted.getMessage());
                assertWritesResume(writer, cluster, "pg1");
                assertEquals(Set.of("pg1"), primaries(cluster), "no node but pg1 may be a primary");

                link.restore();
                Faults.restart(cluster, "pg2");
                Faults.awaitStreamingThrough(cluster, "pg2", link.port());
            }

            // Force, and the target dies just as the commit starts (the deadline passed): nothing can be
            // promoted, and the run must not say it handed over. It cannot tell the commit never began, so
            // it says "outcome unknown" and leaves writes frozen; the commit's own words say nothing was promoted.
            Attempt late = attempt(pg, "pg1", "pg2", new FailoverMode.Force(Duration.ofSeconds(1)),
                    tx -> new ForwardingTransport(pausingLinkAtFreeze(tx, link)) {
                        @Override
                        public void commitHandover(long newTerm) throws TransportException {
                            Faults.kill(cluster, "pg2");
                            super.commitHandover(newTerm);
                        }
                    }, HandoverListener.NONE);
            OutcomeUnknownException unknown = late.failedWith(OutcomeUnknownException.class);
            assertTrue(unknown.getMessage().contains("nothing was promoted"), late.describe());
            assertTrue(late.report().orElseThrow().remaining().get(0).contains("nothing was promoted"), late.describe());
            assertFalse(late.committed() || late.resumed(), late.describe());
            printf("target killed as the forced commit began: %s after %.3f s: %s", "outcome unknown", secs(late.took()),
                    unknown.getMessage());
            // The cluster says the same: pg1 alone is a primary, on timeline 1, frozen; nobody took term 2.
            assertEquals(Set.of("pg1"), primaries(cluster));
            assertEquals(1, timeline(cluster, "pg1"));
            assertTrue(frozen(cluster, "pg1"), "the run left writes frozen, as it said");

            // Start-up recovery will not lift the freeze while the target cannot be reached (it might have been
            // promoted); once it is back as a standby, it does.
            PgCluster.FreezeRelease whileDown = pg.releaseStaleFreeze();
            assertEquals(List.of(), whileDown.released(), whileDown.kept().toString());
            link.restore();
            Faults.restart(cluster, "pg2");
            PgCluster.FreezeRelease release = pg.releaseStaleFreeze();
            assertEquals(List.of("pg1"), release.released(), release.kept().toString());
            assertWritesResume(writer, cluster, "pg1");

            Faults.routeLink(cluster, "pg2", port(cluster, "pg1"));
            assertHealthy(cluster, "pg1");
            assertEveryAckOnEveryNode(cluster, writer, "pg1");
        }
    }

    /**
     * Coordinated, target caught up; its link stalls as the commit begins (so the old primary's shutdown
     * checkpoint never reaches it) and it is killed once the old primary is down. Nothing can be promoted,
     * and the old primary must not be left down with nothing serving the cluster.
     */
    @Test
    void targetLostAfterTheOldPrimaryShutDownBringsTheOldPrimaryBackFrozen() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(ClusterShape.production(3));
             PgCluster pg = new PgCluster(cluster.definition(), cluster.connector());
             LinkProxy link = LinkProxy.to(port(cluster, "pg1"));
             AckedWriter writer = AckedWriter.start(cluster.multiHostUrl(), cluster.shape().password(), WRITE_EVERY)) {
            Faults.routeLink(cluster, "pg2", link.port());
            awaitAcks(writer, cluster, "pg1", 20);
            Path pg1Pid = cluster.node("pg1").dataDir().resolve("postmaster.pid");
            AtomicReference<Throwable> watcherFailed = new AtomicReference<>();
            Thread watcher = new Thread(() -> {
                try {
                    Await.until("pg1 to shut down (its postmaster.pid)", Duration.ofSeconds(60),
                            () -> Files.exists(pg1Pid) ? "present" : "gone", "gone"::equals);
                    Faults.kill(cluster, "pg2");
                } catch (Throwable t) {
                    watcherFailed.set(t);
                }
            }, "kill-pg2-once-pg1-is-down");
            Attempt a = attempt(pg, "pg1", "pg2", new FailoverMode.Coordinated(Duration.ofSeconds(10)),
                    tx -> new ForwardingTransport(tx) {
                        @Override
                        public void commitHandover(long newTerm) throws TransportException {
                            link.pause();
                            watcher.start();
                            super.commitHandover(newTerm);
                        }
                    }, HandoverListener.NONE);
            watcher.join(Duration.ofSeconds(60).toMillis());
            assertEquals(null, watcherFailed.get());
            OutcomeUnknownException unknown = a.failedWith(OutcomeUnknownException.class);
            assertTrue(unknown.getMessage().contains("nothing was promoted"), a.describe());
            assertTrue(unknown.getMessage().contains("pg1 was started again as primary, writes still frozen"), a.describe());
            printf("target killed after the old primary shut down: %s after %.3f s", unknown.getMessage(), secs(a.took()));
            assertEquals(Set.of("pg1"), primaries(cluster), "pg1 is back, and nothing else is a primary");
            assertEquals(1, timeline(cluster, "pg1"));
            assertTrue(frozen(cluster, "pg1"), "still frozen, as the run said");

            link.restore();
            Faults.restart(cluster, "pg2");
            PgCluster.FreezeRelease release = pg.releaseStaleFreeze();
            assertEquals(List.of("pg1"), release.released(), release.kept().toString());
            assertWritesResume(writer, cluster, "pg1");
            Faults.routeLink(cluster, "pg2", port(cluster, "pg1"));
            assertHealthy(cluster, "pg1");
            assertEveryAckOnEveryNode(cluster, writer, "pg1");
        }
    }

    @Test
    void targetHungPastTheDeadlineAbortsWithinABoundAndTheClusterRecoversOnSigcont() throws Exception {
        Duration deadline = Duration.ofSeconds(3);
        try (LoopbackCluster cluster = LoopbackCluster.start(ClusterShape.production(3).synchronous());
             PgCluster pg = new PgCluster(cluster.definition(), cluster.connector());
             AckedWriter writer = AckedWriter.start(cluster.multiHostUrl(), cluster.shape().password(), WRITE_EVERY)) {
            awaitAcks(writer, cluster, "pg1", 20);
            for (FailoverMode mode : List.of(new FailoverMode.Coordinated(deadline), new FailoverMode.Force(deadline))) {
                AtomicReference<Faults.Hang> hang = new AtomicReference<>();
                try {
                    // Hung the moment writes are frozen: the very first reading meets a node that holds its
                    // sockets open and answers nothing. (Synchronous cluster: pg3 alone acknowledges meanwhile.)
                    Attempt a = attempt(pg, "pg1", "pg2", mode, Function.identity(),
                            once(HandoverEvent.Frozen.class, e -> hang.set(Faults.hang(cluster, "pg2"))));
                    assertTrue(hang.get() != null, a.describe());
                    HandoverAborted aborted = a.failedWith(HandoverAborted.class);
                    assertEquals(AbortReason.POLL_FAILED, aborted.reason(), a.describe());
                    assertTrue(aborted.getMessage().contains("did not answer"), a.describe());
                    assertTrue(a.took().compareTo(deadline.plusSeconds(3)) < 0,
                            "a hung target must not hold writes frozen much past the deadline: " + a.describe());
                    assertTrue(a.resumed() && !a.committed() && a.report().isEmpty(), a.describe());
                    printf("target hung (SIGSTOP) past the %s deadline, %s: aborted after %.3f s (%s)", deadline, kind(mode),
                            secs(a.took()), aborted.getMessage());
                    // Writes flow again on pg1 while pg2 is still stopped.
                    assertWritesResume(writer, cluster, "pg1");
                } finally {
                    if (hang.get() != null) {
                        hang.get().close(); // SIGCONT
                    }
                }
                assertHealthy(cluster, "pg1");
            }
            assertEveryAckOnEveryNode(cluster, writer, "pg1");
        }
    }

    @Test
    void oldPrimaryKilledRightAfterTheFreezeIsNeverReportedAsAHandover() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(ClusterShape.production(3));
             PgCluster pg = new PgCluster(cluster.definition(), cluster.connector());
             LinkProxy link = LinkProxy.to(port(cluster, "pg1"));
             AckedWriter writer = AckedWriter.start(cluster.multiHostUrl(), cluster.shape().password(), WRITE_EVERY)) {
            Faults.routeLink(cluster, "pg2", link.port());
            awaitAcks(writer, cluster, "pg1", 20);

            // A. The target is behind when the primary dies: it can never catch up, the run times out and its
            // resume cannot reach the dead primary, so it says writes are still frozen (the freeze is on pg1's disk).
            Attempt behind = attempt(pg, "pg1", "pg2", new FailoverMode.Coordinated(Duration.ofSeconds(2)),
                    tx -> pausingLinkAtFreeze(tx, link), once(HandoverEvent.Frozen.class, e -> Faults.kill(cluster, "pg1")));
            WritesStillFrozenException still = behind.failedWith(WritesStillFrozenException.class);
            assertTrue(still.getMessage().contains("Nothing was committed"), behind.describe());
            assertFalse(behind.committed() || behind.resumed(), behind.describe());
            printf("old primary killed after the freeze, target behind: still frozen after %.3f s (%s)", secs(behind.took()),
                    still.getMessage());
            assertEquals(Set.of(), primaries(cluster, "pg2", "pg3"), "nothing was promoted");
            link.restore();
            recoverOldPrimary(cluster, pg, writer);
            Faults.awaitStreamingThrough(cluster, "pg2", link.port());

            // B. The target already holds the frontier when the primary dies: the run goes on to commit, and
            // the commit finds the old primary gone before it stops or promotes anything.
            Attempt caughtUp = attempt(pg, "pg1", "pg2", new FailoverMode.Coordinated(Duration.ofSeconds(10)),
                    Function.identity(), once(HandoverEvent.Frozen.class, e -> {
                        Await.until("pg2 to hold the frontier " + e.frontierLsn() + " (pg2's durable LSN)", Duration.ofSeconds(10),
                                () -> Faults.durableLsn(cluster, "pg2"), lsn -> lsn >= e.frontierLsn());
                        Faults.kill(cluster, "pg1");
                    }));
            OutcomeUnknownException unknown = caughtUp.failedWith(OutcomeUnknownException.class);
            assertTrue(unknown.getMessage().contains("nothing was promoted"), caughtUp.describe());
            assertFalse(caughtUp.committed() || caughtUp.resumed(), caughtUp.describe());
            printf("old primary killed after the freeze, target caught up: outcome unknown after %.3f s (%s)",
                    secs(caughtUp.took()), unknown.getMessage());
            assertEquals(Set.of(), primaries(cluster, "pg2", "pg3"), "nothing was promoted");
            recoverOldPrimary(cluster, pg, writer);

            Faults.routeLink(cluster, "pg2", port(cluster, "pg1"));
            assertHealthy(cluster, "pg1");
            assertEveryAckOnEveryNode(cluster, writer, "pg1");
        }
    }

    @Test
    void replicationLinkCutDuringCatchUpAbortsCoordinatedAndForceSkipsExactlyWhatItCounts() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(ClusterShape.production(3));
             PgCluster pg = new PgCluster(cluster.definition(), cluster.connector());
             LinkProxy link = LinkProxy.to(port(cluster, "pg1"));
             AckedWriter writer = AckedWriter.start(cluster.multiHostUrl(), cluster.shape().password(), WRITE_EVERY)) {
            Faults.routeLink(cluster, "pg2", link.port());
            awaitAcks(writer, cluster, "pg1", 20);

            // Coordinated: the target, 50 rows behind, loses its link while it waits; the deadline passes,
            // writes resume, nothing is committed.
            fallBehind(link, writer, cluster, 50);
            Attempt coordinated = attempt(pg, "pg1", "pg2", new FailoverMode.Coordinated(Duration.ofSeconds(2)),
                    Function.identity(), once(HandoverEvent.Polled.class, e -> link.cut()));
            CatchUpTimedOut timedOut = coordinated.failedWith(CatchUpTimedOut.class);
            assertTrue(timedOut.reachedLsn() < timedOut.frontierLsn(), coordinated.describe());
            assertTrue(coordinated.resumed() && !coordinated.committed(), coordinated.describe());
            printf("link cut during catch-up, coordinated: aborted after %.3f s, target at %s of %s", secs(coordinated.took()),
                    Lsn.format(timedOut.reachedLsn()), Lsn.format(timedOut.frontierLsn()));
            assertWritesResume(writer, cluster, "pg1");
            link.restore();
            Faults.awaitStreamingThrough(cluster, "pg2", link.port());
            awaitAcks(writer, cluster, "pg1", 50); // rows that reach pg2 before the next cut

            // Force: the same, 50 rows behind; it hands over at what the target holds and counts the rest as skipped.
            fallBehind(link, writer, cluster, 50);
            Attempt forced = attempt(pg, "pg1", "pg2", new FailoverMode.Force(Duration.ofSeconds(2)),
                    Function.identity(), once(HandoverEvent.Polled.class, e -> link.cut()));
            FailoverOutcome outcome = forced.outcome().orElseThrow(() -> new AssertionError(forced.describe()));
            assertTrue(outcome.forced() && outcome.skippedLsn() > 0, forced.describe());
            assertEquals(outcome.frontierLsn() - outcome.reachedLsn(), outcome.skippedLsn());
            assertEquals(forkPoint(cluster, "pg2", 2), outcome.reachedLsn(), "reached is where the new timeline begins");
            assertEquals(2, outcome.newTerm());
            PgCommitReport report = forced.report().orElseThrow();
            assertTrue(report.complete(), forced.describe());
            assertTrue(report.rewound(), "the old primary had WAL past the fork: " + forced.describe());
            PgVerification v = pg.verify("pg2", 2, Duration.ofSeconds(30));
            assertTrue(v.ok(), String.join("\n", v.lines()));
            assertHealthy(cluster, "pg2");
            awaitAcks(writer, cluster, "pg2", 20);
            writer.close();

            // Every node holds the same rows as the new primary (the sibling that had received past the
            // fork was rewound), and the acknowledged rows it lacks are exactly those past the reached LSN.
            List<Set<Long>> rows = ClusterCheck.rowsEverywhere(cluster, "pg2", SETTLE);
            Set<Long> onNew = rows.get(1);
            for (int n = 0; n < rows.size(); n++) {
                List<Long> acked = writer.acks().stream().map(AckedWriter.Ack::id).toList();
                Set<Long> onNode = rows.get(n);
                assertEquals(acked.stream().filter(id -> !onNew.contains(id)).toList(),
                        acked.stream().filter(id -> !onNode.contains(id)).toList(), "pg" + (n + 1) + " vs the new primary");
            }
            List<Long> missing = assertMissingAreExactlyPast(writer, port(cluster, "pg1"), onNew, outcome);
            printf("link cut during catch-up, force: committed after %.3f s, skipped %d bytes (%s - %s), "
                            + "%d acknowledged rows missing on pg2, each past the reached LSN, every other one present",
                    secs(forced.took()), outcome.skippedLsn(), Lsn.format(outcome.frontierLsn()), Lsn.format(outcome.reachedLsn()),
                    missing.size());
        }
    }

    /**
     * Force past a target whose link stalls and comes back just as the commit begins: the old primary's
     * clean shutdown still sends its WAL to the target, so the new primary holds more than the last
     * reading said. The outcome must count what the new primary lacks, not what that reading lacked
     * (it used to report 37,880 bytes skipped and a forced handover while no acknowledged row was lost).
     */
    @Test
    void forcedCommitCountsWhatTheNewPrimaryHoldsWhenTheLinkComesBackAsItBegins() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(ClusterShape.production(3));
             PgCluster pg = new PgCluster(cluster.definition(), cluster.connector());
             LinkProxy link = LinkProxy.to(port(cluster, "pg1"));
             AckedWriter writer = AckedWriter.start(cluster.multiHostUrl(), cluster.shape().password(), WRITE_EVERY)) {
            Faults.routeLink(cluster, "pg2", link.port());
            awaitAcks(writer, cluster, "pg1", 20);
            fallBehind(link, writer, cluster, 50);
            Attempt forced = attempt(pg, "pg1", "pg2", new FailoverMode.Force(Duration.ofSeconds(2)),
                    tx -> new ForwardingTransport(tx) {
                        @Override
                        public void commitHandover(long newTerm) throws TransportException {
                            link.restore();
                            super.commitHandover(newTerm);
                        }
                    }, HandoverListener.NONE);
            FailoverOutcome outcome = forced.outcome().orElseThrow(() -> new AssertionError(forced.describe()));
            long lastReading = forced.events().stream().filter(e -> e instanceof HandoverEvent.Polled)
                    .mapToLong(e -> ((HandoverEvent.Polled) e).reachedLsn()).reduce((a, b) -> b).orElseThrow();
            assertTrue(lastReading < outcome.frontierLsn(), "the run was forced past its last reading: " + forced.describe());
            assertEquals(forkPoint(cluster, "pg2", 2), outcome.reachedLsn(), "reached is where the new timeline begins");
            assertEquals(Math.max(0, outcome.frontierLsn() - outcome.reachedLsn()), outcome.skippedLsn());
            assertTrue(forced.report().orElseThrow().done().stream().anyMatch(d -> d.contains("timeline 2 begins at")),
                    forced.describe());
            assertHealthy(cluster, "pg2");
            awaitAcks(writer, cluster, "pg2", 20);
            writer.close();
            List<Set<Long>> rows = ClusterCheck.rowsEverywhere(cluster, "pg2", SETTLE);
            List<Long> missing = writer.acks().stream().map(AckedWriter.Ack::id).filter(id -> !rows.get(1).contains(id)).toList();
            if (outcome.isZeroRpo()) {
                assertEquals(List.of(), missing, forced.describe());
                assertFalse(outcome.forced(), "nothing was skipped, so the handover was not forced past anything");
            } else {
                assertMissingAreExactlyPast(writer, port(cluster, "pg1"), rows.get(1), outcome);
            }
            printf("link back as the forced commit began: last reading %s, frontier %s, new timeline from %s: skipped %d "
                            + "bytes, %d acknowledged rows missing", Lsn.format(lastReading), Lsn.format(outcome.frontierLsn()),
                    Lsn.format(outcome.reachedLsn()), outcome.skippedLsn(), missing.size());
        }
    }

    /**
     * A sibling's replication link stalls (packets stop, no reset) before a coordinated switchover to a
     * healthy target. PostgreSQL's fast shutdown waits until every connected standby confirms the last
     * WAL, so the old primary's shutdown, with writes frozen, lasted until wal_sender_timeout ended the
     * stalled walsender: 59 s here, a second short of the commit giving up with no primary at all.
     */
    @Test
    void aSiblingWhoseLinkStallsDoesNotHoldTheOldPrimarysShutdown() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(ClusterShape.production(3));
             PgCluster pg = new PgCluster(cluster.definition(), cluster.connector());
             LinkProxy link = LinkProxy.to(port(cluster, "pg1"));
             AckedWriter writer = AckedWriter.start(cluster.multiHostUrl(), cluster.shape().password(), WRITE_EVERY)) {
            Faults.routeLink(cluster, "pg3", link.port());
            awaitAcks(writer, cluster, "pg1", 20);
            link.pause();
            awaitAcks(writer, cluster, "pg1", 20);

            Attempt a = attempt(pg, "pg1", "pg2", new FailoverMode.Coordinated(Duration.ofSeconds(10)),
                    Function.identity(), HandoverListener.NONE);
            FailoverOutcome outcome = a.outcome().orElseThrow(() -> new AssertionError(a.describe()));
            assertTrue(outcome.isZeroRpo(), a.describe());
            Duration frozenFor = a.at(HandoverEvent.Committed.class).minus(a.at(HandoverEvent.Frozen.class));
            assertTrue(frozenFor.compareTo(Duration.ofSeconds(15)) < 0, "writes frozen " + frozenFor + ": " + a.describe());
            PgCommitReport report = a.report().orElseThrow();
            assertTrue(report.complete(), a.describe());
            assertTrue(report.done().stream().anyMatch(d -> d.contains("stopped it immediately")), a.describe());
            printf("sibling's link stalled: committed, writes frozen %.3f s (%s)", secs(frozenFor),
                    report.done().stream().filter(d -> d.contains("immediately")).findFirst().orElseThrow());

            // pg3 was re-pointed straight at pg2 (not through the stalled relay) and takes the rest from there.
            PgVerification v = pg.verify("pg2", 2, Duration.ofSeconds(30));
            assertTrue(v.ok(), String.join("\n", v.lines()));
            assertHealthy(cluster, "pg2");
            awaitAcks(writer, cluster, "pg2", 20);
            assertEveryAckOnEveryNode(cluster, writer, "pg2");
        }
    }

    /**
     * The rows pg1 acknowledged, in order, each with its position (after its insert, before its commit
     * record): a row is on the new primary only if its commit lies below the reached LSN, so a present
     * row starts below it and a missing row's commit ends past it (before the next row's position).
     * At most one row, the one whose commit straddles the reached LSN, could go either way.
     */
    private static List<Long> assertMissingAreExactlyPast(AckedWriter writer, int oldPrimaryPort, Set<Long> onNew,
                                                          FailoverOutcome outcome) {
        List<AckedWriter.Ack> old = writer.acks().stream().filter(a -> a.port() == oldPrimaryPort)
                .sorted(Comparator.comparingLong(AckedWriter.Ack::id)).toList();
        long reached = outcome.reachedLsn();
        List<Long> missing = new ArrayList<>();
        for (int i = 0; i < old.size(); i++) {
            AckedWriter.Ack a = old.get(i);
            Optional<AckedWriter.Ack> next = i + 1 < old.size() ? Optional.of(old.get(i + 1)) : Optional.empty();
            if (onNew.contains(a.id())) {
                assertTrue(a.lsn() < reached, "row " + a.id() + " at " + Lsn.format(a.lsn()) + " is on the new primary "
                        + "but past the reached " + Lsn.format(reached) + ": the skipped count is too high");
            } else {
                missing.add(a.id());
                assertTrue(next.map(n -> n.lsn() > reached).orElse(true), "row " + a.id() + " at " + Lsn.format(a.lsn())
                        + " is missing though its commit lies below the reached " + Lsn.format(reached) + ": a loss not counted");
                assertTrue(a.lsn() < outcome.frontierLsn(), "row " + a.id() + " was acknowledged past the frontier");
            }
        }
        assertFalse(missing.isEmpty(), "the skipped WAL held acknowledged rows");
        long surelyPast = old.stream().filter(a -> a.lsn() >= reached).count();
        assertTrue(missing.size() == surelyPast || missing.size() == surelyPast + 1, missing.size() + " rows missing, "
                + surelyPast + " inserted past the reached LSN");
        return missing;
    }

    // ---- the old primary, back after a crash

    /** Starts the killed old primary again: it comes back frozen (the freeze is on its disk), start-up recovery lifts it. */
    private static void recoverOldPrimary(LoopbackCluster cluster, PgCluster pg, AckedWriter writer) throws Exception {
        Faults.restart(cluster, "pg1");
        assertEquals(Set.of("pg1"), primaries(cluster));
        assertTrue(frozen(cluster, "pg1"), "pg1 restarts with the freeze the run left in postgresql.auto.conf");
        PgCluster.FreezeRelease release = pg.releaseStaleFreeze();
        assertEquals(List.of("pg1"), release.released(), release.kept().toString());
        assertWritesResume(writer, cluster, "pg1");
    }

    // ---- one run with a fault in it

    /** What one run did: its outcome or failure, every event, how long it took, and the commit's report if one ran. */
    private record Attempt(Optional<FailoverOutcome> outcome, Optional<FailoverException> failure, List<HandoverEvent> events,
                           Duration took, Optional<PgCommitReport> report) {
        <E extends FailoverException> E failedWith(Class<E> type) {
            if (failure.isPresent() && type.isInstance(failure.get())) {
                return type.cast(failure.get());
            }
            return fail("expected " + type.getSimpleName() + ": " + describe());
        }

        boolean committed() {
            return events.stream().anyMatch(e -> e instanceof HandoverEvent.Committed);
        }

        Duration at(Class<? extends HandoverEvent> type) {
            return events.stream().filter(type::isInstance).map(HandoverEvent::at).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + ": " + describe()));
        }

        boolean resumed() {
            return events.stream().anyMatch(e -> e instanceof HandoverEvent.Resumed);
        }

        String describe() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "run took %.3f s; events:", secs(took)));
            events.forEach(e -> sb.append("\n  ").append(String.format(Locale.ROOT, "%.3fs ", secs(e.at()))).append(e));
            outcome.ifPresent(o -> sb.append("\noutcome: ").append(o));
            failure.ifPresent(f -> sb.append("\nfailure: ").append(f));
            report.ifPresent(r -> {
                r.done().forEach(d -> sb.append("\n  done: ").append(d));
                r.remaining().forEach(d -> sb.append("\n  REMAINING: ").append(d));
            });
            return sb.toString();
        }
    }

    private static Attempt attempt(PgCluster pg, String from, String to, FailoverMode mode,
                                   Function<FailoverTransport, FailoverTransport> wrap, HandoverListener fault) throws Exception {
        FailoverRequest req = request(pg, from, to, mode);
        List<HandoverEvent> events = Collections.synchronizedList(new ArrayList<>());
        HandoverListener record = events::add;
        try (PgTransport tx = pg.uncheckedTransport(to, POLL)) {
            // From the run's start, not the transport's: opening sessions, the checkpoint and the keeper's
            // start happen before anything is frozen, and on a busy host take seconds.
            long start = System.nanoTime();
            Optional<FailoverOutcome> outcome = Optional.empty();
            Optional<FailoverException> failure = Optional.empty();
            try {
                outcome = Optional.of(FailoverCoordinator.run(req, wrap.apply(tx), RunHooks.none().withListener(record.andThen(fault))));
            } catch (FailoverException e) {
                failure = Optional.of(e);
            }
            return new Attempt(outcome, failure, List.copyOf(events), Duration.ofNanos(System.nanoTime() - start), tx.commitReport());
        }
    }

    private static FailoverRequest request(PgCluster pg, String from, String to, FailoverMode mode) {
        ClusterSnapshot s = pg.status();
        NodeStatus primary = s.node(from).orElseThrow();
        NodeStatus target = s.node(to).orElseThrow();
        return new FailoverRequest(primary.node(), target.node(), primary.role().term(), target.durableLsn(), mode);
    }

    /**
     * Pauses the target's replication link just before the freeze, so the target is certainly behind the
     * frontier when the catch-up starts (on loopback it would otherwise catch up within milliseconds).
     */
    private static FailoverTransport pausingLinkAtFreeze(FailoverTransport tx, LinkProxy link) {
        return new ForwardingTransport(tx) {
            @Override
            public long freezePrimary() throws TransportException {
                link.pause();
                return super.freezePrimary();
            }
        };
    }

    /** Stalls the target's link and lets the old primary acknowledge {@code rows} more rows that the target does not get. */
    private static void fallBehind(LinkProxy link, AckedWriter writer, LoopbackCluster cluster, int rows) {
        link.pause();
        awaitAcks(writer, cluster, "pg1", rows);
    }

    /** A listener that acts on the first event of one kind, on the coordinator's thread, and records a failure to act. */
    private static <E extends HandoverEvent> HandoverListener once(Class<E> type, Consumer<E> action) {
        AtomicBoolean done = new AtomicBoolean();
        return e -> {
            if (type.isInstance(e) && done.compareAndSet(false, true)) {
                action.accept(type.cast(e));
            }
        };
    }

    // ---- the cluster, seen through ordinary sessions

    private static void awaitAcks(AckedWriter writer, LoopbackCluster cluster, String id, int more) {
        int p = port(cluster, id);
        long before = writer.acksFrom(p);
        Await.until(more + " more writes acknowledged by " + id, SETTLE, () -> writer.acksFrom(p), n -> n >= before + more);
    }

    private static void assertWritesResume(AckedWriter writer, LoopbackCluster cluster, String id) {
        awaitAcks(writer, cluster, id, 20);
    }

    private static void assertHealthy(LoopbackCluster cluster, String primary) {
        ClusterCheck.Seen seen = ClusterCheck.awaitHealthy(cluster, primary, SETTLE);
        assertTrue(seen.healthy(), String.join("\n", seen.problems()));
    }

    /** Every acknowledged id on every node, once every standby has replayed the primary's WAL. */
    private static void assertEveryAckOnEveryNode(LoopbackCluster cluster, AckedWriter writer, String primary) throws SQLException {
        writer.close();
        List<Set<Long>> rows = ClusterCheck.rowsEverywhere(cluster, primary, SETTLE);
        List<Long> acked = writer.acks().stream().map(AckedWriter.Ack::id).toList();
        assertTrue(acked.size() >= 50, "the writer wrote throughout: " + acked.size());
        for (int n = 0; n < rows.size(); n++) {
            Set<Long> onNode = rows.get(n);
            assertEquals(List.of(), acked.stream().filter(id -> !onNode.contains(id)).toList(),
                    cluster.nodes().get(n).id() + " misses acknowledged rows");
        }
        printf("all %d acknowledged rows on every node (%d attempts refused or failed)", acked.size(), writer.failures());
    }

    /** Which of the given nodes (all, if none given) answer as a primary; a node that cannot be reached is not one. */
    private static Set<String> primaries(LoopbackCluster cluster, String... ids) {
        List<String> which = ids.length > 0 ? List.of(ids) : cluster.nodes().stream().map(LoopbackCluster.Node::id).toList();
        return which.stream().filter(id -> {
            try (Connection c = cluster.connect(id); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT NOT pg_is_in_recovery()")) {
                rs.next();
                return rs.getBoolean(1);
            } catch (SQLException e) {
                return false;
            }
        }).collect(Collectors.toSet());
    }

    private static long timeline(LoopbackCluster cluster, String id) throws SQLException {
        try (Connection c = cluster.connect(id); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The freeze as a new application session meets it. */
    private static boolean frozen(LoopbackCluster cluster, String id) throws SQLException {
        try (Connection c = cluster.connect(id); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW default_transaction_read_only")) {
            rs.next();
            return rs.getString(1).equals("on");
        }
    }

    /** Where timeline {@code tli} begins on a node, from its history file: the old timeline's WAL below it is kept. */
    private static long forkPoint(LoopbackCluster cluster, String id, long tli) throws SQLException {
        try (Connection c = cluster.connect(id); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT pg_read_file('pg_wal/" + TimelineHistory.fileName(tli) + "')")) {
            rs.next();
            return TimelineHistory.switchPoint(rs.getString(1), tli - 1).orElseThrow();
        }
    }

    private static int port(LoopbackCluster cluster, String id) {
        return cluster.node(id).port();
    }

    private static String kind(FailoverMode mode) {
        return mode.isForce() ? "force" : "coordinated";
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static void printf(String format, Object... args) {
        System.out.println("[fault] " + String.format(Locale.ROOT, format, args));
    }
}
