package dev.handover.training;

import dev.handover.journal.JournalNames;
import dev.handover.core.AbortReason;
import dev.handover.journal.Result;
import dev.handover.journal.EventType;
import dev.handover.cluster.Positions;
import dev.handover.core.Durations;
import dev.handover.core.FreezeSpan;
import dev.handover.journal.CheckInfo;
import dev.handover.journal.EventEntry;
import dev.handover.journal.OutcomeInfo;
import dev.handover.journal.RunReport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scoring rules of a debrief. A drill starts at 100; safety costs most (broken invariants,
 * writes left frozen, acknowledged writes lost), then judgement (a target below the best, a degraded
 * target, force on a planned switchover), then results and time (no handover, a long freeze, a slow
 * answer at the force prompt). The score never goes below 0.
 */
final class DebriefRules {
    static final int VIOLATIONS = 100;
    static final int LEFT_FROZEN_OR_UNKNOWN = 50;
    static final int LOST_WRITES = 40;
    static final int TOPOLOGY_DEGRADED = 30;
    static final int NOT_BEST_TARGET = 20;
    static final int UNHEALTHY_TARGET = 10;
    static final int FORCE_MODE = 15;
    static final int TIMED_OUT_OR_LAPSED = 25;
    static final int DECLINED = 15;
    static final int ABORTED_OTHERWISE = 10;
    /** A planned switchover should hold writes for a moment, not a wait; each started second past this costs. */
    static final Duration FROZEN_ALLOWANCE = Duration.ofSeconds(2);
    static final int FROZEN_PER_SECOND = 5;
    static final int FROZEN_MAX = 20;
    static final int SLOW_PROMPT = 10;

    private DebriefRules() {
    }

