package dev.handover.ui.outcome;

import dev.handover.core.AbortReason;
import dev.handover.core.CatchUpTimedOut;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverNode;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FreezeSpan;
import dev.handover.core.HandoverAborted;
import dev.handover.core.NodeRole;
import dev.handover.core.OutcomeUnknownException;
import dev.handover.core.RoleAssignment;
import dev.handover.core.WritesStillFrozenException;
import dev.handover.postgres.PgAfterRun;
import dev.handover.ui.run.RunResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutcomeViewModelTest {
    private static final FailoverNode N1 = new FailoverNode("n1", "n1:5432", "eu");
    private static final FailoverNode N2 = new FailoverNode("n2", "n2:5432", "eu");
    private static final FailoverRequest REQUEST =
            new FailoverRequest(N1, N2, 7, 100, new FailoverMode.Force(Duration.ofSeconds(5)));
    private static final RoleAssignment SWAPPED =
            new RoleAssignment(new NodeRole.Primary(8), new NodeRole.Replica("n2:5432", 8));

    @Test
    void zeroRpoShowsTheNewTermRolesAndFreeze() {
        OutcomeViewModel vm = new OutcomeViewModel();
        vm.show(REQUEST, new RunResult.Handed(new FailoverOutcome(8, 500, 500, 0, false, Duration.ofMillis(30), SWAPPED)),
                new FreezeSpan.Ended(Duration.ofMillis(42)));

        assertEquals(OutcomeKind.ZERO_RPO, vm.kindProperty().get());
        assertEquals("Zero-RPO handover: n2 is primary", vm.headlineProperty().get());
        assertEquals("Term 7 → 8", vm.termProperty().get());
        assertEquals("n2 primary · n1 replica of n2", vm.rolesProperty().get());
        assertEquals("Writes were frozen for 42ms", vm.frozenProperty().get());
    }

    @Test
    void aForcedHandoverNamesTheSkippedCount() {
        OutcomeViewModel vm = new OutcomeViewModel();
        vm.show(REQUEST, new RunResult.Handed(new FailoverOutcome(8, 500, 380, 120, true, Duration.ofSeconds(5), SWAPPED)),
                new FreezeSpan.Ended(Duration.ofSeconds(6)));

        assertEquals(OutcomeKind.FORCED, vm.kindProperty().get());
        assertEquals("Forced handover: 120 LSN skipped", vm.headlineProperty().get());
        assertTrue(vm.detailProperty().get().contains("are lost"));
    }

    @Test
    void abortsSayWritesResumedAndTheTermStands() {
        OutcomeViewModel vm = new OutcomeViewModel();
        vm.show(REQUEST, new RunResult.Ended(new CatchUpTimedOut(500, 300, Duration.ofSeconds(5))),
                new FreezeSpan.Ended(Duration.ofSeconds(5)));
        assertEquals(OutcomeKind.ABORTED, vm.kindProperty().get());
        assertEquals("Aborted: writes resumed on n1", vm.headlineProperty().get());
        assertEquals("Term 7 (unchanged)", vm.termProperty().get());

        vm.show(REQUEST, new RunResult.Ended(new HandoverAborted(AbortReason.FORCE_DECLINED, 500, 300,
                "handover aborted: forced commit declined", null)), new FreezeSpan.Ended(Duration.ofSeconds(6)));
        assertEquals("Handover aborted: forced commit declined.", vm.detailProperty().get());
    }

    @Test
    void unknownAndStillFrozenAreLoudAndSayWhatToDo() {
        OutcomeViewModel vm = new OutcomeViewModel();
        vm.show(REQUEST, new RunResult.Ended(new OutcomeUnknownException(8, "outcome unknown: verify n2", null)),
                new FreezeSpan.NotResumed(Duration.ofSeconds(5)));
        assertEquals(OutcomeKind.UNKNOWN, vm.kindProperty().get());
        assertEquals("OUTCOME UNKNOWN: verify roles and term 8", vm.headlineProperty().get());
        assertEquals("Writes were frozen and have NOT been resumed", vm.frozenProperty().get());

        vm.show(REQUEST, new RunResult.Ended(new WritesStillFrozenException(N1, "WRITES ARE STILL FROZEN on n1", null)),
                new FreezeSpan.NotResumed(Duration.ofSeconds(5)));
        assertEquals(OutcomeKind.STILL_FROZEN, vm.kindProperty().get());
        assertEquals("Writes are STILL FROZEN on n1: resume them by hand", vm.frozenProperty().get());
    }

    @Test
    void aRunThatNeverStartedSaysNothingChanged() {
        OutcomeViewModel vm = new OutcomeViewModel();
        vm.show(REQUEST, new RunResult.NotStarted("no route to n2. Nothing was frozen and nothing changed."),
                new FreezeSpan.Never());
        assertEquals(OutcomeKind.NOT_STARTED, vm.kindProperty().get());
        assertEquals("Writes were never frozen", vm.frozenProperty().get());
    }

    @Test
    void aPostgresCommitShowsItsStepsAndVerificationQuietlyWhenAllHolds() {
        OutcomeViewModel vm = new OutcomeViewModel();
        vm.awaitAfterRun();
        assertEquals("Verifying the new primary and its standbys…", vm.checkProperty().get());
        List<String> lines = List.of("PostgreSQL commit:", "  +0.071s stopped pg1 cleanly", "  +0.150s promoted pg2",
                "Verification: all checks hold", "  ok      pg2 is primary and writable on timeline 2");

        vm.showAfterRun(new PgAfterRun.Summary(lines, false, true));

        assertEquals(lines, vm.afterRun());
        assertTrue(vm.checkProperty().get().startsWith("Verified"), vm.checkProperty().get());
        assertFalse(vm.checkLoudProperty().get());
        vm.reset();
        assertTrue(vm.afterRun().isEmpty());
        assertEquals("", vm.checkProperty().get());
    }

    @Test
    void stepsLeftByHandOrAFailedCheckAreLoud() {
        OutcomeViewModel vm = new OutcomeViewModel();
        vm.showAfterRun(new PgAfterRun.Summary(List.of("PostgreSQL commit:", "REMAINING STEPS, by hand:",
                "  1. on pg1: stop it"), true, true));
        assertTrue(vm.checkLoudProperty().get());
        assertTrue(vm.checkProperty().get().startsWith("REMAINING STEPS BY HAND"), vm.checkProperty().get());
        assertTrue(vm.rolesProperty().get().endsWith("(not yet: after the remaining steps)"), vm.rolesProperty().get());

        vm.showAfterRun(new PgAfterRun.Summary(List.of("Verification: SOME CHECKS FAILED"), false, false));
        assertTrue(vm.checkLoudProperty().get());
        assertTrue(vm.checkProperty().get().startsWith("VERIFICATION FAILED"), vm.checkProperty().get());
    }
}
