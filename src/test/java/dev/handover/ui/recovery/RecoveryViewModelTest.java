package dev.handover.ui.recovery;

import dev.handover.app.Installed;
import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ObservedRole;
import dev.handover.cluster.StaleFreezeRelease;
import dev.handover.cluster.TopologyCheck;
import dev.handover.core.HandoverEvent;
import dev.handover.journal.Journal;
import dev.handover.journal.JournalRun;
import dev.handover.journal.RecoveryAction;
import dev.handover.journal.RunReport;
import dev.handover.journal.Who;
import dev.handover.ui.FakeCluster;
import dev.handover.ui.JournalFixtures;
import dev.handover.ui.cluster.RecordedClusters;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.concurrent.ManualExecutor;
import dev.handover.ui.history.JournalSetting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recovery prompt without a stage: advice from the journal, acknowledgement appended, and the
 * per-run release and repair asked of the run's own cluster (a fake backend offering the capabilities).
 */
class RecoveryViewModelTest {
    private static final String PG = "pg:/etc/handover/cluster.json";

    private final ManualExecutor executor = new ManualExecutor();
    private final List<String> opened = new ArrayList<>();

    /** Reopens every recorded cluster as {@code cluster}, noting the names asked for. */
    private RecordedClusters reopening(ClusterConnection cluster) {
        return name -> {
            opened.add(name);
            return cluster;
        };
    }

    private RecoveryViewModel loaded(Journal journal, RecordedClusters clusters) {
        RecoveryViewModel vm = new RecoveryViewModel(new JournalSetting(Optional.of(journal)), executor, FxRelay.direct(),
                clusters, Installed.backends());
        vm.load();
        executor.runPending();
        return vm;
    }

    private static String diedOnPostgres(Journal journal, boolean caughtUp) throws IOException {
        return JournalFixtures.diedOnPostgres(journal, PG, caughtUp);
    }

    /** What a repair might leave: two steps done, two left by hand, a failed check and an advisory one. */
    static AfterRun degraded() {
        return new AfterRun(List.of(new AfterRun.Step(Optional.empty(), "pg2 promoted already: kept as the primary"),
                new AfterRun.Step(Optional.empty(), "pg1 pointed at pg2")),
                List.of("start pg3: pg_ctl start -D /data/pg3", "check pg3 streams from pg2"),
                List.of(new TopologyCheck("pg2 is writable on timeline 4", true, "", TopologyCheck.Severity.DEGRADING),
                        new TopologyCheck("pg3 streams from pg2 on timeline 4", false, "cannot be reached",
                                TopologyCheck.Severity.DEGRADING),
                        new TopologyCheck("no slot left that Handover did not create", false, "slot keepme on pg2",
                                TopologyCheck.Severity.ADVISORY)),
                List.of(new ObservedRole("pg2", ObservedRole.Kind.PRIMARY, 4, Optional.empty(), "timeline 4")));
    }

    static AfterRun healthy() {
        return new AfterRun(List.of(new AfterRun.Step(Optional.empty(), "pg3 started as a standby of pg2")), List.of(),
                List.of(new TopologyCheck("pg2 is writable on timeline 4", true, "", TopologyCheck.Severity.DEGRADING),
                        new TopologyCheck("pg3 streams from pg2 on timeline 4", true, "", TopologyCheck.Severity.DEGRADING)),
                List.of(new ObservedRole("pg2", ObservedRole.Kind.PRIMARY, 4, Optional.empty(), "timeline 4")));
    }

    @Test
    void aRunThatDiedWhileFrozenAsksToResumeWritesUntilAcknowledged(@TempDir Path dir) throws Exception {
        Journal journal = Journal.at(dir);
        String id = JournalFixtures.crashedWhileFrozen(journal);
        RecoveryViewModel vm = new RecoveryViewModel(new JournalSetting(Optional.of(journal)), executor, FxRelay.direct(),
                reopening(new FakeCluster(0)), Installed.backends());

        vm.load();
        assertTrue(vm.pending().isEmpty(), "the journal is read on the executor");
        executor.runPending();

        assertEquals(1, vm.pending().size());
        RecoveryItem item = vm.pending().get(0);
        assertEquals(id, item.runId());
        assertEquals(RecoveryAction.RESUME_WRITES, item.action());
        assertTrue(item.headline().contains("RESUME WRITES on n1 (10.0.1.1:5432)"), item.headline());
        assertTrue(item.advice().contains("n1"), item.advice());

        vm.acknowledge(item);
        executor.runPending();

        assertTrue(vm.pending().isEmpty());
        assertEquals("Run " + id + " acknowledged in " + journal.file(), vm.messageProperty().get());
        assertFalse(vm.noteProperty().get().failed(), "the console logs it as information");
        assertTrue(journal.pendingRecoveries().isEmpty());
        assertTrue(journal.find(id).acknowledged().isPresent());
    }