    /**
     * @param freezeBudget the longest freeze the operator accepted for this run, when known: a freeze within it is
     *                     not deducted (the outcome called it within budget), one past it is, from the budget on;
     *                     without it, the drill's {@link #FROZEN_ALLOWANCE}
     */
    static Debrief judge(RunReport record, Optional<RunReport.InvariantsInfo> invariants,
                         List<RunReport.CandidateInfo> ranking, Positions positions, Optional<Duration> freezeBudget) {
        Duration allowance = freezeBudget.orElse(FROZEN_ALLOWANCE);
        String allowanceText = freezeBudget.isPresent() ? "the freeze budget of " + Durations.format(allowance)
                : Durations.format(allowance);
        RunReport.RequestInfo q = record.request();
        OutcomeInfo o = record.outcome();
        List<EventEntry> events = record.events();
        List<Deduction> off = new ArrayList<>();

        FreezeSpan frozen = FreezeSpan.of(record.handoverEvents());
        boolean leftFrozen = o.writesFrozen() || invariants.map(RunReport.InvariantsInfo::leftFrozen).orElse(false);
        Optional<Long> lost = invariants.map(RunReport.InvariantsInfo::lostWrites);
        TargetVerdict target = target(q, ranking);
        ModeVerdict mode = mode(q, o);
        Optional<PromptTiming> prompt = prompt(events);

        invariants.filter(i -> !i.violations().isEmpty()).ifPresent(i -> off.add(new Deduction(Deduction.Kind.INVARIANT_VIOLATED, VIOLATIONS,
                "the simulator found broken safety rules: " + String.join("; ", i.violations()))));
        if (o.result() == Result.UNKNOWN || leftFrozen) {
            off.add(new Deduction(Deduction.Kind.LEFT_FROZEN_OR_UNKNOWN, LEFT_FROZEN_OR_UNKNOWN, unknownReason(q, o, leftFrozen)));
        }
        if (o.degraded()) {
            int steps = record.verified().map(v -> v.remaining().size()).orElse(0);
            long failed = record.verified().map(v -> v.checks().stream().filter(CheckInfo::degrades).count()).orElse(0L);
            off.add(new Deduction(Deduction.Kind.TOPOLOGY_DEGRADED, TOPOLOGY_DEGRADED, "the handover committed but left the topology degraded ("
                    + failed + " check(s) failed, " + steps + " step(s) left by hand): the cluster is not fully replicated"));
        }
        long skipped = skipped(o);
        String skippedText = positions.amount(skipped);
        if (lost.orElse(0L) > 0) {
            off.add(new Deduction(Deduction.Kind.LOST_WRITES, LOST_WRITES, lost.get() + " acknowledged writes lost (" + skippedText
                    + " skipped by the forced handover)"));
        } else if (lost.isEmpty() && skipped > 0) {
            off.add(new Deduction(Deduction.Kind.LOST_WRITES, LOST_WRITES, skippedText + " of acknowledged writes skipped by the forced handover"));
        }
        if (target.rank().isPresent() && !target.wasBest()) {
            off.add(new Deduction(Deduction.Kind.NOT_BEST_TARGET, NOT_BEST_TARGET, target.verdict()));
        }
        target.health().filter(h -> !h.equals("healthy")).ifPresent(h -> off.add(new Deduction(Deduction.Kind.UNHEALTHY_TARGET, UNHEALTHY_TARGET,
                "the target " + q.target() + " was " + h + " when the run started")));
        if (!mode.wasBest()) {
            off.add(new Deduction(Deduction.Kind.FORCE_MODE, FORCE_MODE, mode.verdict()));
        }
        if (o.result() == Result.ABORTED) {
            off.add(abortDeduction(q, o, positions));
        }
        frozen.length().filter(d -> d.compareTo(allowance) > 0).ifPresent(d -> {
            long over = d.minus(allowance).toMillis();
            int points = (int) Math.min(FROZEN_MAX, FROZEN_PER_SECOND * ((over + 999) / 1000));
            String span = frozen instanceof FreezeSpan.Ended ? Durations.format(d) : frozen.text();
            off.add(new Deduction(Deduction.Kind.FROZEN_LONG, points, "writes were frozen on " + q.oldPrimary() + " for " + span
                    + ", " + Durations.format(Duration.ofMillis(over)) + " more than " + allowanceText));
        });
        prompt.filter(p -> !p.lapsed() && p.took().multipliedBy(2).compareTo(p.window()) > 0)
                .ifPresent(p -> off.add(new Deduction(Deduction.Kind.SLOW_PROMPT, SLOW_PROMPT, "the force prompt took " + Durations.format(p.took())
                        + " of its " + Durations.format(p.window()) + " window, with writes frozen all the while")));

        int score = Math.max(0, Debrief.FULL_SCORE - off.stream().mapToInt(Deduction::points).sum());
        return new Debrief(o.result(), Timeline.of(record, positions), frozen, leftFrozen, lost, skipped, skippedText,
                target, mode,
                prompt, score, off);
    }

    /** Skipped means skipped by a forced commit: a record from before that rule may carry an aborted run's gap. */
    private static long skipped(OutcomeInfo o) {
        return o.result() == Result.FORCED ? o.skippedLsn() : 0;
    }

    /** How far the target was from the frontier when the run ended without handing over. */
    private static long gap(OutcomeInfo o) {
        return Math.max(0, o.frontierLsn() - o.reachedLsn());
    }

    private static String unknownReason(RunReport.RequestInfo q, OutcomeInfo o, boolean leftFrozen) {
        String why = switch (o.why()) {
            case COMMIT_FAILED -> "the commit failed part-way: the outcome is unknown and roles must be verified by hand";
            case RESUME_FAILED -> "resuming writes failed";
            case UNFINISHED -> "the run did not finish";
            case ABORT, VETOED, NONE, OTHER -> "the run ended with its outcome unknown";
        };
        return why + (leftFrozen ? "; writes were left frozen on " + q.oldPrimary() : "");
    }

