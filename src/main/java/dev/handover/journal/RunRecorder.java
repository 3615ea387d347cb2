package dev.handover.journal;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ObservedRole;
import dev.handover.cluster.Positions;
import dev.handover.cluster.TopologyCheck;
import dev.handover.core.AbortReason;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.HandoverEvent;
import dev.handover.core.HandoverListener;
import dev.handover.core.NodeRole;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Listens to a run's {@link HandoverEvent}s and turns them into a {@link RunReport}. The outcome
 * block is derived from the events alone (the terminal one decides), so a report reads the same
 * whether the run was driven by the CLI or the console. {@code skippedLsn} counts only LSNs a forced
 * commit skipped: 0 for an abort (its gap is {@code frontierLsn - reachedLsn}), absent for an unknown outcome.
 */
public final class RunRecorder implements HandoverListener {
    private final List<HandoverEvent> events = new ArrayList<>();
    /** How the outcome's message writes positions; the outcome's numbers stay raw. */
    private final Positions positions;

    public RunRecorder() {
        this(Positions.PLAIN);
    }

    public RunRecorder(Positions positions) {
        this.positions = java.util.Objects.requireNonNull(positions, "positions");
    }

    @Override
    public synchronized void on(HandoverEvent event) {
        events.add(event);
    }

    public synchronized List<HandoverEvent> events() {
        return List.copyOf(events);
    }

    /** The report of the run so far; before a terminal event the result is unknown. */
    public synchronized RunReport report(RunReport.RunInfo run, RunReport.RequestInfo request,
                                         Optional<RunReport.InvariantsInfo> invariants) {
        return report(run, request, invariants, List.of());
    }

    /** The same, with the preflight ranking taken before the run (best first). */
    public synchronized RunReport report(RunReport.RunInfo run, RunReport.RequestInfo request,
                                         Optional<RunReport.InvariantsInfo> invariants,
                                         List<RunReport.CandidateInfo> candidates) {
        return report(run, request, invariants, candidates, Optional.empty());
    }

    /**
     * The same, with what the backend read back after a commit: it sets the outcome's topology, and its
     * roles replace the ones the coordinator meant to hand out (only what was seen is recorded).
     */
    public synchronized RunReport report(RunReport.RunInfo run, RunReport.RequestInfo request,
                                         Optional<RunReport.InvariantsInfo> invariants,
                                         List<RunReport.CandidateInfo> candidates, Optional<AfterRun> afterRun) {
        List<EventEntry> entries = events.stream().map(RunRecorder::entry).toList();
        OutcomeInfo outcome = outcome(request);
        if (afterRun.isPresent()) {
            outcome = observed(outcome, request, afterRun.get());
        }
        return new RunReport(run, request, entries, outcome,
                afterRun.map(VerificationInfo::of).orElse(null), invariants.orElse(null), candidates);
    }

    /**
     * The outcome with its topology as verified and the roles as seen; for a handover, a message that
     * claims only what was seen (a degraded one names every failed check and the steps left by hand).
     */
    private OutcomeInfo observed(OutcomeInfo o, RunReport.RequestInfo request, AfterRun a) {
        Positions p = positions;
        boolean degraded = a.degraded();
        String message = o.message();
        if (o.result().handedOver()) {
            String target = request.target();
            boolean seenPrimary = a.role(target).filter(r -> r.kind() == ObservedRole.Kind.PRIMARY
                    && r.term() == o.newTerm()).isPresent();
            String who = seenPrimary ? target + " is primary under term " + o.newTerm()
                    : target + " was promoted for term " + o.newTerm() + " but was not seen as primary on it";
            String how = o.forced()
                    ? "forced at " + p.noun() + " " + p.position(o.reachedLsn()) + ", skipping " + p.amount(o.skippedLsn())
                      + " of acknowledged writes up to the frontier " + p.position(o.frontierLsn())
                    : "it reached the frontier " + p.noun() + " " + p.position(o.frontierLsn()) + ", no acknowledged write lost";
            List<String> failed = a.checks().stream().filter(TopologyCheck::degrades)
                    .map(c -> c.what() + (c.seen().isEmpty() ? "" : " (" + c.seen() + ")")).toList();
            String topology = !degraded ? "every check of the new topology held"
                    : "TOPOLOGY DEGRADED: " + (failed.isEmpty() ? "" : "failed: " + String.join("; ", failed))
                      + (failed.isEmpty() || a.remaining().isEmpty() ? "" : "; ")
                      + (a.remaining().isEmpty() ? "" : a.remaining().size() + " step(s) left by hand");
            message = (o.forced() ? "forced: " : "") + who + "; " + how + "; " + topology;
        }
        List<RunReport.RoleInfo> roles = a.roles().stream().map(RunReport.RoleInfo::of).toList();
        return new OutcomeInfo(o.result(), degraded ? OutcomeInfo.DEGRADED : OutcomeInfo.HEALTHY,
                o.writesFrozen(), o.newTerm(), o.frontierLsn(), o.reachedLsn(), o.skippedLsn(), o.forced(), o.waitedMs(),
                roles, o.reason(), message);
    }