    @Test
    void anAcknowledgementThatCannotBeWrittenIsSaidAsAFailure(@TempDir Path dir) throws Exception {
        Journal journal = Journal.at(dir);
        JournalFixtures.crashedWhileFrozen(journal);
        RecoveryViewModel vm = loaded(journal, reopening(new FakeCluster(0)));
        RecoveryItem item = vm.pending().get(0);
        // The journal's file turns into a directory: the acknowledgement's append fails.
        Path moved = dir.resolve("moved.jsonl");
        Files.move(journal.file(), moved);
        Files.createDirectory(journal.file());

        vm.acknowledge(item);
        executor.runPending();

        assertTrue(vm.noteProperty().get().failed(), "the console logs it as a failure: " + vm.noteProperty().get());
        assertEquals(vm.messageProperty().get(), vm.noteProperty().get().text());
        assertEquals(1, vm.pending().size(), "still there to deal with");
    }

    @Test
    void aSimulatedRunOffersNeitherReleaseNorRepair(@TempDir Path dir) throws Exception {
        Journal journal = Journal.at(dir);
        JournalFixtures.crashedWhileFrozen(journal);
        RecoveryViewModel vm = loaded(journal, reopening(new FakeCluster(0)));
        RecoveryItem item = vm.pending().get(0);
        assertFalse(item.offersRelease());
        assertFalse(item.offersRepair());

        vm.releaseFreeze(item);
        vm.repairTopology(item);
        assertEquals(0, executor.pendingCount());
        assertEquals(List.of(), opened, "nothing reopened for a simulation");
    }

    @Test
    void releaseAsksTheRunsClusterToLiftThatRunsFreezeAndAcknowledgesIt(@TempDir Path dir) throws Exception {
        Journal journal = Journal.at(dir);
        String id = diedOnPostgres(journal, false);
        List<StaleFreezeRelease.StaleRun> asked = new ArrayList<>();
        FakeCluster cluster = new FakeCluster(0).withStaleFreezeRelease(run -> {
            asked.add(run);
            return new StaleFreezeRelease.Result.Released("pg1", "writes resumed on pg1; pg2 was still a standby");
        });
        RecoveryViewModel vm = loaded(journal, reopening(cluster));
        RecoveryItem item = vm.pending().get(0);
        assertEquals(RecoveryAction.RESUME_WRITES, item.action());
        assertTrue(item.offersRelease());
        assertFalse(item.offersRepair(), "nothing was committed: there is no topology to repair");

        vm.releaseFreeze(item);
        assertEquals(RecoveryViewModel.Release.State.RELEASING, vm.releases().get(id).state());
        assertEquals(List.of(), opened, "the cluster is reopened on the executor, not the caller's thread");
        executor.runPending();

        assertEquals(List.of(PG), opened);
        assertEquals(List.of(new StaleFreezeRelease.StaleRun("pg1", 3, "pg2")), asked, "the run's own primary, term, target");
        assertTrue(cluster.closed(), "the reopened cluster is closed again");
        assertEquals(new RecoveryViewModel.Release(RecoveryViewModel.Release.State.RELEASED,
                "writes resumed on pg1; pg2 was still a standby"), vm.releases().get(id));
        assertTrue(vm.pending().isEmpty());
        assertEquals(dev.handover.run.FreezeLift.note(RecoveryViewModel.WHERE, true, "writes resumed on pg1; pg2 was still a standby"),
                journal.find(id).acknowledged().orElseThrow().note());
        assertTrue(vm.messageProperty().get().startsWith("Run " + id + ": writes resumed on pg1"), vm.messageProperty().get());
    }