    private static Deduction abortDeduction(RunReport.RequestInfo q, OutcomeInfo o, Positions positions) {
        String deadline = Durations.format(Duration.ofMillis(q.deadlineMs()));
        return switch (o.abortReason().orElse(AbortReason.CANCELLED)) {
            case CATCH_UP_TIMED_OUT -> new Deduction(Deduction.Kind.TIMED_OUT_OR_LAPSED, TIMED_OUT_OR_LAPSED, "no handover: " + q.target()
                    + " did not reach the frontier within the " + deadline + " deadline ("
                    + positions.amount(gap(o)) + " short)");
            case FORCE_APPROVAL_LAPSED -> new Deduction(Deduction.Kind.TIMED_OUT_OR_LAPSED, TIMED_OUT_OR_LAPSED,
                    "no handover: the force prompt lapsed unanswered, with writes frozen until it did");
            case FORCE_DECLINED -> new Deduction(Deduction.Kind.DECLINED, DECLINED, "no handover: the force was declined (" + positions.amount(gap(o))
                    + " short); declining was right, choosing a target that could not catch up was not");
            case CANCELLED, POLL_FAILED, LEASE_LOST, FREEZE_FAILED, COMMIT_WITHDRAWN -> new Deduction(Deduction.Kind.ABORTED, ABORTED_OTHERWISE, "no handover: the run aborted (" + o.reason() + ")");
        };
    }

    private static TargetVerdict target(RunReport.RequestInfo q, List<RunReport.CandidateInfo> ranking) {
        if (ranking.isEmpty()) {
            return new TargetVerdict(q.target(), Optional.empty(), 0, Optional.empty(), Optional.empty(), true,
                    "no preflight ranking was recorded; the target is not judged");
        }
        RunReport.CandidateInfo best = ranking.stream().min(java.util.Comparator.comparingInt(RunReport.CandidateInfo::rank))
                .orElseThrow();
        Optional<RunReport.CandidateInfo> chosen = ranking.stream().filter(c -> c.node().equals(q.target())).findFirst();
        if (chosen.isEmpty()) {
            return new TargetVerdict(q.target(), Optional.empty(), ranking.size(), Optional.of(best.node()), Optional.empty(),
                    false, q.target() + " was not among the ranked replicas; " + best.node() + " was the best ("
                           + best.reason() + ")");
        }
        RunReport.CandidateInfo c = chosen.get();
        boolean wasBest = c.node().equals(best.node());
        String verdict = wasBest
                ? q.target() + " was the best target (" + c.reason() + ")"
                : "the target " + q.target() + " was ranked #" + c.rank() + " of " + ranking.size() + " (" + c.reason()
                  + "); " + best.node() + " was the best (" + best.reason() + ")";
        return new TargetVerdict(q.target(), Optional.of(c.rank()), ranking.size(), Optional.of(best.node()),
                Optional.of(c.health()), wasBest, verdict);
    }

    private static ModeVerdict mode(RunReport.RequestInfo q, OutcomeInfo o) {
        if (!q.force()) {
            return new ModeVerdict(q.mode(), JournalNames.COORDINATED, true,
                    "coordinated: a timeout resumes writes and commits nothing, so no acknowledged write can be lost");
        }
        String verdict = skipped(o) > 0
                ? "force mode on a planned switchover: it handed over past acknowledged writes; coordinated would have "
                  + "resumed writes and lost none"
                : "force mode on a planned switchover: coordinated risks nothing and was the better choice";
        return new ModeVerdict(q.mode(), JournalNames.COORDINATED, false, verdict);
    }

    private static Optional<PromptTiming> prompt(List<EventEntry> events) {
        EventEntry asked = null;
        for (EventEntry e : events) {
            if (e.kind() == EventType.AWAITING_APPROVAL) {
                asked = e;
            } else if (asked != null && e.kind() == EventType.APPROVAL_DECIDED) {
                return Optional.of(new PromptTiming(Duration.ofMillis(e.atMs() - asked.atMs()),
                        Duration.ofMillis(Timeline.orZero(asked.windowMs())), e.forceDecision()));
            }
        }
        return asked == null ? Optional.empty()
                : Optional.of(new PromptTiming(Duration.ofMillis(events.get(events.size() - 1).atMs() - asked.atMs()),
                        Duration.ofMillis(Timeline.orZero(asked.windowMs())), Optional.empty()));
    }
}
