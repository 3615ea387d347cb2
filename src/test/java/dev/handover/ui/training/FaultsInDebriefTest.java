package dev.handover.ui.training;

import dev.handover.app.Installed;
import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.Preflight;
import dev.handover.core.ForceDecision;
import dev.handover.core.HandoverEvent;
import dev.handover.core.HandoverListener;
import dev.handover.journal.Journal;
import dev.handover.journal.RunReport;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.training.Debrief;
import dev.handover.ui.ConsoleContext;
import dev.handover.ui.ConsoleViewModel;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.concurrent.ManualExecutor;
import dev.handover.ui.force.ForcePromptPresenter;
import dev.handover.ui.switchover.ModeKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The faults that hit a run — scripted by the scenario, injected from the fault panel — are on the Debrief
 * timeline at their time, live and in a History replay. Before: a fault scripted at 0 s was noted at the
 * simulation's last step, before the run began, and left out; a panel fault was placed at that step, not
 * when it was injected; and the record held no fault, so a replay showed none.
 */
class FaultsInDebriefTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final VirtualClock clock = new VirtualClock();

    @Test
    void scriptedAndInjectedFaultsAreOnTheTimelineLiveAndReplayed(@TempDir Path dir) throws Exception {
        String healthy = new String(Scenarios.class.getResourceAsStream("/scenarios/healthy.json").readAllBytes());
        Path file = Files.writeString(dir.resolve("spiked.json"), healthy.replaceFirst("\"nodes\"",
                "\"faults\": [{\"at\": \"0s\", \"fault\": \"spike\", \"factor\": 2, \"duration\": \"1s\"}],\n  \"nodes\""));
        SimCluster sim = SimCluster.start(Scenarios.load(file), 1, clock);
        clock.advance(Duration.ofMillis(2_005)); // a console's clock is never on a simulation step
        AtomicReference<String> injected = new AtomicReference<>();
        HandoverListener panel = e -> {
            if (e instanceof HandoverEvent.Polled && injected.get() == null) {
                sim.faults().stall("n3"); // from the fault panel, while the coordinator reads its first poll
                injected.set("+" + e.at().toMillis() + "ms");
            }
        };
        Journal journal = Journal.at(dir.resolve("journal"));
        ConsoleViewModel vm = console(sim, journal, panel);

        run(vm, "n2", ModeKind.COORDINATED, "5s");

        List<String> live = List.copyOf(vm.debrief().timeline());
        assertTrue(live.stream().anyMatch(l -> l.startsWith("+0ms") && l.contains("scripted fault at +0ms: spike ×2")),
                "the scenario's fault at 0 s: " + live);
        assertEquals("+5ms", injected.get(), "the first poll waits for the next simulation step");
        assertTrue(live.stream().anyMatch(l -> l.startsWith(injected.get() + " ") && l.endsWith("fault: stall n3")),
                "the panel's stall when it was injected: " + live);

        RunReport recorded = journal.load().runs().get(0).report();
        assertEquals(List.of(0L, 5L), recorded.faults().stream().map(RunReport.FaultInfo::atMs).toList(), recorded.faults().toString());
        // A History replay reads the same timeline from the record.
        vm.history().reload();
        executor.runPending();
        vm.history().open(vm.history().runs().get(0));
        executor.runPending();
        assertEquals(live, List.copyOf(vm.history().debrief().timeline()));
        assertTrue(Debrief.of(recorded).timeline().stream().anyMatch(t -> t.text().equals("fault: stall n3")));
    }

    private void run(ConsoleViewModel vm, String target, ModeKind mode, String deadline) {
        executor.tick();
        vm.switchover().targetIdProperty().set(target);
        vm.switchover().modeProperty().set(mode);
        vm.switchover().deadlineTextProperty().set(deadline);
        assertTrue(vm.switchover().canStartProperty().get(), vm.switchover().blockedReasonProperty().get());
        vm.startSwitchover();
        executor.runPending();
    }

    private ConsoleViewModel console(SimCluster sim, Journal journal, HandoverListener observer) {
        ForcePromptPresenter prompt = new ForcePromptPresenter() {
            @Override
            public void show(ForceLoss loss, Supplier<Duration> remaining, Consumer<ForceDecision> decide) {
                decide.accept(ForceDecision.DECLINE);
            }

            @Override
            public void dismiss() {
            }
        };
        ConsoleContext context = new ConsoleContext(sim, executor, FxRelay.direct(), new Preflight(),
                Duration.ofSeconds(30), Duration.ofMillis(250), observer, Optional.of(journal), Installed.backends());
        ConsoleViewModel vm = new ConsoleViewModel(context, prompt);
        vm.start();
        executor.tick();
        return vm;
    }
}