    @Test
    void aRefusedReleaseLeavesTheRunListedWithTheReasons(@TempDir Path dir) throws Exception {
        Journal journal = Journal.at(dir);
        String id = diedOnPostgres(journal, false);
        FakeCluster cluster = new FakeCluster(0).withStaleFreezeRelease(run -> new StaleFreezeRelease.Result.Refused(
                List.of("another run holds the cluster (console on host b, since 06:01); Nothing was released")));
        RecoveryViewModel vm = loaded(journal, reopening(cluster));

        vm.releaseFreeze(vm.pending().get(0));
        executor.runPending();

        RecoveryViewModel.Release r = vm.releases().get(id);
        assertEquals(RecoveryViewModel.Release.State.LEFT, r.state());
        assertTrue(r.text().startsWith("NOT RELEASED: "), r.text());
        assertTrue(r.text().contains("another run holds the cluster (console on host b"), r.text());
        assertEquals(1, vm.pending().size());
        assertFalse(journal.find(id).acknowledged().isPresent());
    }

    @Test
    void aClusterThatCannotBeReopenedOrCannotReleaseSaysSoAndKeepsTheRun(@TempDir Path dir) throws Exception {
        Journal journal = Journal.at(dir);
        String id = diedOnPostgres(journal, false);
        RecoveryViewModel vm = loaded(journal, name -> {
            throw new ClusterException(name + ": no such file");
        });
        vm.releaseFreeze(vm.pending().get(0));
        executor.runPending();
        assertEquals(RecoveryViewModel.Release.State.FAILED, vm.releases().get(id).state());
        assertTrue(vm.releases().get(id).text().contains(PG + ": no such file"), vm.releases().get(id).text());

        RecoveryViewModel without = loaded(journal, reopening(new FakeCluster(0)));
        without.releaseFreeze(without.pending().get(0));
        executor.runPending();
        assertEquals(RecoveryViewModel.Release.State.LEFT, without.releases().get(id).state());
        assertTrue(without.releases().get(id).text().contains("resume writes on pg1 by hand"), without.releases().get(id).text());
        assertFalse(journal.find(id).acknowledged().isPresent());
    }

    @Test
    void repairShowsWhatWasDoneWhatIsLeftAndTheFailedChecksAndAcknowledgesOnlyWhenHealthy(@TempDir Path dir)
            throws Exception {
        Journal journal = Journal.at(dir);
        String id = diedOnPostgres(journal, true);
        List<AfterRun> results = new ArrayList<>(List.of(degraded(), healthy()));
        FakeCluster cluster = new FakeCluster(0).withTopologyRepair(() -> results.remove(0));
        RecoveryViewModel vm = loaded(journal, reopening(cluster));
        RecoveryItem item = vm.pending().get(0);
        assertEquals(RecoveryAction.VERIFY_ROLES, item.action());
        assertTrue(item.offersRepair());
        assertTrue(item.offersRelease(), "the backend decides whether the commit happened");

        vm.repairTopology(item);
        assertEquals(RecoveryViewModel.Repair.State.PLANNING, vm.repairs().get(id).state());
        executor.runPending();
        assertEquals(RecoveryViewModel.Repair.State.PLANNED, vm.repairs().get(id).state(), "nothing is done before the plan is confirmed");
        vm.confirmRepair(item, "");
        assertEquals(RecoveryViewModel.Repair.State.REPAIRING, vm.repairs().get(id).state());
        executor.runPending();

        RecoveryViewModel.Repair first = vm.repairs().get(id);
        assertEquals(RecoveryViewModel.Repair.State.DEGRADED, first.state());
        assertTrue(first.summary().startsWith("NOT REPAIRED: the topology is still degraded"), first.summary());
        AfterRun shown = first.afterRun().orElseThrow();
        assertEquals(List.of("pg2 promoted already: kept as the primary", "pg1 pointed at pg2"),
                shown.done().stream().map(AfterRun.Step::text).toList());
        assertEquals(List.of("start pg3: pg_ctl start -D /data/pg3", "check pg3 streams from pg2"), shown.remaining());
        assertEquals(List.of("pg3 streams from pg2 on timeline 4", "no slot left that Handover did not create"),
                shown.failed().stream().map(TopologyCheck::what).toList());
        assertEquals(1, vm.pending().size(), "steps remain: the run stays listed");
        assertFalse(journal.find(id).acknowledged().isPresent());

        vm.repairTopology(vm.pending().get(0));
        executor.runPending();
        vm.confirmRepair(vm.pending().get(0), "");
        executor.runPending();

        RecoveryViewModel.Repair second = vm.repairs().get(id);
        assertEquals(RecoveryViewModel.Repair.State.REPAIRED, second.state());
        assertEquals(healthy(), second.afterRun().orElseThrow());
        assertTrue(vm.pending().isEmpty());
        assertEquals("repaired by the console's recovery prompt: every check holds", journal.find(id).acknowledged().orElseThrow().note());
        assertTrue(vm.messageProperty().get().startsWith("Run " + id + ": Repaired: every check holds"),
                vm.messageProperty().get());
        assertEquals(List.of(PG, PG, PG, PG), opened, "each repair reopens the cluster to plan, then to act");
        assertTrue(cluster.closed());
    }