    /** The request block for {@code req}, polled every {@code poll}. */
    public static RunReport.RequestInfo request(FailoverRequest req, Duration poll, Optional<String> forceApproval,
                                                Optional<Long> seed) {
        return new RunReport.RequestInfo(req.oldPrimary().id(), req.oldPrimary().addr(), req.oldPrimary().region(),
                req.target().id(), req.target().addr(), req.target().region(), req.currentTerm(), req.newTerm(),
                JournalNames.mode(req.mode()), req.mode().deadline().toMillis(), poll.toMillis(),
                req.targetFrontierHint(), forceApproval.orElse(null), seed.orElse(null));
    }

    private OutcomeInfo outcome(RunReport.RequestInfo request) {
        Optional<HandoverEvent> terminal = events.stream().filter(HandoverEvent::isTerminal).findFirst();
        long frontier = events.stream().filter(e -> e instanceof HandoverEvent.Frozen)
                .mapToLong(e -> ((HandoverEvent.Frozen) e).frontierLsn()).findFirst().orElse(0);
        long reached = lastReached().orElse(request.targetFrontierHint());
        if (terminal.isEmpty()) {
            boolean frozen = frontier > 0 && events.stream().noneMatch(e -> e instanceof HandoverEvent.Resumed);
            long waited = events.isEmpty() ? 0 : events.get(events.size() - 1).at().toMillis();
            return new OutcomeInfo(Result.UNKNOWN, frozen, null, frontier, reached, null,
                    false, waited, List.of(), JournalNames.UNFINISHED,
                    "the run did not finish" + (frozen ? "; writes may still be frozen on " + request.oldPrimary() : ""));
        }
        HandoverEvent t = terminal.get();
        if (t instanceof HandoverEvent.Committed c) {
            FailoverOutcome o = c.outcome();
            Positions p = positions;
            String message = o.isZeroRpo()
                    ? request.target() + " is primary under term " + o.newTerm() + "; it reached the frontier " + p.noun() + " "
                      + p.position(o.frontierLsn()) + ", no acknowledged write lost"
                    : "forced: " + request.target() + " is primary under term " + o.newTerm() + " at " + p.noun() + " "
                      + p.position(o.reachedLsn()) + ", skipping " + p.amount(o.skippedLsn())
                      + " of acknowledged writes up to the frontier " + p.position(o.frontierLsn());
            return new OutcomeInfo(o.isZeroRpo() ? Result.COMMITTED : Result.FORCED, false, o.newTerm(), o.frontierLsn(),
                    o.reachedLsn(), o.skippedLsn(), o.forced(), o.waited().toMillis(), roles(request, o), null, message);
        }
        if (t instanceof HandoverEvent.Aborted a) {
            return new OutcomeInfo(Result.ABORTED, false, null, a.frontierLsn(), a.reachedLsn(),
                    0L, false, a.at().toMillis(), List.of(),
                    reasonName(a.reason()), a.message());
        }
        if (t instanceof HandoverEvent.OutcomeUnknown u) {
            return new OutcomeInfo(Result.UNKNOWN, true, u.newTerm(), u.frontierLsn(), u.reachedLsn(),
                    null, false, u.at().toMillis(), List.of(),
                    JournalNames.COMMIT_FAILED, u.message());
        }
        HandoverEvent.StillFrozen s = (HandoverEvent.StillFrozen) t;
        return new OutcomeInfo(Result.UNKNOWN, true, null, s.frontierLsn(), s.reachedLsn(),
                null, false, s.at().toMillis(), List.of(),
                JournalNames.RESUME_FAILED, s.message());
    }

