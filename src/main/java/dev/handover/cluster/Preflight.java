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
    /** Only on a split brain: two or more nodes take writes, and no switchover may start. */
    public static final String ONE_WRITABLE = "One writable primary";
    /** The replicas other than the target: each must follow the new primary after the commit. */
    public static final String OTHER_REPLICAS = "Other replicas";
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
        List<PreflightCheck> checks = new ArrayList<>();
        // Two writable nodes come first and fail whatever the target: a switchover would pick one history and
        // leave the other's acknowledged writes behind, with nobody asked.
        if (snapshot.verdict() instanceof ClusterVerdict.SplitBrain split) {
            checks.add(PreflightCheck.fail(ONE_WRITABLE, split.text()));
        }
        Optional<NodeStatus> primary = snapshot.primary();
        Optional<NodeStatus> found = snapshot.node(targetId);
        if (found.isEmpty()) {
            checks.add(PreflightCheck.fail(TARGET_HEALTHY, "node " + targetId + " is not in the cluster"));
            return List.copyOf(checks);
        }
        NodeStatus target = found.get();
        if (target.isPrimary()) {
            checks.add(PreflightCheck.fail(TARGET_HEALTHY, targetId + " is already the primary; pick a replica"));
            return List.copyOf(checks);
        }
        if (primary.isEmpty()) {
            checks.add(PreflightCheck.fail(TARGET_HEALTHY, "no node serves as primary: there is nothing to hand over"));
            return List.copyOf(checks);
        }
        checks.add(health(target));
        Positions positions = snapshot.positions();
        checks.add(lag(target, positions));
        Optional<Duration> catchUp = projectedCatchUp(target);
        checks.add(catchUp(target, catchUp, mode.deadline(), positions));
        checks.add(region(target, primary.get()));
        otherReplicas(snapshot, target, primary.get()).ifPresent(checks::add);
        checks.add(freeze(target, catchUp, mode, budget, positions));
        checks.add(coordinatedRun(target, catchUp, mode, positions));
        return List.copyOf(checks);
    }

    /**
     * Why {@code target} must not be promoted as it is, whatever its lag says; empty when nothing in its condition
     * stands in the way. A stalled receiver receives nothing and its promotion can hang (the startup process waits
     * for the walreceiver to exit); a paused apply holds a backlog the commit replays with writes frozen; a node
     * ahead of the primary holds writes the primary lacks; a split brain has no one history to hand over.
     */
    static Optional<String> unfit(NodeStatus target) {
        return switch (target.condition()) {
            case RECEIVER_STALLED -> Optional.of("its receiver is stalled: it receives nothing from the primary and its"
                    + " promotion may hang");
            case APPLY_PAUSED -> Optional.of("it applies nothing (apply paused): the commit would replay its backlog"
                    + " with writes frozen, for a time that cannot be projected");
            case AHEAD_OF_PRIMARY -> Optional.of("it holds more than the primary: its history diverged");
            case SPLIT_BRAIN -> Optional.of("it takes writes itself (split brain)");
            default -> Optional.empty();
        };
    }

    /** The replicas besides the target: after the commit each must follow the new primary, so an unfit one is said. */
    private static Optional<PreflightCheck> otherReplicas(ClusterSnapshot snapshot, NodeStatus target, NodeStatus primary) {
        List<NodeStatus> others = snapshot.nodes().stream()
                .filter(n -> !n.id().equals(target.id()) && !n.id().equals(primary.id()) && !n.isPrimary()).toList();
        if (others.isEmpty()) {
            return Optional.empty();
        }
        List<String> unfit = others.stream().filter(n -> n.health() != Health.HEALTHY)
                .map(n -> n.id() + " " + n.condition().label() + (n.detail().isBlank() ? "" : " (" + n.detail() + ")"))
                .toList();
        if (unfit.isEmpty()) {
            return Optional.of(PreflightCheck.pass(OTHER_REPLICAS, String.join(", ", others.stream().map(NodeStatus::id)
                    .toList()) + " healthy: each will be pointed at " + target.id()));
        }
        // Not the run's blocker (the target decides the switchover), but not a pass: the topology after it is degraded.
        return Optional.of(PreflightCheck.warn(OTHER_REPLICAS, String.join("; ", unfit)
                + ": may not follow " + target.id() + " after the commit"));
    }

    /**
     * How long writes would stay frozen: the catch-up when it fits in the deadline (the commit itself adds
     * little and is not known in advance), else the whole deadline — and then, in Force, the prompt.
     */
    public static Duration projectedFreeze(Optional<Duration> catchUp, Duration deadline) {
        return catchUp.filter(c -> c.compareTo(deadline) <= 0).orElse(deadline);
    }

    private static PreflightCheck freeze(NodeStatus target, Optional<Duration> catchUp, FailoverMode mode, Duration budget,
                                         Positions positions) {
        boolean whole = catchUp.filter(c -> c.compareTo(mode.deadline()) <= 0).isEmpty();
        Duration frozen = projectedFreeze(catchUp, mode.deadline());
        String replayNote = "";
        if (!whole && target.replayBacklog() > 0) {
            // The promotion applies what the target received but has not replayed before it takes writes.
            Optional<Duration> replay = projectedReplay(target);
            String backlog = positions.amount(target.replayBacklog()) + " received but not yet applied";
            if (replay.isEmpty()) {
                String why = target.condition() == Condition.APPLY_PAUSED ? "apply is paused"
                        : "no apply rate was measured yet";
                String seen = "unknown: " + target.id() + " has " + backlog + " and " + why
                        + ", so the time its promotion replays it with writes frozen cannot be projected"
                        + (catchUp.get().isZero() ? "" : " (on top of a catch-up of about "
                           + Durations.format(roughly(catchUp.get())) + ")")
                        + " against a freeze budget of " + Durations.format(budget); // every freeze line names the budget
                return target.condition() == Condition.APPLY_PAUSED ? PreflightCheck.fail(FREEZE, seen)
                        : PreflightCheck.warn(FREEZE, seen);
            }
            frozen = frozen.plus(replay.get());
            replayNote = ", including about " + Durations.format(roughly(replay.get())) + " to apply " + backlog;
        }
        // Said with what it rests on. The commit's own time (stopping the old primary, promoting the target) has no
        // basis before a run, so it is named as not projected: never "about 0ms" for a freeze that lasts seconds.
        String seen = (whole ? "about " + Durations.format(roughly(frozen)) + " (the whole deadline"
                   + (mode.isForce() ? ", then the force prompt)" : ", then writes resume)")
                : frozen.isZero() ? "the commit's own time, which cannot be projected (" + target.id()
                   + " had nothing to catch up when read)"
                : "about " + Durations.format(roughly(frozen)) + " (the catch-up at " + target.id() + "'s apply rate"
                   + replayNote + ", then the commit, whose own time is not projected)")
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
     * How long the target needs to apply what it holds but has not applied ({@link NodeStatus#replayBacklog()}) at its
     * current apply rate: zero with no backlog; empty when it applies nothing (paused, or no rate measured yet), so
     * nobody shows a confident 0.
     */
    public static Optional<Duration> projectedReplay(NodeStatus target) {
        if (!target.answered()) {
            return Optional.empty();
        }
        if (target.replayBacklog() == 0) {
            return Optional.of(Duration.ZERO);
        }
        if (target.condition() == Condition.APPLY_PAUSED || target.applyRate() <= 0) {
            return Optional.empty();
        }
        double seconds = target.replayBacklog() / target.applyRate();
        return Optional.of(Duration.ofNanos((long) Math.min(seconds * 1e9, Long.MAX_VALUE / 2.0)));
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
        if (!mode.isForce() && target.isPresent() && target.get().health() != Health.UNREACHABLE
                && unfit(target.get()).isEmpty() && !(snapshot.verdict() instanceof ClusterVerdict.SplitBrain)) {
            // Force skips a backlog; it does not mend a stalled, paused or diverged target, nor a split brain.
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

    /** The projected catch-up, by the rule the preflight's lines share ({@link CatchUp#projected}). */
    public static Optional<Duration> projectedCatchUp(NodeStatus target) {
        return CatchUp.projected(target);
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
        Optional<String> unfit = unfit(target);
        if (unfit.isPresent()) {
            return PreflightCheck.fail(TARGET_HEALTHY, target.id() + " is " + target.condition().label() + detail + ": "
                    + unfit.get());
        }
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
        if (target.ahead()) {
            return PreflightCheck.fail(LAG, target.id() + " is ahead of the primary by " + positions.amount(-target.lagLsn())
                    + ": it holds what the primary lacks (diverged history), not \"0 behind\"");
        }
        // The time behind by the rule status and the console follow: unknown, not 0ms, when nothing measured it.
        String seen = positions.amount(target.lagLsn()) + " behind (" + TimeBehind.of(target.lagLsn(), target.lag(),
                target.applyRate()).map(t -> Durations.format(roughly(t))).orElse("time unknown") + ")";
        if (target.replayBacklog() > 0) {
            // Durable is not applied: what waits to be replayed is behind too, for the promotion.
            seen += ", and " + positions.amount(target.replayBacklog()) + " received but not yet applied";
            if (target.replayBacklog() > lagThresholdLsn) {
                return PreflightCheck.warn(LAG, seen + ", over the threshold of " + positions.amount(lagThresholdLsn));
            }
        }
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
            return PreflightCheck.fail(CATCH_UP, CatchUp.rateNotMeasured(target)
                    ? "unknown: " + target.id() + " has " + positions.amount(target.lagLsn()) + " to go and no apply rate"
                      + " was measured (a first read, or nothing applied since the last), so its catch-up cannot be projected"
                    : target.id() + " applies nothing with " + positions.amount(target.lagLsn())
                      + " to go: it would never catch up");
        }
        Duration need = catchUp.get();
        String seen = "about " + Durations.format(roughly(need)) + " against a deadline of " + Durations.format(deadline);
        if (CatchUp.fromKeepingUp(target)) {
            // No rate to divide by, but it streams and has applied all it received: what it lacks is in flight.
            seen = (need.isZero() ? "in moments" : "about " + Durations.format(roughly(need)) + ", the time it trails by,")
                    + " against a deadline of " + Durations.format(deadline) + ": " + target.id()
                    + " streams and has applied all it received; the " + positions.amount(target.lagLsn())
                    + " it lacks are in flight (no apply rate measured yet)";
        }
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
        Optional<String> condition = unfit(target);
        if (!unfit && !late && condition.isEmpty()) {
            return PreflightCheck.pass(COORDINATED_RUN, "likely to complete with zero data loss");
        }
        if (!unfit && condition.isPresent()) {
            return PreflightCheck.fail(COORDINATED_RUN, "a coordinated run to " + target.id() + " would likely fail: "
                    + condition.get());
        }
        String why = unfit ? target.id() + " cannot be reached"
                : catchUp.isEmpty() ? target.id() + (CatchUp.rateNotMeasured(target)
                        ? "'s catch-up cannot be projected (no apply rate measured)" : " applies nothing")
                : target.id() + " would not catch up in time";
        String forceNote = !mode.isForce() ? ""
                : unfit ? "; Force would hand over anyway and skip an unknown amount of acknowledged writes"
                : "; Force would hand over anyway and skip about " + positions.amount(target.lagLsn())
                  + " of acknowledged writes";
        return PreflightCheck.fail(COORDINATED_RUN, "a coordinated run would likely abort: " + why + forceNote);
    }
}
