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
import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ObservedRole;
import dev.handover.cluster.TopologyCheck;
import dev.handover.postgres.PgPositions;
import dev.handover.run.RunEnd;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
        vm.show(REQUEST, new RunEnd.Handed(new FailoverOutcome(8, 500, 500, 0, false, Duration.ofMillis(30), SWAPPED)),
                new FreezeSpan.Ended(Duration.ofMillis(42)));

        assertEquals(OutcomeKind.ZERO_RPO, vm.kindProperty().get());
        assertEquals("Zero-RPO handover: n2 is primary", vm.headlineProperty().get());
        assertEquals("Term 7 → 8", vm.termProperty().get());
        assertEquals("n2 primary · n1 replica of n2", vm.rolesProperty().get());
        assertEquals("Writes were frozen for 42ms", vm.frozenProperty().get());
    }

    @Test
    void theClientsStallBehindAPoolerGoesBesideTheFreezeAndFailedRequestsAreNotInvented() {
        OutcomeViewModel vm = new OutcomeViewModel();
        vm.show(REQUEST, new RunEnd.Handed(new FailoverOutcome(8, 500, 500, 0, false, Duration.ofMillis(30), SWAPPED)),
                new FreezeSpan.Ended(Duration.ofMillis(214)));
        vm.awaitAfterRun();
        vm.showAfterRun(new AfterRun(List.of(), List.of(), List.of(), List.of(), Optional.of(new dev.handover.cluster.ClientStall(
                Duration.ofMillis(260), Duration.ofMillis(290), "PgBouncer maxwait"))));

        assertEquals("Writes were frozen for 214ms · client stall 260ms (PgBouncer maxwait), pools paused 290ms · "
                + "failed client requests: not visible to PgBouncer; count them at the clients", vm.frozenProperty().get());
    }

    @Test
    void aForcedHandoverNamesTheSkippedCount() {
        OutcomeViewModel vm = new OutcomeViewModel();
        vm.show(REQUEST, new RunEnd.Handed(new FailoverOutcome(8, 500, 380, 120, true, Duration.ofSeconds(5), SWAPPED)),
                new FreezeSpan.Ended(Duration.ofSeconds(6)));

        assertEquals(OutcomeKind.FORCED, vm.kindProperty().get());
        assertEquals("Forced handover, data lost: 120 LSN skipped", vm.headlineProperty().get());
        assertTrue(vm.detailProperty().get().contains("are lost"));
    }

    @Test
    void onPostgresTheSkippedAndTheFrontierReadAsPostgresWritesThem() {
        OutcomeViewModel vm = new OutcomeViewModel();
        vm.show(REQUEST, new RunEnd.Handed(new FailoverOutcome(8, 0x4009D88L, 0x4009D88L - 4_108_463, 4_108_463, true,
                Duration.ofSeconds(5), SWAPPED)), new FreezeSpan.Ended(Duration.ofSeconds(6)), PgPositions.INSTANCE);
        assertEquals("Forced handover, data lost: 4,108,463 bytes (3.9 MB) skipped", vm.headlineProperty().get());
        assertEquals("n2 was promoted at LSN 0/3C1ECD9, short of the frontier 0/4009D88: acknowledged writes in those "
                + "4,108,463 bytes (3.9 MB) are lost.", vm.detailProperty().get());

        vm.show(REQUEST, new RunEnd.Ended(new CatchUpTimedOut(0x4009D88L, 0x4000000L, Duration.ofSeconds(5))),
                new FreezeSpan.Ended(Duration.ofSeconds(5)), PgPositions.INSTANCE);
        assertTrue(vm.detailProperty().get().startsWith("The target reached LSN 0/4000000 of 0/4009D88"),
                vm.detailProperty().get());
    }

    @Test
    void abortsSayWritesResumedAndTheTermStands() {
        OutcomeViewModel vm = new OutcomeViewModel();
        vm.show(REQUEST, new RunEnd.Ended(new CatchUpTimedOut(500, 300, Duration.ofSeconds(5))),
                new FreezeSpan.Ended(Duration.ofSeconds(5)));
        assertEquals(OutcomeKind.ABORTED, vm.kindProperty().get());
        assertEquals("Aborted: writes resumed on n1", vm.headlineProperty().get());
        assertEquals("Term 7 (unchanged)", vm.termProperty().get());

        vm.show(REQUEST, new RunEnd.Ended(new HandoverAborted(AbortReason.FORCE_DECLINED, 500, 300,
                "handover aborted: forced commit declined", null)), new FreezeSpan.Ended(Duration.ofSeconds(6)));
        assertEquals("Forced commit declined. n2 had reached LSN 300 of the frontier 500 (200 LSN short). Writes were "
                + "resumed on n1; nothing was committed, no write was lost.", vm.detailProperty().get());
    }

    /** A freeze that failed froze nothing: "writes resumed" would be a claim nobody observed (the primary may be down). */
    @Test
    void aFailedFreezeSaysNothingWasFrozenNotThatWritesResumed() {
        OutcomeViewModel vm = new OutcomeViewModel();
        vm.show(REQUEST, new RunEnd.Ended(new HandoverAborted(AbortReason.FREEZE_FAILED, 0, 0,
                "could not freeze", new IllegalStateException("connection refused"))), new FreezeSpan.Ended(Duration.ZERO));
        assertEquals(OutcomeKind.ABORTED, vm.kindProperty().get());
        assertEquals("Aborted: nothing frozen on n1", vm.headlineProperty().get());
        assertFalse(vm.detailProperty().get().contains("resumed"), vm.detailProperty().get());
        assertTrue(vm.detailProperty().get().contains("(connection refused)"), vm.detailProperty().get());
    }

    @Test
    void unknownAndStillFrozenAreLoudAndSayWhatToDo() {
        OutcomeViewModel vm = new OutcomeViewModel();
        vm.show(REQUEST, new RunEnd.Ended(new OutcomeUnknownException(8, "outcome unknown: verify n2", null)),
                new FreezeSpan.NotResumed(Duration.ofSeconds(5)));
        assertEquals(OutcomeKind.UNKNOWN, vm.kindProperty().get());
        assertEquals("OUTCOME UNKNOWN: verify roles and term 8", vm.headlineProperty().get());
        assertEquals("Writes were frozen and have NOT been resumed", vm.frozenProperty().get());

        vm.show(REQUEST, new RunEnd.Ended(new WritesStillFrozenException(N1, "WRITES ARE STILL FROZEN on n1", null)),
                new FreezeSpan.NotResumed(Duration.ofSeconds(5)));
        assertEquals(OutcomeKind.STILL_FROZEN, vm.kindProperty().get());
        assertEquals("Writes are STILL FROZEN on n1: resume them by hand", vm.frozenProperty().get());
    }

    @Test
    void aRunThatNeverStartedSaysNothingChanged() {
        OutcomeViewModel vm = new OutcomeViewModel();
        vm.show(REQUEST, new RunEnd.NotStarted(RunEnd.NotStarted.Cause.CLUSTER, "no route to n2. Nothing was frozen and nothing changed."),
                new FreezeSpan.Never());
        assertEquals(OutcomeKind.NOT_STARTED, vm.kindProperty().get());
        assertEquals("Writes were never frozen", vm.frozenProperty().get());
    }

    private static final AfterRun.Step PROMOTED = new AfterRun.Step(Optional.of(Duration.ofMillis(150)), "promoted n2");
    private static final TopologyCheck N2_WRITABLE = new TopologyCheck("n2 is primary and writable on timeline 8", true,
            "timeline 8", TopologyCheck.Severity.DEGRADING);
    private static final ObservedRole N2_PRIMARY = new ObservedRole("n2", ObservedRole.Kind.PRIMARY, 8, Optional.empty(),
            "takes writes");

    private static OutcomeViewModel committed() {
        OutcomeViewModel vm = new OutcomeViewModel();
        vm.show(REQUEST, new RunEnd.Handed(new FailoverOutcome(8, 500, 500, 0, false, Duration.ofMillis(30), SWAPPED)),
                new FreezeSpan.Ended(Duration.ofMillis(42)));
        vm.awaitAfterRun();
        return vm;
    }

    @Test
    void aVerifiedCommitShowsItsStepsChecksAndTheRolesAsSeenQuietly() {
        OutcomeViewModel vm = committed();
        assertEquals("Verifying the new primary and its standbys…", vm.checkProperty().get());
        assertEquals("Roles: being read back from the nodes…", vm.rolesProperty().get(), "no role claimed before it is seen");

        vm.showAfterRun(new AfterRun(List.of(new AfterRun.Step(Optional.of(Duration.ofMillis(71)), "stopped n1 cleanly"),
                PROMOTED), List.of(), List.of(N2_WRITABLE, new TopologyCheck("n1 streams from n2 on timeline 8", true,
                "walreceiver streaming", TopologyCheck.Severity.DEGRADING)),
                List.of(N2_PRIMARY, new ObservedRole("n1", ObservedRole.Kind.REPLICA, 8, Optional.of("n2:5432"),
                        "streaming from n2 on timeline 8"))));

        assertEquals(List.of("Commit steps:", "  +0.071s stopped n1 cleanly", "  +0.150s promoted n2",
                "Verification: all checks hold", "  ok      n2 is primary and writable on timeline 8 (timeline 8)",
                "  ok      n1 streams from n2 on timeline 8 (walreceiver streaming)"),
                vm.afterRun().stream().map(AfterRunLine::text).toList());
        assertTrue(vm.afterRun().stream().noneMatch(l -> l.tone() == AfterRunLine.Tone.BAD));
        assertEquals(OutcomeKind.ZERO_RPO, vm.kindProperty().get());
        assertEquals("n2 primary · n1 replica of n2 (as seen)", vm.rolesProperty().get());
        assertTrue(vm.checkProperty().get().startsWith("Verified"), vm.checkProperty().get());
        assertFalse(vm.checkLoudProperty().get());
        vm.reset();
        assertTrue(vm.afterRun().isEmpty());
        assertEquals("", vm.checkProperty().get());
    }

    @Test
    void aFencedOldPrimaryWithStepsLeftTurnsTheCommittedOutcomeRed() {
        OutcomeViewModel vm = committed();
        AfterRun fenced = new AfterRun(List.of(PROMOTED), List.of("on n1: pg_ctl stop -D /data -m fast", "on n1: pg_rewind …"),
                List.of(N2_WRITABLE, new TopologyCheck("n1 streams from n2 on timeline 8", false,
                        "not in recovery: it is a primary", TopologyCheck.Severity.DEGRADING)),
                List.of(N2_PRIMARY, new ObservedRole("n1", ObservedRole.Kind.PRIMARY, 7, Optional.empty(),
                        "writes frozen (default_transaction_read_only = on)")));
        vm.showAfterRun(fenced);

        assertEquals(OutcomeKind.DEGRADED, vm.kindProperty().get());
        assertEquals("outcome-bad", vm.kindProperty().get().styleClass());
        assertEquals("COMMITTED, TOPOLOGY DEGRADED: n1 is not streaming from n2", vm.headlineProperty().get());
        assertTrue(vm.detailProperty().get().contains("no acknowledged write was lost")
                && vm.detailProperty().get().contains("take the 2 remaining step(s) below"), vm.detailProperty().get());
        assertTrue(vm.checkLoudProperty().get());
        assertEquals("REMAINING STEPS BY HAND (2), in order:", vm.checkProperty().get());
        assertEquals(List.of("1. on n1: pg_ctl stop -D /data -m fast", "2. on n1: pg_rewind …"), vm.remaining(),
                "the exact steps, right under the check line");
        assertEquals("n2 primary · n1 NOT STREAMING from n2 (primary on term 7, writes frozen (default_transaction_read_only"
                + " = on)) (as seen)", vm.rolesProperty().get());
        List<String> bad = vm.afterRun().stream().filter(l -> l.tone() == AfterRunLine.Tone.BAD).map(AfterRunLine::text).toList();
        assertEquals(List.of("Verification: SOME CHECKS FAILED (1 of 2): topology degraded",
                "  FAILED  n1 streams from n2 on timeline 8 (not in recovery: it is a primary)"), bad);
        assertEquals(List.of("REMAINING STEPS, by hand:", "  1. on n1: pg_ctl stop -D /data -m fast", "  2. on n1: pg_rewind …"),
                OutcomeViewModel.lines(fenced).stream().filter(l -> l.tone() == AfterRunLine.Tone.BAD)
                        .map(AfterRunLine::text).limit(3).toList(), "the log gets them in the order they happened");
        vm.clear();
        assertTrue(vm.remaining().isEmpty());
    }

    @Test
    void aFailedCheckAloneIsLoudAndAnAdvisoryOneIsNot() {
        OutcomeViewModel vm = committed();
        vm.showAfterRun(AfterRun.couldNotVerify(List.of(PROMOTED), List.of(), "connection refused"));
        assertEquals(OutcomeKind.DEGRADED, vm.kindProperty().get());
        assertTrue(vm.checkLoudProperty().get());
        assertTrue(vm.checkProperty().get().startsWith("VERIFICATION FAILED"), vm.checkProperty().get());
        assertEquals("Roles: could not be read back; check the cluster table", vm.rolesProperty().get());

        OutcomeViewModel advised = committed();
        advised.showAfterRun(new AfterRun(List.of(), List.of(), List.of(N2_WRITABLE, new TopologyCheck(
                "no inactive slot Handover did not create", false, "slot backup_tool on n2, left alone",
                TopologyCheck.Severity.ADVISORY)), List.of(N2_PRIMARY)));
        assertEquals(OutcomeKind.ZERO_RPO, advised.kindProperty().get());
        assertFalse(advised.checkLoudProperty().get());
        assertEquals(AfterRunLine.Tone.NOTE, advised.afterRun().get(advised.afterRun().size() - 1).tone());
    }
}
