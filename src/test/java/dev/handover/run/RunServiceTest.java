package dev.handover.run;

import dev.handover.journal.Result;
import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.OpenOptions;
import dev.handover.cluster.TopologyCheck;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.ForceApproval;
import dev.handover.core.ForceDecision;
import dev.handover.core.HandoverEvent;
import dev.handover.core.HandoverListener;
import dev.handover.core.RunHooks;
import dev.handover.journal.Journal;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.OutcomeInfo;
import dev.handover.journal.RunReport;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimBackend;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one run service on the simulator, in virtual time: prepare, run, finish, and every way out of them. */
class RunServiceTest {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final FailoverMode COORDINATED = new FailoverMode.Coordinated(Duration.ofSeconds(5));

    @TempDir
    Path dir;

    @Test
    void aCoordinatedRunIsRecordedInTheJournalWithTheSimulationsOwnFigures() throws Exception {
        Journal journal = Journal.at(dir.resolve("journal"));
        try (ClusterConnection sim = sim("healthy")) {
            List<HandoverEvent> heard = new ArrayList<>();
            PreparedRun prepared = RunService.prepare(spec(sim, "n2", COORDINATED, Optional.of(journal)));
            CompletedRun ran = prepared.run(RunHooks.none().withListener(heard::add));

            assertInstanceOf(RunEnd.Handed.class, ran.end());
            assertFalse(ran.verifies(), "the simulator's state is the observation: nothing to read back");
            FinishedRun finished = ran.finish();
            assertEquals(heard, finished.events(), "the caller hears every event the record holds, in order");
            RunReport report = finished.report();
            assertEquals(Result.COMMITTED, report.outcome().result());
            assertEquals(8L, report.outcome().newTerm());
            assertEquals(1L, report.request().seed(), "the seed from the simulation capability");
            assertEquals(0, report.invariants().lostWrites());
            assertEquals(Set.of(7L, 8L), report.invariants().primariesPerTerm().keySet(),
                    "the term it started under and the one it minted");
            assertFalse(report.candidates().isEmpty(), "the ranking taken from the status the run was planned on");
            assertTrue(finished.afterRun().isEmpty());

            JournalEntry entry = finished.journal().orElseThrow();
            assertEquals(prepared.runId().orElseThrow(), entry.runId());
            assertEquals(journal.file(), entry.file());
            assertTrue(entry.trouble().isEmpty() && entry.endFailure().isEmpty(), entry.toString());
            List<JournaledRun> runs = journal.load().runs();
            assertEquals(1, runs.size());
            assertEquals(report.outcome(), runs.get(0).report().outcome(), "the journal holds the report given back");
        }
    }

    @Test
    void aSecondRunOnTheSameClusterRecordsOnlyItsOwnTerms() throws Exception {
        try (ClusterConnection sim = sim("healthy")) {
            RunService.prepare(spec(sim, "n2", COORDINATED, Optional.empty())).run(RunHooks.none()).finish();
            FinishedRun back = RunService.prepare(spec(sim, "n1", COORDINATED, Optional.empty())).run(RunHooks.none()).finish();

            assertEquals(Result.COMMITTED, back.report().outcome().result());
            assertEquals(Set.of(8L, 9L), back.report().invariants().primariesPerTerm().keySet(),
                    "from the term current at its start on, not term 7 of the run before");
        }
    }

    @Test
    void withoutAJournalTheRunIsRecordedInMemoryOnly() throws Exception {
        try (ClusterConnection sim = sim("healthy")) {
            PreparedRun prepared = RunService.prepare(spec(sim, "n2", COORDINATED, Optional.empty()));
            FinishedRun finished = prepared.run(RunHooks.none()).finish();

            assertTrue(prepared.runId().isEmpty());
            assertTrue(finished.journal().isEmpty());
            assertEquals(Result.COMMITTED, finished.report().outcome().result());
            assertFalse(finished.report().events().isEmpty(), "a debrief still has the run to read");
        }
    }

    @Test
    void aJournalThatCannotBeWrittenRefusesTheRunFreezesNothingAndClosesTheTransport() throws Exception {
        Path aFile = Files.writeString(dir.resolve("journal-is-a-file"), "x");
        try (ClusterConnection sim = sim("healthy")) {
            WatchedCluster cluster = new WatchedCluster(sim, Optional.empty());
            RunSpec spec = spec(cluster, "n2", COORDINATED, Optional.of(Journal.at(aFile)));

            RunRefused refused = assertThrows(RunRefused.class, () -> RunService.prepare(spec));

            assertEquals(RunRefused.Reason.JOURNAL, refused.reason());
            assertInstanceOf(IOException.class, refused.cause());
            assertEquals(List.of("transport", "close"), cluster.calls, "the lock the transport took is let go again");
            assertEquals(7, sim.status().primary().orElseThrow().role().term());
            assertEquals("n1", sim.status().primary().orElseThrow().id());
        }
    }

