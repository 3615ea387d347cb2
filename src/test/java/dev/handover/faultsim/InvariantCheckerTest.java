package dev.handover.faultsim;

import dev.handover.core.AbortReason;
import dev.handover.core.HandoverAborted;
import dev.handover.core.HandoverEvent;
import dev.handover.sim.InvariantReport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checker is not vacuous: real runs pass it, and each broken rule, planted into a real run's
 * observation, is reported.
 */
class InvariantCheckerTest {

    private static RunObservation first(Predicate<RunObservation> wanted) {
        return LongStream.rangeClosed(1, 3000).mapToObj(seed -> {
            try {
                return ScheduleRunner.run(ScheduleGenerator.generate(seed));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(wanted).findFirst().orElseThrow(() -> new AssertionError("no schedule of that kind in 3000 seeds"));
    }

    private static HandoverEvent terminal(RunObservation o) {
        return o.events().get(o.events().size() - 1);
    }

    private static boolean endsWith(RunObservation o, Class<? extends HandoverEvent> type) {
        return type.isInstance(terminal(o));
    }

    private static boolean timedOut(RunObservation o) {
        return terminal(o) instanceof HandoverEvent.Aborted a && a.reason() == AbortReason.CATCH_UP_TIMED_OUT;
    }

    private static boolean forced(RunObservation o) {
        return terminal(o) instanceof HandoverEvent.Committed c && c.outcome().forced();
    }

    private static void assertFlags(RunObservation doctored, String words) {
        List<String> v = InvariantChecker.check(doctored);
        assertTrue(v.stream().anyMatch(x -> x.contains(words)), "expected a violation about \"" + words + "\", got " + v);
    }

    private static RunObservation with(RunObservation o, List<HandoverEvent> events, Optional<Throwable> thrown,
                                       InvariantReport invariants, InvariantReport afterLease, long ackedInSkipped) {
        return new RunObservation(o.schedule(), o.request(), events, o.outcome(), thrown, o.during(), o.transport(),
                o.operator(), invariants, o.primaryAfter(), o.after(), afterLease, ackedInSkipped, o.reachedAtCommit(),
                o.faultsInjected(), o.journal(), o.followUp());
    }

    private static InvariantReport report(long lost, Map<Long, Integer> perTerm, boolean frozen) {
        return new InvariantReport(lost, perTerm, frozen, List.of());
    }

    @Test
    void realRunsOfEveryKindPass() {
        for (Predicate<RunObservation> kind : List.<Predicate<RunObservation>>of(
                o -> endsWith(o, HandoverEvent.Committed.class) && !forced(o), InvariantCheckerTest::forced,
                InvariantCheckerTest::timedOut, o -> endsWith(o, HandoverEvent.StillFrozen.class),
                o -> endsWith(o, HandoverEvent.OutcomeUnknown.class))) {
            RunObservation o = first(kind);
            assertEquals(List.of(), InvariantChecker.check(o), o.schedule().describe());
        }
    }

    @Test
    void aLostWriteInAnAbortedRunIsReported() {
        RunObservation o = first(InvariantCheckerTest::timedOut);
        InvariantReport lost = report(3, o.invariants().primariesPerTerm(), false);
        assertFlags(with(o, o.events(), o.thrown(), lost, o.afterLease(), o.ackedInSkippedRange()),
                "3 acknowledged writes lost");
    }

    @Test
    void aForcedLossThatDiffersFromTheSkippedRangeIsReported() {
        RunObservation o = first(InvariantCheckerTest::forced);
        assertFlags(with(o, o.events(), o.thrown(), o.invariants(), o.afterLease(), o.ackedInSkippedRange() + 1),
                "reported skipped range");
    }

    @Test
    void writesLeftFrozenAfterAnAbortAreReported() {
        RunObservation o = first(InvariantCheckerTest::timedOut);
        InvariantReport frozen = report(0, o.invariants().primariesPerTerm(), true);
        assertFlags(with(o, o.events(), o.thrown(), frozen, o.afterLease(), -1), "left frozen");
        assertFlags(with(o, o.events(), o.thrown(), o.invariants(), frozen, -1), "a full freeze lease after");
    }

    @Test
    void twoPrimariesInATermAreReported() {
        RunObservation o = first(o2 -> endsWith(o2, HandoverEvent.Committed.class));
        InvariantReport two = report(o.invariants().lostWrites(), Map.of(o.request().newTerm(), 2), false);
        assertFlags(with(o, o.events(), o.thrown(), two, o.afterLease(), o.ackedInSkippedRange()), "had 2 primaries");
    }

    @Test
    void malformedEventSequencesAreReported() {
        RunObservation o = first(InvariantCheckerTest::timedOut);
        List<HandoverEvent> noResume = new ArrayList<>(o.events());
        noResume.removeIf(e -> e instanceof HandoverEvent.Resumed);
        assertFlags(with(o, noResume, o.thrown(), o.invariants(), o.afterLease(), -1), "Resumed events");

        List<HandoverEvent> twoTerminals = new ArrayList<>(o.events());
        twoTerminals.add(terminal(o));
        assertFlags(with(o, twoTerminals, o.thrown(), o.invariants(), o.afterLease(), -1), "exactly one terminal");

        List<HandoverEvent> frozenLate = new ArrayList<>(o.events());
        frozenLate.add(0, frozenLate.remove(1));
        assertFlags(with(o, frozenLate, o.thrown(), o.invariants(), o.afterLease(), -1), "not Frozen");
    }

    @Test
    void anExceptionThatDoesNotMatchTheTerminalEventIsReported() {
        RunObservation o = first(InvariantCheckerTest::timedOut);
        Optional<Throwable> wrong = Optional.of(new HandoverAborted(AbortReason.POLL_FAILED, 1, 0, "x", null));
        assertFlags(with(o, o.events(), wrong, o.invariants(), o.afterLease(), -1), "but threw");
    }
}
