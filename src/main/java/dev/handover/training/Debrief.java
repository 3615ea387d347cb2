package dev.handover.training;

import dev.handover.cluster.Positions;
import dev.handover.core.FreezeSpan;
import dev.handover.journal.RunReport;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a trainee reads after a drill: the timeline, how long writes were frozen, how many acknowledged
 * writes were lost (the simulator's accounting), whether the target and mode were the best by the
 * preflight ranking, how long the force prompt took, and a score from 0 to 100 with every deduction
 * behind it. Built from the run record alone, so a past run in the journal gets the same debrief as the
 * drill that just ended. Deterministic: the same record, the same debrief.
 *
 * @param writesFrozen      from the freeze to the resume or commit (or to the last event if writes stayed frozen):
 *                          the same figure the outcome shows ({@link FreezeSpan})
 * @param writesLeftFrozen  whether the run ended with writes still frozen
 * @param lostWrites        acknowledged writes this run lost, from the simulator; empty for a real cluster
 * @param skippedLsn        LSNs a forced commit skipped; 0 when nothing was forced
 * @param skippedText       {@code skippedLsn} as the run's cluster writes distances ("300 LSN", "4,108,463 bytes (3.9 MB)")
 * @param forcePrompt       empty when no force prompt was opened
 */
public record Debrief(dev.handover.journal.Result result, List<TimelineEntry> timeline, FreezeSpan writesFrozen,
                      boolean writesLeftFrozen, Optional<Long> lostWrites, long skippedLsn, String skippedText, TargetVerdict target,
                      ModeVerdict mode, Optional<PromptTiming> forcePrompt, int score, List<Deduction> deductions) {

    public static final int FULL_SCORE = 100;

    public Debrief {
        timeline = List.copyOf(timeline);
        deductions = List.copyOf(deductions);
    }

    /** The debrief of a recorded run, with the invariants and the ranking the record holds. */
    public static Debrief of(RunReport record) {
        return of(record, Positions.PLAIN);
    }

    /** The same, positions in its text written as the run's cluster writes them. */
    public static Debrief of(RunReport record, Positions positions) {
        return of(record, Optional.ofNullable(record.invariants()), record.candidates(), positions);
    }

    /**
     * The debrief of {@code record}, judged with the simulator's {@code invariants} and the preflight
     * {@code ranking} (best first) — for a caller that holds them apart from the record.
     */
    public static Debrief of(RunReport record, Optional<RunReport.InvariantsInfo> invariants,
                             List<RunReport.CandidateInfo> ranking) {
        return of(record, invariants, ranking, Positions.PLAIN);
    }

    /** The same, positions in its text written as the run's cluster writes them. */
    public static Debrief of(RunReport record, Optional<RunReport.InvariantsInfo> invariants,
                             List<RunReport.CandidateInfo> ranking, Positions positions) {
        return DebriefRules.judge(record, invariants, ranking, positions, Optional.empty());
    }

    /**
     * The same, the freeze judged against the operator's {@code freezeBudget} (the one the outcome was judged
     * against), so the debrief never deducts for a freeze the outcome called within budget.
     */
    public static Debrief of(RunReport record, Positions positions, Optional<Duration> freezeBudget) {
        return DebriefRules.judge(record, Optional.ofNullable(record.invariants()), record.candidates(), positions,
                freezeBudget);
    }

    /** How long writes were frozen, at most; empty when they never were. */
    public Optional<Duration> writesFrozenFor() {
        return writesFrozen.length();
    }

    /** The reasons behind the score, one sentence each; empty for a full score. */
    public List<String> reasons() {
        return deductions.stream().map(d -> "-" + d.points() + ": " + d.reason()).toList();
    }
}