    private Optional<Long> lastReached() {
        Long reached = null;
        for (HandoverEvent e : events) {
            if (e instanceof HandoverEvent.Polled p) {
                reached = p.reachedLsn();
            }
        }
        return Optional.ofNullable(reached);
    }

    private static List<RunReport.RoleInfo> roles(RunReport.RequestInfo request, FailoverOutcome o) {
        return List.of(role(request.target(), o.roles().newPrimary()), role(request.oldPrimary(), o.roles().oldPrimary()));
    }

    private static RunReport.RoleInfo role(String node, NodeRole role) {
        if (role instanceof NodeRole.Replica r) {
            return new RunReport.RoleInfo(node, "replica", r.term(), r.primaryAddr());
        }
        return new RunReport.RoleInfo(node, "primary", role.term(), null);
    }

    /** An abort reason as the report spells it: {@code catch-up-timed-out}. */
    static String reasonName(AbortReason reason) {
        return JournalNames.wire(reason);
    }

    /** One event as a record writes it. */
    public static EventEntry entry(HandoverEvent e) {
        long at = e.at().toMillis();
        String type = EventType.of(e).wire();
        if (e instanceof HandoverEvent.Frozen f) {
            return new EventEntry(at, type, f.frontierLsn(), null, null, null, null, null, null, null, null, null);
        }
        if (e instanceof HandoverEvent.Polled p) {
            return new EventEntry(at, type, p.frontierLsn(), p.reachedLsn(), null, null, null, null, null,
                    null, null, null);
        }
        if (e instanceof HandoverEvent.AwaitingApproval a) {
            return new EventEntry(at, type, a.frontierLsn(), a.reachedLsn(), a.skippedLsn(),
                    a.window().toMillis(), null, null, null, null, null, null);
        }
        if (e instanceof HandoverEvent.ApprovalDecided d) {
            return new EventEntry(at, type, null, null, null, null,
                    JournalNames.wire(d.decision()), null, null, null, null, null);
        }
        if (e instanceof HandoverEvent.CommitStep c) {
            return new EventEntry(at, type, null, null, null, null, null, null, null, null, null, c.step());
        }
        if (e instanceof HandoverEvent.Resumed) {
            return new EventEntry(at, type, null, null, null, null, null, null, null, null, null, null);
        }
        if (e instanceof HandoverEvent.Committed c) {
            FailoverOutcome o = c.outcome();
            return new EventEntry(at, type, o.frontierLsn(), o.reachedLsn(), o.skippedLsn(), null, null,
                    null, o.newTerm(), o.forced(), o.waited().toMillis(), null);
        }
        if (e instanceof HandoverEvent.Aborted a) {
            return new EventEntry(at, type, a.frontierLsn(), a.reachedLsn(), null, null, null,
                    reasonName(a.reason()), null, null, null, a.message());
        }
        if (e instanceof HandoverEvent.OutcomeUnknown u) {
            return new EventEntry(at, type, u.frontierLsn(), u.reachedLsn(), null, null, null,
                    null, u.newTerm(), null, null, u.message());
        }
        HandoverEvent.StillFrozen s = (HandoverEvent.StillFrozen) e;
        return new EventEntry(at, type, s.frontierLsn(), s.reachedLsn(), null, null, null,
                reasonName(s.reason()), null, null, null, s.message());
    }
}
