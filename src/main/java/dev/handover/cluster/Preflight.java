package dev.handover.cluster;

import dev.handover.core.Durations;
import dev.handover.core.FailoverMode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checklist run before a switchover: is the target fit, how far behind is it, can it catch up
 * before the deadline once writes are frozen, does the primary leave its region. Pure: it reads one
 * snapshot and says what it sees, so the console and the CLI show the same verdicts.
 *
 * <p>Once writes are frozen no new LSN is minted, so the catch-up a run waits for is the target's
 * backlog divided by its apply rate — the write rate does not enter into it.
 */
public final class Preflight {
    /** Lag above which the lag line warns, when no other threshold is given. */
    public static final long DEFAULT_LAG_THRESHOLD_LSN = 10_000;

    public static final String TARGET_HEALTHY = "Target healthy";
    public static final String LAG = "Replication lag";
    public static final String CATCH_UP = "Projected catch-up";
    public static final String REGION = "Region";
    public static final String COORDINATED_RUN = "Coordinated run";
    public static final String FREEZE = "Projected write freeze";
    /**
     * How long writes may stay frozen when the operator sets nothing: a planned switchover should pause
     * clients for seconds, not a minute. The freeze line warns above half of the budget, fails above it.
     */
    public static final Duration DEFAULT_FREEZE_BUDGET = Duration.ofSeconds(5);
    /** No deadline or budget longer than this is suggested: the CLI takes none (nor the console's budget field). */
    static final Duration LONGEST_SUGGESTED = Duration.ofMinutes(10);

    private final long lagThresholdLsn;

    public Preflight(long lagThresholdLsn) {
        if (lagThresholdLsn < 0) {
            throw new IllegalArgumentException("lag threshold must not be negative, got " + lagThresholdLsn + " LSN");
        }
        this.lagThresholdLsn = lagThresholdLsn;
    }

    public Preflight() {
        this(DEFAULT_LAG_THRESHOLD_LSN);
    }

    /** True when any line fails: a coordinated run must not start; a forced one may, behind a warning. */
    public static boolean blocksCoordinated(List<PreflightCheck> checks) {
        return checks.stream().anyMatch(PreflightCheck::failed);
    }

    /** The checklist for handing the primary role to {@code targetId} in {@code mode}, under the default freeze budget. */
    public List<PreflightCheck> check(ClusterSnapshot snapshot, String targetId, FailoverMode mode) {
        return check(snapshot, targetId, mode, DEFAULT_FREEZE_BUDGET);
    }

    /**
     * The checklist for handing the primary role to {@code targetId} in {@code mode}, writes frozen at most
     * {@code freezeBudget}. Each failing line carries the changes that would pass ({@link Suggestion}), each
     * checked by running this same list again: a longer deadline, another target, a larger budget, then Force.
     */
    public List<PreflightCheck> check(ClusterSnapshot snapshot, String targetId, FailoverMode mode, Duration freezeBudget) {
        if (freezeBudget.isNegative() || freezeBudget.isZero()) {
            throw new IllegalArgumentException("freeze budget must be longer than 0, got " + Durations.format(freezeBudget));
        }
        List<PreflightCheck> checks = lines(snapshot, targetId, mode, freezeBudget);
        if (!blocksCoordinated(checks)) {
            return checks;
        }
        List<Suggestion> suggestions = suggestions(snapshot, targetId, mode, freezeBudget);
        return checks.stream().map(c -> c.failed() ? c.suggesting(suggestions) : c).toList();
    }

    private List<PreflightCheck> lines(ClusterSnapshot snapshot, String targetId, FailoverMode mode, Duration budget) {
        Optional<NodeStatus> primary = snapshot.primary();
        Optional<NodeStatus> found = snapshot.node(targetId);
        if (found.isEmpty()) {
            return List.of(PreflightCheck.fail(TARGET_HEALTHY, "node " + targetId + " is not in the cluster"));
        }
        NodeStatus target = found.get();
        if (target.isPrimary()) {
            return List.of(PreflightCheck.fail(TARGET_HEALTHY, targetId + " is already the primary; pick a replica"));
        }
        if (primary.isEmpty()) {
            return List.of(PreflightCheck.fail(TARGET_HEALTHY, "no node serves as primary: there is nothing to hand over"));
        }
        List<PreflightCheck> checks = new ArrayList<>();
        checks.add(health(target));
        Positions positions = snapshot.positions();
        checks.add(lag(target, positions));
        Optional<Duration> catchUp = projectedCatchUp(target);
        checks.add(catchUp(target, catchUp, mode.deadline(), positions));
        checks.add(region(target, primary.get()));
        checks.add(freeze(catchUp, mode, budget));
        checks.add(coordinatedRun(target, catchUp, mode, positions));
        return List.copyOf(checks);
    }

