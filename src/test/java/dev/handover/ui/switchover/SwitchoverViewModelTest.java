package dev.handover.ui.switchover;

import dev.handover.cluster.PreflightCheck;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.Preflight;
import dev.handover.core.FailoverMode;
import dev.handover.ui.FakeCluster;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SwitchoverViewModelTest {

    private static SwitchoverViewModel formOn(FakeCluster cluster) throws ClusterException {
        SwitchoverViewModel vm = new SwitchoverViewModel(new Preflight());
        vm.update(cluster.status());
        return vm;
    }

    private static FakeCluster healthy() {
        return new FakeCluster(10_000).primary("n1", "eu").replica("n2", "eu", 50, 100).replica("n3", "us", 40, 100);
    }

    @Test
    void startStaysDisabledUntilATargetIsPicked() throws Exception {
        SwitchoverViewModel vm = formOn(healthy());

        assertFalse(vm.canStartProperty().get());
        assertEquals("Pick a target replica", vm.blockedReasonProperty().get());
        assertTrue(vm.plan().isEmpty());

        vm.targetIdProperty().set("n2");

        assertTrue(vm.canStartProperty().get(), vm.blockedReasonProperty().get());
        assertEquals("", vm.blockedReasonProperty().get());
        assertEquals(7, vm.checks().size(), "six lines on the target, one on the other replica (n3)");
    }

    @Test
    void theBackendsProbesAreListedUnderThePreflightAndAFailingOneBlocksStartInEitherMode() throws Exception {
        SwitchoverViewModel vm = formOn(healthy());
        vm.targetIdProperty().set("n2");
        assertEquals("n2", vm.probeRequest().orElseThrow().target().id());

        vm.probed("n3", List.of(PreflightCheck.fail("No other HA manager", "Patroni on n1")));
        assertEquals(7, vm.checks().size(), "probes of another target are not this one's");
        assertTrue(vm.canStartProperty().get());

        vm.probed("n2", List.of(PreflightCheck.pass("No base backup running", "none"),
                PreflightCheck.fail("No other HA manager", "another HA manager is in charge: Patroni on n1")));
        assertEquals(9, vm.checks().size());
        assertEquals("No other HA manager", vm.checks().get(8).title());
        assertFalse(vm.canStartProperty().get());
        assertEquals(PreflightCheck.Verdict.FAIL, vm.checks().get(8).verdict());
        assertTrue(vm.blockedReasonProperty().get().startsWith("Probe failed: No other HA manager"),
                vm.blockedReasonProperty().get());
        vm.modeProperty().set(ModeKind.FORCE);
        assertFalse(vm.canStartProperty().get(), "Force does not get past another manager either");

        vm.targetIdProperty().set("n3");
        assertEquals(7, vm.checks().size(), "another target: its own probes, once they come");
    }

    @Test
    void targetsAreRankedWithAReasonEach() throws Exception {
        SwitchoverViewModel vm = formOn(healthy());

        assertEquals("n2", vm.candidates().get(0).id(), "same region as the primary wins at similar lag");
        assertEquals("n3", vm.candidates().get(1).id());
        vm.targetIdProperty().set("n3");
        assertEquals("Target: n3, ranked #2 of 2", vm.targetReasonProperty().get());
        assertTrue(vm.candidates().get(1).reason().startsWith("other region than n1"), vm.candidates().get(1).reason());
    }

    /** The list keeps still under the pointer: a refresh that re-ranks moves nothing until the pointer leaves. */
    @Test
    void whileTheOrderIsHeldEachTargetKeepsItsPlaceWithItsNewRank() throws Exception {
        FakeCluster cluster = healthy();
        SwitchoverViewModel vm = formOn(cluster);
        assertEquals(List.of("n2", "n3"), vm.candidates().stream().map(c -> c.id()).toList());

        vm.holdOrderProperty().set(true);
        cluster.replica("n2", "eu", 9_000, 100);
        vm.update(cluster.status());
        assertEquals(List.of("n2", "n3"), vm.candidates().stream().map(c -> c.id()).toList(), "held: nothing moves");
        assertEquals(2, vm.candidates().get(0).rank(), "n2 shows its new rank where it stands");
        assertEquals(1, vm.candidates().get(1).rank());

        vm.holdOrderProperty().set(false);
        assertEquals(List.of("n3", "n2"), vm.candidates().stream().map(c -> c.id()).toList(), "released: the new order");
    }

    @Test
    void aBadDeadlineSaysWhyAndBlocksStart() throws Exception {
        SwitchoverViewModel vm = formOn(healthy());
        vm.targetIdProperty().set("n2");

        vm.deadlineTextProperty().set("soon");
        assertFalse(vm.canStartProperty().get());
        assertEquals("Deadline \"soon\" is not a duration; type e.g. 30s, 500ms or 1m30s", vm.deadlineErrorProperty().get());

        vm.deadlineTextProperty().set("11m");
        assertEquals("Deadline must be between 0ms and 10m, got 11m", vm.deadlineErrorProperty().get());

        vm.deadlineTextProperty().set("");
        assertEquals("Deadline is empty; type a duration such as 30s, 500ms or 2m", vm.deadlineErrorProperty().get());

        vm.deadlineTextProperty().set("1m30s");
        assertEquals("", vm.deadlineErrorProperty().get());
        assertTrue(vm.canStartProperty().get());
        assertEquals(Duration.ofSeconds(90), vm.plan().orElseThrow().request().mode().deadline());
    }

    @Test
    void thePollIntervalHasTheCliRange() throws Exception {
        SwitchoverViewModel vm = formOn(healthy());
        vm.targetIdProperty().set("n2");
        vm.deadlineTextProperty().set("1s");
        vm.pollTextProperty().set("5ms");

        assertEquals("Poll interval must be between 10ms and 1m, got 5ms", vm.pollErrorProperty().get());
        assertFalse(vm.canStartProperty().get());

        // Longer than the deadline is no error (the coordinator reads once at the deadline), as with --poll.
        vm.pollTextProperty().set("2s");
        assertEquals("", vm.pollErrorProperty().get());
        vm.modeProperty().set(ModeKind.FORCE);
        assertEquals("Timeout", vm.deadlineLabelProperty().get());
    }

    @Test
    void aFailingPreflightBlocksCoordinatedButForceGoesAheadBehindAWarning() throws Exception {
        FakeCluster stalled = new FakeCluster(10_000).primary("n1", "eu").replica("n2", "eu", 800, 0);
        SwitchoverViewModel vm = formOn(stalled);
        vm.targetIdProperty().set("n2");

        assertFalse(vm.canStartProperty().get());
        assertTrue(vm.blockedReasonProperty().get().startsWith("Preflight failed"), vm.blockedReasonProperty().get());
        assertEquals("", vm.forceWarningProperty().get());

        vm.modeProperty().set(ModeKind.FORCE);

        assertTrue(vm.canStartProperty().get());
        assertTrue(vm.forceWarningProperty().get().startsWith("Preflight fails. Force hands over"),
                vm.forceWarningProperty().get());
        assertTrue(vm.plan().orElseThrow().request().mode() instanceof FailoverMode.Force);
    }

    @Test
    void thePlanCarriesTermHintModeAndPoll() throws Exception {
        SwitchoverViewModel vm = formOn(healthy());
        vm.targetIdProperty().set("n2");
        vm.deadlineTextProperty().set("45s");
        vm.pollTextProperty().set("20ms");

        SwitchoverPlan plan = vm.plan().orElseThrow();

        assertEquals("n1", plan.request().oldPrimary().id());
        assertEquals("n2", plan.request().target().id());
        assertEquals(1, plan.request().currentTerm());
        assertEquals(9_950, plan.request().targetFrontierHint());
        assertEquals(new FailoverMode.Coordinated(Duration.ofSeconds(45)), plan.request().mode());
        assertEquals(Duration.ofMillis(20), plan.pollInterval());
    }

    @Test
    void busyFormCannotStartAndAVanishedTargetIsNamed() throws Exception {
        SwitchoverViewModel vm = formOn(healthy());
        vm.targetIdProperty().set("n2");
        vm.busyProperty().set(true);
        assertEquals("A switchover is running", vm.blockedReasonProperty().get());
        vm.busyProperty().set(false);

        vm.targetIdProperty().set("n9");
        assertEquals("Target n9 is no longer a replica of this cluster", vm.targetErrorProperty().get());
    }
}
