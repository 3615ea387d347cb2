package dev.handover.ui.training;

import dev.handover.journal.Result;
import dev.handover.app.Installed;
import dev.handover.cluster.Positions;
import dev.handover.cluster.Preflight;
import dev.handover.core.ForceDecision;
import dev.handover.core.ForcePrompt;
import dev.handover.core.HandoverListener;
import dev.handover.journal.Journal;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.RunReport;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.training.Debrief;
import dev.handover.training.DebriefText;
import dev.handover.ui.ConsoleContext;
import dev.handover.ui.ConsoleViewModel;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.concurrent.ManualExecutor;
import dev.handover.ui.force.ForcePromptPresenter;
import dev.handover.ui.switchover.ModeKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11, point 1: on {@code stalled-replica}, after one forced handover, every later run on the same
 * cluster was charged the same loss ("Writes lost 11055" on a clean coordinated run, and on an aborted
 * one). The console keeps one simulated cluster across runs; each run's record — the Debrief tab, the
 * journal's {@code invariants}, an export, {@code history --show} — must hold that run's own figures.
 */
class RunRecordsPerRunTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final VirtualClock clock = new VirtualClock();
    private ForceDecision answer = ForceDecision.APPROVE;

    @Test
    void aRunAfterAForcedHandoverIsChargedOnlyItsOwnLoss(@TempDir Path dir) throws Exception {
        SimCluster sim = SimCluster.start(Scenarios.builtIn("stalled-replica"), 1, clock);
        clock.advance(Duration.ofSeconds(2));
        Journal journal = Journal.at(dir);
        ConsoleViewModel vm = console(sim, journal);

        // 1. Force onto the stalled replica, approved: this run loses acknowledged writes.
        run(vm, "n2", ModeKind.FORCE, "1s");
        RunReport forced = last(journal);
        assertEquals(Result.FORCED, forced.outcome().result());
        long lost = forced.invariants().lostWrites();
        assertTrue(lost > 0, "the forced run lost writes");

        // 2. A clean coordinated run to the best target on the same cluster loses none, and says so everywhere.
        String best = vm.switchover().candidates().get(0).id();
        run(vm, best, ModeKind.COORDINATED, "5s");
        RunReport clean = last(journal);
        assertEquals(Result.COMMITTED, clean.outcome().result(), clean.outcome().message());
        assertEquals(0, clean.invariants().lostWrites(), "journal invariants.lostWrites of the clean run");
        assertEquals("0 acknowledged writes", vm.debrief().lostProperty().get());
        assertEquals(100, vm.debrief().scoreProperty().get(), vm.debrief().reasons().toString());
        assertTrue(DebriefText.lines(Debrief.of(clean)).contains("  Acknowledged writes lost: 0"),
                "history --show prints this debrief: " + DebriefText.lines(Debrief.of(clean)));
        assertEquals(clean, RunReport.fromJson(clean.toJson()), "an export is this record");
        assertEquals(Optional.of(0L), Debrief.of(clean).lostWrites());

        // 3. An aborted run (a stalled target, the force declined) loses none either.
        String target = vm.switchover().candidates().get(0).id();
        sim.faults().stall(target);
        clock.advance(Duration.ofSeconds(1));
        answer = ForceDecision.DECLINE;
        run(vm, target, ModeKind.FORCE, "200ms");
        RunReport aborted = last(journal);
        assertEquals(Result.ABORTED, aborted.outcome().result(), aborted.outcome().message());
        assertEquals(0, aborted.invariants().lostWrites());
        assertEquals("0 acknowledged writes", vm.debrief().lostProperty().get());
        assertFalse(vm.debrief().reasons().stream().anyMatch(r -> r.contains("acknowledged writes lost")),
                vm.debrief().reasons().toString());

        // The cluster's own accounting still covers its whole life.
        assertEquals(lost, sim.invariants().lostWrites());
        assertEquals(3, journal.load().runs().size());
    }

    private void run(ConsoleViewModel vm, String target, ModeKind mode, String deadline) {
        executor.tick(); // a fresh status, as the console's refresh gives
        vm.switchover().targetIdProperty().set(target);
        vm.switchover().modeProperty().set(mode);
        vm.switchover().deadlineTextProperty().set(deadline);
        assertTrue(vm.switchover().canStartProperty().get(), vm.switchover().blockedReasonProperty().get());
        vm.startSwitchover();
        executor.runPending();
        assertFalse(vm.run().runningProperty().get());
    }

    private static RunReport last(Journal journal) throws Exception {
        List<JournaledRun> runs = journal.load().runs();
        return runs.get(runs.size() - 1).report();
    }

    private ConsoleViewModel console(SimCluster sim, Journal journal) {
        ForcePromptPresenter prompt = new ForcePromptPresenter() {
            @Override
            public void show(dev.handover.cluster.ForceLoss loss, Supplier<Duration> remaining, Consumer<ForceDecision> decide) {
                decide.accept(answer);
            }

            @Override
            public void dismiss() {
            }
        };
        ConsoleContext context = new ConsoleContext(sim, executor, FxRelay.direct(), new Preflight(),
                Duration.ofSeconds(30), Duration.ofMillis(250), HandoverListener.NONE, Optional.of(journal), Installed.backends());
        ConsoleViewModel vm = new ConsoleViewModel(context, prompt);
        vm.start();
        executor.tick();
        return vm;
    }
}