    /**
     * How long writes would stay frozen: the catch-up when it fits in the deadline (the commit itself adds
     * little and is not known in advance), else the whole deadline — and then, in Force, the prompt.
     */
    public static Duration projectedFreeze(Optional<Duration> catchUp, Duration deadline) {
        return catchUp.filter(c -> c.compareTo(deadline) <= 0).orElse(deadline);
    }

    private static PreflightCheck freeze(Optional<Duration> catchUp, FailoverMode mode, Duration budget) {
        Duration frozen = projectedFreeze(catchUp, mode.deadline());
        boolean whole = catchUp.filter(c -> c.compareTo(mode.deadline()) <= 0).isEmpty();
        String seen = "about " + Durations.format(roughly(frozen))
                + (whole ? " (the whole deadline" + (mode.isForce() ? ", then the force prompt)" : ", then writes resume)")
                   : " (the catch-up, then the commit)")
                + " against a freeze budget of " + Durations.format(budget);
        if (frozen.compareTo(budget) > 0) {
            return PreflightCheck.fail(FREEZE, seen + ": clients would wait longer than the budget");
        }
        if (frozen.multipliedBy(2).compareTo(budget) > 0) {
            return PreflightCheck.warn(FREEZE, seen + ": over half the budget");
        }
        return PreflightCheck.pass(FREEZE, seen);
    }

    /**
     * What would pass, best first, each verified by the same checks: the same target with a longer deadline;
     * another target; the same plan with a larger freeze budget; and for a coordinated plan, last, Force.
     */
    private List<Suggestion> suggestions(ClusterSnapshot snapshot, String targetId, FailoverMode mode, Duration budget) {
        List<Suggestion> out = new ArrayList<>();
        // A deadline that also needs a larger budget asks more of the clients: offered after another target.
        Optional<Suggestion> deadlineAndBudget = Optional.empty();
        Optional<NodeStatus> target = snapshot.node(targetId).filter(t -> !t.isPrimary());
        Optional<Duration> catchUp = target.flatMap(Preflight::projectedCatchUp);
        // Twice the catch-up, so the line passes rather than warns; none that could not be typed in.
        Optional<Duration> twice = catchUp.map(c -> wholeSeconds(c.multipliedBy(2)))
                .filter(d -> d.compareTo(LONGEST_SUGGESTED) <= 0);
        if (twice.isPresent() && catchUp.get().compareTo(mode.deadline()) > 0) {
            Duration longer = twice.get();
            if (!blocksCoordinated(lines(snapshot, targetId, withDeadline(mode, longer), budget))) {
                out.add(new Suggestion.LongerDeadline(longer, catchUp.get(), Optional.empty()));
            } else if (longer.compareTo(budget) > 0
                    && !blocksCoordinated(lines(snapshot, targetId, withDeadline(mode, longer), longer))) {
                deadlineAndBudget = Optional.of(new Suggestion.LongerDeadline(longer, catchUp.get(), Optional.of(longer)));
            }
        }
        for (Candidate c : CandidateRanking.rank(snapshot)) {
            if (!c.id().equals(targetId) && !blocksCoordinated(lines(snapshot, c.id(), mode, budget))) {
                out.add(new Suggestion.OtherTarget(c.id(),
                        projectedFreeze(projectedCatchUp(c.status()), mode.deadline())));
                break;
            }
        }
        deadlineAndBudget.ifPresent(out::add);
        if (twice.isPresent() && catchUp.get().compareTo(mode.deadline()) <= 0) {
            // Only the budget stands in the way: say what budget this plan needs.
            Duration larger = twice.get();
            if (larger.compareTo(budget) > 0 && !blocksCoordinated(lines(snapshot, targetId, mode, larger))) {
                out.add(new Suggestion.LargerFreezeBudget(larger, catchUp.get()));
            }
        }
        if (!mode.isForce() && target.isPresent() && target.get().health() != Health.UNREACHABLE) {
            out.add(new Suggestion.Force(targetId, target.get().lagLsn()));
        }
        return List.copyOf(out);
    }

    private static FailoverMode withDeadline(FailoverMode mode, Duration deadline) {
        return mode.isForce() ? new FailoverMode.Force(deadline) : new FailoverMode.Coordinated(deadline);
    }

    /** Up to the next whole second, at least one: a figure to type into a form. */
    private static Duration wholeSeconds(Duration d) {
        long s = (d.toMillis() + 999) / 1000;
        return Duration.ofSeconds(Math.max(1, s));
    }