    /** Issue 20: the console shows the repair's plan and carries out a loss only when the exact discard is typed. */
    @Test
    void aPlanThatDiscardsIsCarriedOutOnlyWhenTheDiscardIsTypedExactly(@TempDir Path dir) throws Exception {
        Journal journal = Journal.at(dir);
        String id = diedOnPostgres(journal, true);
        dev.handover.cluster.RepairPlan plan = new dev.handover.cluster.RepairPlan(Optional.of("pg1"), "it holds the most WAL",
                List.of(new dev.handover.cluster.RepairPlan.NodeFate("pg2", "pg2 primary on timeline 2, takes writes",
                        "rewound, then a standby of pg1")), List.of("rewind pg2"),
                List.of(new dev.handover.cluster.RepairPlan.Discard("pg2", 8192, 272, true, "pg_walinspect", "0/5000000..0/5002000")),
                List.of("TWO WRITABLE PRIMARIES: pg1, pg2"), List.of(), List.of());
        List<dev.handover.cluster.RepairApproval> approvals = new ArrayList<>();
        FakeCluster cluster = new FakeCluster(0).withTopologyRepair(new dev.handover.cluster.TopologyRepair() {
            @Override
            public dev.handover.cluster.RepairPlan plan(Optional<String> primary) {
                return plan;
            }

            @Override
            public AfterRun repair(dev.handover.cluster.RepairApproval approval, dev.handover.cluster.StepJournal steps) {
                approvals.add(approval);
                return healthy();
            }
        });
        RecoveryViewModel vm = loaded(journal, reopening(cluster));
        RecoveryItem item = vm.pending().get(0);
        vm.repairTopology(item);
        executor.runPending();
        RecoveryViewModel.Repair planned = vm.repairs().get(id);
        assertEquals(RecoveryViewModel.Repair.State.PLANNED, planned.state());
        assertEquals(Optional.of("discard pg2:272"), planned.confirmationWord());

        vm.confirmRepair(item, "pg1");
        executor.runPending();
        assertEquals(RecoveryViewModel.Repair.State.PLANNED, vm.repairs().get(id).state());
        assertTrue(vm.repairs().get(id).summary().startsWith("Not confirmed"), vm.repairs().get(id).summary());
        assertEquals(List.of(), approvals, "nothing carried out");

        vm.confirmRepair(item, "discard pg2:272");
        executor.runPending();
        assertEquals(RecoveryViewModel.Repair.State.REPAIRED, vm.repairs().get(id).state());
        assertEquals(java.util.Map.of("pg2", 272L), approvals.get(0).discards());
        assertTrue(approvals.get(0).gap(plan).isEmpty(), "the approval covers exactly the plan shown");
    }

    @Test
    void aRepairThatCheckedNothingProvesNothing(@TempDir Path dir) throws Exception {
        Journal journal = Journal.at(dir);
        String id = diedOnPostgres(journal, true);
        AfterRun nothing = new AfterRun(List.of(), List.of("no node answers as a primary: pick one and promote it"),
                List.of(), List.of());
        RecoveryViewModel vm = loaded(journal, reopening(new FakeCluster(0).withTopologyRepair(() -> nothing)));

        vm.repairTopology(vm.pending().get(0));
        executor.runPending();
        vm.confirmRepair(vm.pending().get(0), "");
        executor.runPending();

        RecoveryViewModel.Repair r = vm.repairs().get(id);
        assertEquals(RecoveryViewModel.Repair.State.DEGRADED, r.state());
        assertTrue(r.summary().startsWith("NOT REPAIRED: no primary could be settled on"), r.summary());
        assertEquals(1, vm.pending().size());

        AfterRun noChecksNoSteps = new AfterRun(List.of(), List.of(), List.of(), List.of());
        RecoveryViewModel again = loaded(journal, reopening(new FakeCluster(0).withTopologyRepair(() -> noChecksNoSteps)));
        again.repairTopology(again.pending().get(0));
        executor.runPending();
        again.confirmRepair(again.pending().get(0), "");
        executor.runPending();
        assertEquals(RecoveryViewModel.Repair.State.DEGRADED, again.repairs().get(id).state(),
                "no checks is no evidence of a healthy topology");
        assertFalse(journal.find(id).acknowledged().isPresent());
    }

