package dev.handover.ui;

import dev.handover.journal.Result;
import dev.handover.app.Installed;
import dev.handover.cluster.Positions;
import dev.handover.cluster.Preflight;
import dev.handover.core.ForceDecision;
import dev.handover.core.ForcePrompt;
import dev.handover.core.HandoverListener;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.concurrent.ManualExecutor;
import dev.handover.ui.force.ForcePromptPresenter;
import dev.handover.ui.outcome.OutcomeKind;
import dev.handover.ui.switchover.ModeKind;
import dev.handover.ui.switchover.StartConfirmation;
import org.junit.jupiter.api.Test;

import dev.handover.journal.Journal;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.RunReport;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole console without a stage: synchronous executor, direct relay, fake cluster. */
class ConsoleViewModelTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final List<ForcePrompt> prompts = new ArrayList<>();
    /** What the start confirmations showed; the next answer comes from {@link #confirmAnswer}. */
    private final List<StartConfirmation> confirmations = new ArrayList<>();
    private Optional<StartConfirmation.Answer> confirmAnswer = Optional.of(new StartConfirmation.Answer(Optional.empty()));

    private ConsoleViewModel console(FakeCluster cluster, ForceDecision answer) {
        return console(cluster, answer, Optional.empty());
    }

    private ConsoleViewModel console(FakeCluster cluster, ForceDecision answer, Optional<Journal> journal) {
        ForcePromptPresenter presenter = new ForcePromptPresenter() {
            @Override
            public void show(dev.handover.cluster.ForceLoss loss, Supplier<Duration> remaining, Consumer<ForceDecision> decide) {
                prompts.add(loss.prompt());
                decide.accept(answer);
            }

            @Override
            public void dismiss() {
            }
        };
        ConsoleContext context = new ConsoleContext(cluster, executor, FxRelay.direct(), new Preflight(),
                Duration.ofSeconds(30), Duration.ofMillis(250), HandoverListener.NONE, journal, Installed.backends());
        ConsoleViewModel vm = new ConsoleViewModel(context, presenter, (asked, reply) -> {
            confirmations.add(asked);
            reply.accept(confirmAnswer);
        });
        vm.start();
        executor.tick();
        return vm;
    }

    @Test
    void aCoordinatedRunHandsOverAndTheTableFollows() {
        FakeCluster cluster = new FakeCluster(10_000).primary("n1", "eu").replica("n2", "eu", 300, 100);
        ConsoleViewModel vm = console(cluster, ForceDecision.DECLINE);

        vm.switchover().targetIdProperty().set("n2");
        vm.startSwitchover();
        assertTrue(vm.switchover().busyProperty().get());
        assertFalse(vm.switchover().canStartProperty().get());
        executor.runPending();

        assertEquals(OutcomeKind.ZERO_RPO, vm.outcome().kindProperty().get());
        assertEquals("Term 1 → 2", vm.outcome().termProperty().get());
        assertEquals(1.0, vm.run().progressProperty().get(), 1e-9);
        assertFalse(vm.run().runningProperty().get());
        assertFalse(vm.switchover().busyProperty().get());
        assertEquals("n2", vm.cluster().rows().stream().filter(r -> r.primary()).findFirst().orElseThrow().id());
        assertEquals(2, vm.cluster().rows().get(0).term());
    }

    @Test
    void forceOnAStalledTargetAsksWithTheSkippedCountAndDeclineResumes() {
        FakeCluster cluster = new FakeCluster(10_000).primary("n1", "eu").replica("n2", "eu", 800, 0);
        ConsoleViewModel vm = console(cluster, ForceDecision.DECLINE);
        vm.switchover().targetIdProperty().set("n2");
        vm.switchover().modeProperty().set(ModeKind.FORCE);
        vm.switchover().deadlineTextProperty().set("1s");

        vm.startSwitchover();
        executor.runPending();

        assertEquals(1, prompts.size());
        assertEquals(800, prompts.get(0).skippedLsn());
        assertEquals(OutcomeKind.ABORTED, vm.outcome().kindProperty().get());
        assertFalse(cluster.frozen(), "writes resumed on the old primary");
        assertEquals(1, cluster.term());
        assertEquals("n1", cluster.primaryId());
    }

    @Test
    void forceApprovedCommitsAndReportsTheSkipped() {
        FakeCluster cluster = new FakeCluster(10_000).primary("n1", "eu").replica("n2", "eu", 800, 0);
        ConsoleViewModel vm = console(cluster, ForceDecision.APPROVE);
        vm.switchover().targetIdProperty().set("n2");
        vm.switchover().modeProperty().set(ModeKind.FORCE);
        vm.switchover().deadlineTextProperty().set("1s");

        vm.startSwitchover();
        executor.runPending();

        assertEquals(OutcomeKind.FORCED, vm.outcome().kindProperty().get());
        assertEquals("Forced handover, data lost: 800 LSN skipped", vm.outcome().headlineProperty().get());
        assertEquals(2, cluster.term());
    }

    @Test
    void startWithAnInvalidFormOnlySaysWhy() {
        FakeCluster cluster = new FakeCluster(10_000).primary("n1", "eu").replica("n2", "eu", 300, 100);
        ConsoleViewModel vm = console(cluster, ForceDecision.DECLINE);

        vm.startSwitchover();

        assertEquals("Pick a target replica", vm.noticeProperty().get());
        assertEquals(0, executor.pendingCount());
    }

    @Test
    void aStatusErrorBecomesANoticeNotAnException() {
        FakeCluster cluster = new FakeCluster(10_000).primary("n1", "eu");
        ConsoleViewModel vm = console(cluster, ForceDecision.DECLINE);
        cluster.failStatus(true);
        executor.tick();
        assertEquals("cluster status failed: fake: status refused", vm.noticeProperty().get());
    }

    @Test
    void anUnexpectedErrorBecomesANotice() {
        FakeCluster cluster = new FakeCluster(10_000).primary("n1", "eu");
        ConsoleViewModel vm = console(cluster, ForceDecision.DECLINE);
        vm.reportUnexpected(new IllegalStateException("chart exploded"));
        assertTrue(vm.noticeProperty().get().startsWith("Unexpected error: chart exploded. The console keeps running"),
                vm.noticeProperty().get());
    }

    @Test
    void everyRunIsRecordedInTheJournal(@TempDir Path dir) throws Exception {
        FakeCluster cluster = new FakeCluster(10_000).primary("n1", "eu").replica("n2", "eu", 800, 0);
        Journal journal = Journal.at(dir);
        ConsoleViewModel vm = console(cluster, ForceDecision.APPROVE, Optional.of(journal));
        vm.switchover().targetIdProperty().set("n2");
        vm.switchover().modeProperty().set(ModeKind.FORCE);
        vm.switchover().deadlineTextProperty().set("1s");

        vm.startSwitchover();
        executor.runPending();

        List<JournaledRun> runs = journal.load().runs();
        assertEquals(1, runs.size());
        RunReport report = runs.get(0).report();
        assertEquals(Result.FORCED, report.outcome().result());
        assertEquals("n2", report.request().target());
        assertEquals("prompt", report.request().forceApproval());
        assertEquals("n2", report.candidates().get(0).node());
        assertTrue(vm.run().log().stream().anyMatch(l -> l.text().startsWith("Recorded as run " + runs.get(0).id())),
                vm.run().log().toString());
        // The same record is debriefed and listed in the history.
        assertTrue(vm.debrief().presentProperty().get());
        assertEquals("forced", vm.debrief().headlineProperty().get().split(" · ")[1]);
        assertEquals(1, vm.history().runs().size());
        assertEquals(runs.get(0).id(), vm.history().runs().get(0).id());
    }

    @Test
    void aRealClusterIsSaidSoInTheBandAndTitleAndItsRunIsRecordedNotScored(@TempDir Path dir) throws Exception {
        FakeCluster cluster = new FakeCluster(10_000).primary("n1", "eu").replica("n2", "eu", 300, 100)
                .world(new dev.handover.cluster.ClusterWorld.Real("PostgreSQL", "prod-eu.json"));
        ConsoleViewModel vm = console(cluster, ForceDecision.DECLINE, Optional.of(Journal.at(dir)));

        assertFalse(vm.band().simulationProperty().get());
        assertEquals("REAL CLUSTER", vm.band().worldKindProperty().get());
        assertEquals("prod-eu.json · PostgreSQL · primary n1 at n1:5432", vm.band().worldDetailProperty().get());
        assertEquals("Handover — REAL CLUSTER · prod-eu.json (PostgreSQL)", vm.band().titleProperty().get());

        vm.switchover().targetIdProperty().set("n2");
        vm.startSwitchover();
        executor.runPending();

        assertEquals(OutcomeKind.ZERO_RPO, vm.outcome().kindProperty().get());
        assertEquals("prod-eu.json · PostgreSQL · primary n2 at n2:5432", vm.band().worldDetailProperty().get(),
                "the band follows the primary");
        assertFalse(vm.debrief().presentProperty().get(), "no score for a production switchover");
        assertTrue(vm.run().log().stream().noneMatch(l -> l.text().startsWith("Debrief")), vm.run().log().toString());
        assertEquals(1, vm.history().runs().size(), "recorded all the same");
    }

    @Test
    void aRealClusterStartsOnlyOnceConfirmedWithWhatIsAboutToHappen(@TempDir Path dir) throws Exception {
        FakeCluster cluster = new FakeCluster(10_000).primary("n1", "eu").replica("n2", "eu", 300, 100)
                .world(new dev.handover.cluster.ClusterWorld.Real("PostgreSQL", "prod-eu.json"));
        confirmAnswer = Optional.empty(); // the operator cancels
        ConsoleViewModel vm = console(cluster, ForceDecision.DECLINE, Optional.of(Journal.at(dir)));

        vm.switchover().targetIdProperty().set("n2");
        vm.startSwitchover();
        executor.runPending();

        assertEquals(1, confirmations.size(), "a real cluster's Start asks first");
        StartConfirmation asked = confirmations.get(0);
        assertTrue(asked.realCluster());
        assertEquals("n1", asked.primary());
        assertEquals("n2", asked.target());
        assertEquals("deadline 30s", asked.deadline());
        assertTrue(asked.mode().startsWith("Coordinated (zero RPO)"), asked.mode());
        assertTrue(asked.freeze().contains("freeze budget of 5s"), asked.freeze());
        assertTrue(asked.verdict().startsWith("passes"), asked.verdict());
        assertFalse(asked.needsReason());
        assertFalse(cluster.frozen(), "cancelled: nothing frozen");
        assertEquals("n1", cluster.primaryId());
        assertFalse(Files.exists(Journal.at(dir).file()), "cancelled: no run recorded");
        assertFalse(vm.run().runningProperty().get());

        confirmAnswer = Optional.of(new StartConfirmation.Answer(Optional.empty())); // typed n2, Proceed
        vm.switchover().targetIdProperty().set("n2");
        vm.startSwitchover();
        executor.runPending();
        assertEquals(2, confirmations.size());
        assertEquals(OutcomeKind.ZERO_RPO, vm.outcome().kindProperty().get());
        assertEquals("n2", cluster.primaryId());
    }

    @Test
    void aSimulationStartsWithOneClick() {
        FakeCluster cluster = new FakeCluster(10_000).primary("n1", "eu").replica("n2", "eu", 300, 100);
        ConsoleViewModel vm = console(cluster, ForceDecision.DECLINE);
        vm.switchover().targetIdProperty().set("n2");
        vm.startSwitchover();
        executor.runPending();
        assertEquals(List.of(), confirmations, "no confirmation on a simulation whose preflight passes");
        assertEquals(OutcomeKind.ZERO_RPO, vm.outcome().kindProperty().get());
    }

    @Test
    void aFailingPreflightRunsOnlyWithATypedReasonThatTheRecordKeeps(@TempDir Path dir) throws Exception {
        // 15,000 behind: n2 catches up in 15 polls, but not within a freeze budget of 100 ms, so the preflight fails.
        FakeCluster cluster = new FakeCluster(100_000).primary("n1", "eu").replica("n2", "eu", 15_000, 1_000);
        ConsoleViewModel vm = console(cluster, ForceDecision.DECLINE, Optional.of(Journal.at(dir)));
        vm.switchover().targetIdProperty().set("n2");
        vm.switchover().freezeBudgetTextProperty().set("100ms");

        assertFalse(vm.switchover().canStartProperty().get(), "Start is blocked by the failing preflight: "
                + vm.switchover().checks());
        assertTrue(vm.switchover().overridableProperty().get(), "Run anyway… is offered");
        vm.startSwitchover();
        assertEquals(List.of(), confirmations, "Start itself stays blocked");

        confirmAnswer = Optional.empty();
        vm.startAnyway();
        executor.runPending();
        assertEquals(1, confirmations.size());
        assertTrue(confirmations.get(0).needsReason());
        assertTrue(confirmations.get(0).verdict().startsWith("FAILS"), confirmations.get(0).verdict());
        assertTrue(confirmations.get(0).failing().stream().anyMatch(l -> l.startsWith(Preflight.FREEZE + ":")),
                confirmations.get(0).failing().toString());
        assertFalse(cluster.frozen());
        assertFalse(Files.exists(Journal.at(dir).file()), "cancelled: nothing recorded, nothing run");

        confirmAnswer = Optional.of(new StartConfirmation.Answer(Optional.of("change window ends at 02:30; lag is falling")));
        vm.startAnyway();
        executor.runPending();
        assertTrue(vm.outcome().headlineProperty().get().startsWith("Committed") || vm.outcome().kindProperty().get()
                == OutcomeKind.ZERO_RPO, vm.outcome().headlineProperty().get());
        assertEquals("n2", cluster.primaryId());
        List<JournaledRun> runs = Journal.at(dir).load().runs();
        assertEquals(1, runs.size());
        assertEquals("change window ends at 02:30; lag is falling", runs.get(0).report().run().preflightOverride());
        assertTrue(vm.run().log().stream().anyMatch(l -> l.text().contains("change window ends at 02:30")),
                vm.run().log().toString());
    }

    @Test
    void modeReturnsToCoordinatedAfterARun() {
        FakeCluster cluster = new FakeCluster(10_000).primary("n1", "eu").replica("n2", "eu", 300, 100);
        ConsoleViewModel vm = console(cluster, ForceDecision.DECLINE);
        vm.switchover().targetIdProperty().set("n2");
        vm.switchover().modeProperty().set(ModeKind.FORCE);
        vm.startSwitchover();
        executor.runPending();
        assertEquals(ModeKind.COORDINATED, vm.switchover().modeProperty().get(), "Force is never left armed");
    }

    @Test
    void aSimulationIsSaidSoAndItsRunIsScored() {
        FakeCluster cluster = new FakeCluster(10_000).primary("n1", "eu").replica("n2", "eu", 300, 100);
        ConsoleViewModel vm = console(cluster, ForceDecision.DECLINE);

        assertTrue(vm.band().simulationProperty().get());
        assertEquals("SIMULATION", vm.band().worldKindProperty().get());
        assertEquals("fake · a scripted cluster for tests · no real database is touched", vm.band().worldDetailProperty().get());
        assertEquals("Handover — SIMULATION · fake", vm.band().titleProperty().get());
        vm.switchover().targetIdProperty().set("n2");
        vm.startSwitchover();
        executor.runPending();
        assertTrue(vm.debrief().presentProperty().get());
    }

    @Test
    void aJournalThatCannotBeWrittenStopsTheRunBeforeAnythingIsFrozen(@TempDir Path dir) throws Exception {
        FakeCluster cluster = new FakeCluster(10_000).primary("n1", "eu").replica("n2", "eu", 300, 100);
        Path notADirectory = Files.writeString(dir.resolve("journal-is-a-file"), "x");
        ConsoleViewModel vm = console(cluster, ForceDecision.DECLINE, Optional.of(Journal.at(notADirectory)));
        vm.switchover().targetIdProperty().set("n2");

        vm.startSwitchover();
        executor.runPending();

        assertEquals(OutcomeKind.NOT_STARTED, vm.outcome().kindProperty().get());
        assertTrue(vm.outcome().detailProperty().get().startsWith("cannot write the journal"),
                vm.outcome().detailProperty().get());
        assertFalse(cluster.frozen());
        assertEquals(1, cluster.term());
    }
}
