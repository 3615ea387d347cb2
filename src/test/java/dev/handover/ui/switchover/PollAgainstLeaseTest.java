package dev.handover.ui.switchover;

import dev.handover.app.Installed;
import dev.handover.cluster.Positions;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.PollRule;
import dev.handover.cluster.Preflight;
import dev.handover.core.ForceDecision;
import dev.handover.core.ForcePrompt;
import dev.handover.core.HandoverListener;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.ConsoleContext;
import dev.handover.ui.ConsoleViewModel;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.concurrent.ManualExecutor;
import dev.handover.ui.force.ForcePromptPresenter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11, point 2: a poll interval longer than the simulator's 5 s freeze lease let the freeze lapse
 * mid-wait, and an approved force ended lease-lost. The console's form, the CLI and the cluster apply
 * one rule ({@link PollRule}): at most half the lease of the cluster the run goes to.
 */
class PollAgainstLeaseTest {
    private static final ForcePromptPresenter NEVER_ASKED = new ForcePromptPresenter() {
        @Override
        public void show(dev.handover.cluster.ForceLoss loss, Supplier<Duration> remaining, Consumer<ForceDecision> decide) {
            decide.accept(ForceDecision.DECLINE);
        }

        @Override
        public void dismiss() {
        }
    };
    private final ManualExecutor executor = new ManualExecutor();

    @Test
    void theConsoleRefusesAPollTheLeaseCannotCoverAndFollowsTheClustersLease() throws Exception {
        SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 1, new VirtualClock());
        ConsoleViewModel console = new ConsoleViewModel(new ConsoleContext(sim, executor, FxRelay.direct(),
                new Preflight(), Duration.ofSeconds(30), Duration.ofMillis(250), HandoverListener.NONE, Optional.empty(), Installed.backends()),
                NEVER_ASKED);
        console.start();
        executor.tick();
        SwitchoverViewModel form = console.switchover();
        form.targetIdProperty().set("n2");
        form.deadlineTextProperty().set("30s");

        form.pollTextProperty().set("3s"); // before: accepted (the form allowed up to 10 s)
        assertFalse(form.canStartProperty().get());
        assertEquals("Poll interval 3s is too long for the cluster's 5s freeze lease: at most 2.5s (half the lease), "
                + "or the freeze lapses while the run waits and writes thaw by themselves", form.pollErrorProperty().get());
        assertEquals(form.pollErrorProperty().get(), form.blockedReasonProperty().get());

        form.pollTextProperty().set("2.5s");
        assertTrue(form.canStartProperty().get(), form.blockedReasonProperty().get());

        sim.setFreezeLease(Duration.ofSeconds(10));
        form.pollTextProperty().set("5s");
        assertTrue(form.canStartProperty().get(), "the rule reads the cluster's lease now: "
                + form.blockedReasonProperty().get());
    }

    @Test
    void theClusterRefusesItTooAndTheRuleIsHalfTheLease() throws Exception {
        SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 1, new VirtualClock());
        ClusterException e = assertThrows(ClusterException.class, () -> sim.uncheckedTransport("n2", Duration.ofMillis(2501)));
        assertTrue(e.getMessage().startsWith("poll interval 2.501s is too long for the cluster's 5s freeze lease"),
                e.getMessage());
        sim.uncheckedTransport("n2", Duration.ofMillis(2500));

        assertEquals(Optional.of(Duration.ofMillis(2500)), PollRule.longestPoll(Optional.of(Duration.ofSeconds(5))));
        assertEquals(Optional.empty(), PollRule.problem("--poll", Duration.ofMinutes(1), Optional.empty()),
                "a cluster without a lease (PostgreSQL) sets no such bound");
    }
}