    /**
     * How long the target needs to apply its backlog at its current rate; empty when it applies
     * nothing (stalled or unreachable) and has a backlog, so it would never catch up.
     */
    public static Optional<Duration> projectedCatchUp(NodeStatus target) {
        if (!target.answered()) {
            return Optional.empty(); // its backlog was not read: no "0 to go, caught up"
        }
        if (target.lagLsn() <= 0) {
            return Optional.of(Duration.ZERO);
        }
        if (target.applyRate() <= 0 || target.health() == Health.UNREACHABLE) {
            return Optional.empty();
        }
        double seconds = target.lagLsn() / target.applyRate();
        return Optional.of(Duration.ofNanos((long) Math.min(seconds * 1e9, Long.MAX_VALUE / 2.0)));
    }

    /** A duration as people read it: whole milliseconds under a second, tenths of a second above. */
    public static Duration roughly(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofMillis(d.toMillis());
        }
        return Duration.ofMillis(Math.round(d.toMillis() / 100.0) * 100);
    }

    private static PreflightCheck health(NodeStatus target) {
        String detail = target.detail().isBlank() ? "" : " (" + target.detail() + ")";
        return switch (target.health()) {
            case HEALTHY -> PreflightCheck.pass(TARGET_HEALTHY, target.id() + " is healthy and replicating");
            // Degraded (far behind, slowed) may still catch up in time: the catch-up line decides.
            case DEGRADED -> PreflightCheck.warn(TARGET_HEALTHY, target.id() + " is degraded" + detail);
            case UNREACHABLE -> PreflightCheck.fail(TARGET_HEALTHY, target.id() + " cannot be reached" + detail);
        };
    }

    private PreflightCheck lag(NodeStatus target, Positions positions) {
        if (!target.answered()) {
            return PreflightCheck.fail(LAG, "unknown: " + target.id() + " did not answer the status call");
        }
        String seen = positions.amount(target.lagLsn()) + " behind (" + Durations.format(roughly(target.lag())) + ")";
        if (target.lagLsn() <= lagThresholdLsn) {
            return PreflightCheck.pass(LAG, seen + ", within " + positions.amount(lagThresholdLsn));
        }
        return PreflightCheck.warn(LAG, seen + ", over the threshold of " + positions.amount(lagThresholdLsn));
    }

    private static PreflightCheck catchUp(NodeStatus target, Optional<Duration> catchUp, Duration deadline,
                                          Positions positions) {
        if (!target.answered()) {
            return PreflightCheck.fail(CATCH_UP, "unknown: " + target.id() + " cannot be reached, its backlog was not read");
        }
        if (catchUp.isEmpty()) {
            return PreflightCheck.fail(CATCH_UP, target.id() + " applies nothing with " + positions.amount(target.lagLsn())
                    + " to go: it would never catch up");
        }
        Duration need = catchUp.get();
        String seen = "about " + Durations.format(roughly(need)) + " against a deadline of " + Durations.format(deadline);
        if (need.compareTo(deadline) > 0) {
            return PreflightCheck.fail(CATCH_UP, seen + ": it would not make it");
        }
        if (need.multipliedBy(2).compareTo(deadline) > 0) {
            return PreflightCheck.warn(CATCH_UP, seen + ": tight, over half the deadline");
        }
        return PreflightCheck.pass(CATCH_UP, seen);
    }

    private static PreflightCheck region(NodeStatus target, NodeStatus primary) {
        String from = primary.node().region();
        String to = target.node().region();
        if (from.equals(to)) {
            return PreflightCheck.pass(REGION, "stays in " + to);
        }
        return PreflightCheck.warn(REGION, "cross-region promotion: the primary moves from " + from + " to " + to);
    }

    private static PreflightCheck coordinatedRun(NodeStatus target, Optional<Duration> catchUp, FailoverMode mode,
                                                 Positions positions) {
        boolean unfit = target.health() == Health.UNREACHABLE;
        boolean late = catchUp.isEmpty() || catchUp.get().compareTo(mode.deadline()) > 0;
        if (!unfit && !late) {
            return PreflightCheck.pass(COORDINATED_RUN, "likely to complete with zero data loss");
        }
        String why = unfit ? target.id() + " cannot be reached"
                : catchUp.isEmpty() ? target.id() + " applies nothing" : target.id() + " would not catch up in time";
        String forceNote = !mode.isForce() ? ""
                : unfit ? "; Force would hand over anyway and skip an unknown amount of acknowledged writes"
                : "; Force would hand over anyway and skip about " + positions.amount(target.lagLsn())
                  + " of acknowledged writes";
        return PreflightCheck.fail(COORDINATED_RUN, "a coordinated run would likely abort: " + why + forceNote);
    }
}