    @Test
    void aTransportTheClusterRefusesLeavesNoRecord() throws Exception {
        Journal journal = Journal.at(dir.resolve("journal"));
        try (ClusterConnection sim = sim("healthy")) {
            RunSpec planned = spec(sim, "n2", COORDINATED, Optional.of(journal));
            FailoverRequest stale = new FailoverRequest(planned.request().oldPrimary(), planned.request().target(), 6,
                    planned.request().targetFrontierHint(), COORDINATED);
            RunSpec onAnOldTerm = new RunSpec(sim, planned.before(), stale, POLL, Optional.empty(), Optional.of(journal));

            RunRefused refused = assertThrows(RunRefused.class, () -> RunService.prepare(onAnOldTerm));

            assertEquals(RunRefused.Reason.CLUSTER, refused.reason());
            assertInstanceOf(ClusterException.class, refused.cause());
            assertTrue(refused.getMessage().contains("term"), refused.getMessage());
            assertTrue(journal.load().runs().isEmpty(), "a run that never started is not in the journal");
        }
    }

    @Test
    void aForcedRunAsksTheCallersApprovalWithTheRateReadBeforeTheFreeze() throws Exception {
        try (ClusterConnection sim = sim("stalled-replica")) {
            WatchedCluster cluster = new WatchedCluster(sim, Optional.empty());
            List<String> atThePrompt = new ArrayList<>();
            PreparedRun prepared = RunService.prepare(spec(cluster, "n2", new FailoverMode.Force(Duration.ZERO),
                    Optional.empty()));
            ForceApproval approve = ForceApproval.always(ForceDecision.APPROVE, Duration.ofSeconds(30));
            ForceApproval watching = new ForceApproval() {
                @Override
                public Duration window() {
                    return approve.window();
                }

                @Override
                public ForceDecision decide(dev.handover.core.ForcePrompt prompt) {
                    atThePrompt.add("asked, rate " + prepared.writeRate().isPresent());
                    return approve.decide(prompt);
                }
            };

            FinishedRun finished = prepared.run(RunHooks.none().withApproval(watching)).finish();

            assertEquals(List.of("asked, rate true"), atThePrompt);
            assertEquals(List.of("rate", "transport", "close"), cluster.calls, "the rate is read before the transport");
            assertEquals(Result.FORCED, finished.report().outcome().result());
            assertTrue(finished.report().outcome().skippedLsn() > 0);
        }
    }

    @Test
    void afterACommitTheTopologyIsReadBackBeforeTheSessionsClose() throws Exception {
        AfterRun seen = new AfterRun(List.of(), List.of(), List.of(new TopologyCheck("n1 streams from n2", true, "streaming",
                TopologyCheck.Severity.DEGRADING)), List.of());
        try (ClusterConnection sim = sim("healthy")) {
            WatchedCluster cluster = new WatchedCluster(sim, Optional.of((tx, term) -> seen));
            CompletedRun ran = RunService.prepare(spec(cluster, "n2", COORDINATED, Optional.empty())).run(RunHooks.none());

            assertTrue(ran.verifies());
            FinishedRun finished = ran.finish();

            assertEquals(Optional.of(seen), finished.afterRun());
            assertEquals(List.of("transport", "verify", "close"), cluster.calls);
            assertEquals(OutcomeInfo.HEALTHY, finished.report().outcome().topology());
        }
    }

    @Test
    void aVerifierThatThrowsLeavesTheTopologyDegradedAndSaysHowToLook() throws Exception {
        try (ClusterConnection sim = sim("healthy")) {
            WatchedCluster cluster = new WatchedCluster(sim, Optional.of((tx, term) -> {
                throw new IllegalStateException("pg2 did not answer");
            }));
            FinishedRun finished = RunService.prepare(spec(cluster, "n2", COORDINATED, Optional.empty()))
                    .run(RunHooks.none()).finish();

            AfterRun a = finished.afterRun().orElseThrow();
            assertTrue(a.degraded());
            assertEquals("pg2 did not answer; check roles and timelines with: handover status --cluster sim:healthy",
                    a.failed().get(0).seen());
            assertTrue(finished.report().outcome().degraded(), "the outcome claims no healthy topology it did not see");
            assertEquals(List.of("transport", "verify", "close"), cluster.calls);
        }
    }