    @Test
    void aRepairThatFailsKeepsTheRunListed(@TempDir Path dir) throws Exception {
        Journal journal = Journal.at(dir);
        String id = diedOnPostgres(journal, true);
        RecoveryViewModel vm = loaded(journal, reopening(new FakeCluster(0).withTopologyRepair(() -> {
            throw new IllegalStateException("pg2: connection refused");
        })));

        vm.repairTopology(vm.pending().get(0));
        executor.runPending();
        vm.confirmRepair(vm.pending().get(0), "");
        executor.runPending();

        RecoveryViewModel.Repair r = vm.repairs().get(id);
        assertEquals(RecoveryViewModel.Repair.State.FAILED, r.state());
        assertTrue(r.summary().contains("pg2: connection refused"), r.summary());
        assertEquals(Optional.empty(), r.afterRun());
        assertEquals(1, vm.pending().size());

        RecoveryViewModel without = loaded(journal, reopening(new FakeCluster(0)));
        without.repairTopology(without.pending().get(0));
        executor.runPending();
        assertEquals(RecoveryViewModel.Repair.State.FAILED, without.repairs().get(id).state());
        assertTrue(without.repairs().get(id).summary().contains("cannot be repaired from the console"),
                without.repairs().get(id).summary());
        assertFalse(journal.find(id).acknowledged().isPresent());
    }

    @Test
    void aPostgresRunWhoseNodesCannotBeReachedIsLeftAloneUntilAcknowledgedByHand(@TempDir Path dir) throws Exception {
        int port1;
        int port2;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            port1 = a.getLocalPort();
            port2 = b.getLocalPort();
        }
        Path definition = dir.resolve("cluster.json");
        Files.writeString(definition, "{\"nodes\": [{\"id\": \"pg1\", \"region\": \"a\", \"jdbcUrl\": "
                + "\"jdbc:postgresql://127.0.0.1:" + port1 + "/postgres\", \"user\": \"postgres\"}, {\"id\": \"pg2\","
                + " \"region\": \"a\", \"jdbcUrl\": \"jdbc:postgresql://127.0.0.1:" + port2 + "/postgres\", \"user\": \"postgres\"}]}");
        Journal journal = Journal.at(dir.resolve("journal"));
        RunReport.RequestInfo request = new RunReport.RequestInfo("pg1", "127.0.0.1:" + port1, "a", "pg2",
                "127.0.0.1:" + port2, "a", 1, 2, "coordinated", 30_000, 10, 0, "prompt", null);
        JournalRun run = journal.start(Who.now("pg:" + definition, Instant.now()), request, List.of());
        run.on(new HandoverEvent.Frozen(Duration.ofMillis(5), 1_000));
        // The console's own way of reopening a pg: cluster, on nodes that do not answer.
        RecoveryViewModel vm = loaded(journal, Installed.backends()::reopen);
        RecoveryItem item = vm.pending().get(0);
        assertTrue(item.offersRelease());

        vm.releaseFreeze(item);
        assertEquals(RecoveryViewModel.Release.State.RELEASING, vm.releases().get(run.id()).state());
        executor.runPending();

        RecoveryViewModel.Release r = vm.releases().get(run.id());
        assertEquals(RecoveryViewModel.Release.State.LEFT, r.state());
        assertTrue(r.text().startsWith("NOT RELEASED: "), r.text());
        assertTrue(r.text().contains("pg1 cannot be reached ("), r.text());
        assertTrue(r.text().contains("pg2 cannot be reached ("), r.text());
        assertEquals(1, vm.pending().size(), "a freeze not released is not acknowledged by itself");
        assertFalse(journal.find(run.id()).acknowledged().isPresent());

        vm.acknowledge(item);
        executor.runPending();
        assertTrue(vm.pending().isEmpty());
        assertTrue(journal.find(run.id()).acknowledged().isPresent());
    }
}