    @Test
    void anAbortedRunIsNotReadBackButItsSessionsStillClose() throws Exception {
        try (ClusterConnection sim = sim("stalled-replica")) {
            WatchedCluster cluster = new WatchedCluster(sim, Optional.of((tx, term) -> {
                throw new AssertionError("nothing was committed to read back");
            }));
            CompletedRun ran = RunService.prepare(spec(cluster, "n2", new FailoverMode.Coordinated(Duration.ofSeconds(1)),
                    Optional.empty())).run(RunHooks.none());

            assertInstanceOf(RunEnd.Ended.class, ran.end());
            assertFalse(ran.verifies());
            FinishedRun finished = ran.finish();
            assertEquals(Result.ABORTED, finished.report().outcome().result());
            assertEquals(List.of("transport", "close"), cluster.calls);
        }
    }

    @Test
    void aRunThatBreaksOutsideTheCoordinatorsContractIsRecordedAsUnknownWithWritesFrozen() throws Exception {
        Journal journal = Journal.at(dir.resolve("journal"));
        try (ClusterConnection sim = sim("healthy")) {
            WatchedCluster cluster = new WatchedCluster(sim, Optional.empty());
            cluster.clockBreaksWhenFrozen = true;
            CompletedRun ran = RunService.prepare(spec(cluster, "n2", COORDINATED, Optional.of(journal)))
                    .run(RunHooks.none());

            RunEnd.Broken broken = assertInstanceOf(RunEnd.Broken.class, ran.end());
            assertEquals("the run's clock broke", broken.failure().getMessage());
            assertFalse(ran.verifies(), "no commit was sent");
            RunReport report = ran.finish().report();
            assertEquals(Result.UNKNOWN, report.outcome().result(), "never more than was observed");
            assertEquals(List.of("transport", "close"), cluster.calls);
            assertEquals(Result.UNKNOWN, journal.load().runs().get(0).report().outcome().result(), "and so the journal says");
        }
    }

    @Test
    void aJournalThatFailsAtTheEndStillGivesTheReportAndSaysSo() throws Exception {
        Path journalDir = dir.resolve("journal");
        try (ClusterConnection sim = sim("healthy")) {
            CompletedRun ran = RunService.prepare(spec(sim, "n2", COORDINATED, Optional.of(Journal.at(journalDir))))
                    .run(RunHooks.none());
            deleteTree(journalDir);
            Files.writeString(journalDir, "the journal's directory is a file now");

            FinishedRun finished = ran.finish();

            assertEquals(Result.COMMITTED, finished.report().outcome().result());
            assertTrue(finished.journal().orElseThrow().endFailure().isPresent(), "the finished line was not written");
        }
    }

    @Test
    void onlyTheFaultsThatHitTheRunAreInItsRecord() throws Exception {
        VirtualClock clock = new VirtualClock();
        try (SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 1, clock)) {
            clock.advance(Duration.ofSeconds(2));
            sim.faults().slow("n3", 2);
            clock.advance(Duration.ofSeconds(1));
            HandoverListener injects = e -> {
                if (e instanceof HandoverEvent.Frozen) {
                    sim.faults().stall("n3"); // from the fault panel, while writes are frozen
                }
            };
            FinishedRun finished = RunService.prepare(spec(sim, "n2", COORDINATED, Optional.empty()))
                    .run(RunHooks.none().withListener(injects)).finish();

            List<RunReport.FaultInfo> faults = finished.report().faults();
            assertEquals(1, faults.size(), faults.toString());
            assertTrue(faults.get(0).what().contains("stall n3"), faults.toString());
            assertTrue(faults.get(0).atMs() >= 0, "timed from the run's start");
        }
    }

    @Test
    void aRunRunsOnceAndFinishesOnce() throws Exception {
        try (ClusterConnection sim = sim("healthy")) {
            PreparedRun prepared = RunService.prepare(spec(sim, "n2", COORDINATED, Optional.empty()));
            CompletedRun ran = prepared.run(RunHooks.none());
            ran.finish();

            assertThrows(IllegalStateException.class, () -> prepared.run(RunHooks.none()));
            assertThrows(IllegalStateException.class, ran::finish);
        }
    }

    private static ClusterConnection sim(String scenario) throws ClusterException {
        return new SimBackend().open(scenario, OpenOptions.virtualTime(1));
    }

    /** The run the CLI and the console would plan: from the primary seen now to {@code target}. */
    private static RunSpec spec(ClusterConnection cluster, String target, FailoverMode mode, Optional<Journal> journal)
            throws ClusterException {
        ClusterSnapshot before = cluster.status();
        NodeStatus primary = before.primary().orElseThrow();
        NodeStatus to = before.node(target).orElseThrow();
        FailoverRequest request = new FailoverRequest(primary.node(), to.node(), primary.role().term(), to.durableLsn(), mode);
        return new RunSpec(cluster, before, request, POLL, mode.isForce() ? Optional.of("approve") : Optional.empty(),
                journal);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
