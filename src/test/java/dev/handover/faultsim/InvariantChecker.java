package dev.handover.faultsim;

import dev.handover.journal.Result;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.AbortReason;
import dev.handover.core.CatchUpTimedOut;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.ForceDecision;
import dev.handover.core.HandoverAborted;
import dev.handover.core.HandoverEvent;
import dev.handover.core.NodeRole;
import dev.handover.core.OutcomeUnknownException;
import dev.handover.core.WritesStillFrozenException;
import dev.handover.journal.OutcomeInfo;
import dev.handover.journal.RunReport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The safety rules every schedule must keep, checked on a {@link RunObservation}. Each broken rule is
 * one line of text; an empty list means the schedule passed.
 */
final class InvariantChecker {
    private final RunObservation o;
    private final List<String> v = new ArrayList<>();

    private InvariantChecker(RunObservation o) {
        this.o = o;
    }

    static List<String> check(RunObservation o) {
        InvariantChecker c = new InvariantChecker(o);
        c.v.addAll(o.during());
        c.run();
        c.v.addAll(o.followUp());
        return List.copyOf(c.v);
    }

    private void run() {
        List<HandoverEvent> events = o.events();
        if (events.isEmpty()) {
            v.add("no events at all");
            return;
        }
        HandoverEvent terminal = events.get(events.size() - 1);
        long terminals = events.stream().filter(HandoverEvent::isTerminal).count();
        if (terminals != 1 || !terminal.isTerminal()) {
            v.add("expected exactly one terminal event, last; got " + terminals + " in " + names(events));
            return;
        }
        sequence(events, terminal);
        result(terminal);
        losses(terminal);
        frozen(terminal);
        primaries(terminal);
        operator(terminal);
        journal(terminal);
    }

    /** The run's record reads back as the run went, and its outcome says what the cluster saw. */
    private void journal(HandoverEvent terminal) {
        RunReport r = o.journal();
        if (!r.handoverEvents().equals(o.events())) {
            v.add("the journal's events read back differently: " + r.handoverEvents());
        }
        OutcomeInfo out = r.outcome();
        Result expected = terminal instanceof HandoverEvent.Committed c ? (c.outcome().isZeroRpo() ? Result.COMMITTED
                : Result.FORCED) : terminal instanceof HandoverEvent.Aborted ? Result.ABORTED : Result.UNKNOWN;
        if (out.result() != expected) {
            v.add("the journal says " + out.result() + " for a run that ended " + name(terminal));
        }
        if (o.invariants().leftFrozen() && !out.writesFrozen()) {
            v.add("the journal says writes are not frozen, but the primary is");
        }
        if (terminal instanceof HandoverEvent.Committed c && out.skippedLsn() != c.outcome().skippedLsn()) {
            v.add("the journal reports " + out.skippedLsn() + " LSN skipped, the outcome " + c.outcome().skippedLsn());
        }
        if (r.invariants() == null || r.invariants().lostWrites() != o.invariants().lostWrites()) {
            v.add("the journal's lost-writes count differs from the simulator's " + o.invariants().lostWrites());
        }
    }

    /** Frozen first (unless the freeze failed), times in order, readings against the frozen frontier. */
    private void sequence(List<HandoverEvent> events, HandoverEvent terminal) {
        HandoverEvent first = events.get(0);
        boolean freezeFailed = first instanceof HandoverEvent.Aborted a && a.reason() == AbortReason.FREEZE_FAILED;
        if (freezeFailed) {
            if (events.size() != 1) {
                v.add("a failed freeze must be the only event, got " + names(events));
            }
            if (o.transport().frozen()) {
                v.add("Aborted(FREEZE_FAILED) although the freeze succeeded");
            }
            return;
        }
        if (!(first instanceof HandoverEvent.Frozen frozen)) {
            v.add("first event is " + name(first) + ", not Frozen");
            return;
        }
        if (!o.transport().frozen() || frozen.frontierLsn() != o.transport().frontier()) {
            v.add("Frozen(" + frozen.frontierLsn() + ") but the transport froze at " + o.transport().frontier());
        }
        long frontier = frozen.frontierLsn();
        long lastReached = -1;
        Duration lastAt = Duration.ZERO;
        int awaiting = 0;
        int decided = 0;
        int resumed = 0;
        int polls = 0;
        for (int i = 0; i < events.size(); i++) {
            HandoverEvent e = events.get(i);
            if (e.at().compareTo(lastAt) < 0) {
                v.add("event #" + (i + 1) + " " + name(e) + " at " + e.at() + " is earlier than the one before");
            }
            lastAt = e.at();
            if (i > 0 && e instanceof HandoverEvent.Frozen) {
                v.add("a second Frozen at event #" + (i + 1));
            }
            if (e instanceof HandoverEvent.Polled p) {
                polls++;
                if (p.frontierLsn() != frontier) {
                    v.add("Polled against frontier " + p.frontierLsn() + ", frozen at " + frontier);
                }
                if (p.reachedLsn() > frontier) {
                    // The target cannot pass a frozen frontier on the simulator: the reading came after a lapse.
                    v.add("Polled reached " + p.reachedLsn() + ", past the frozen frontier " + frontier);
                }
                if (p.reachedLsn() < lastReached) {
                    v.add("the target's durable LSN went back from " + lastReached + " to " + p.reachedLsn());
                }
                lastReached = p.reachedLsn();
            }
            if (e instanceof HandoverEvent.AwaitingApproval a) {
                awaiting++;
                if (!o.request().mode().isForce() || !o.schedule().approval().wired()) {
                    v.add("AwaitingApproval in a run that has no force prompt");
                }
                if (a.skippedLsn() <= 0 || a.skippedLsn() != a.frontierLsn() - a.reachedLsn()) {
                    v.add("AwaitingApproval with skipped " + a.skippedLsn() + " for frontier " + a.frontierLsn()
                            + " reached " + a.reachedLsn());
                }
                if (i + 1 >= events.size() || !(events.get(i + 1) instanceof HandoverEvent.ApprovalDecided)) {
                    v.add("AwaitingApproval not followed by ApprovalDecided");
                }
            }
            if (e instanceof HandoverEvent.ApprovalDecided) {
                decided++;
            }
            if (e instanceof HandoverEvent.Resumed) {
                resumed++;
                if (i != events.size() - 2) {
                    v.add("Resumed at event #" + (i + 1) + " is not right before the terminal event");
                }
            }
        }
        if (awaiting > 1 || decided != awaiting) {
            v.add(awaiting + " AwaitingApproval and " + decided + " ApprovalDecided events");
        }
        if (polls > o.transport().polls()) {
            v.add(polls + " Polled events for " + o.transport().polls() + " poll calls");
        }
        boolean abortedAfterFreeze = terminal instanceof HandoverEvent.Aborted;
        if (resumed != (abortedAfterFreeze ? 1 : 0)) {
            v.add(resumed + " Resumed events for a run that ended " + name(terminal));
        }
        if (abortedAfterFreeze != o.transport().resumed()) {
            v.add("run ended " + name(terminal) + " but the transport " + (o.transport().resumed() ? "did" : "did not")
                    + " resume writes");
        }
        // Writes stay frozen no longer than the deadline and the operator's answer: the readings past the
        // deadline and after the prompt are taken at once, whatever the poll interval.
        Duration bound = o.request().mode().deadline().plus(o.operator().approvalTime());
        Duration frozenFor = terminal.at().minus(first.at());
        if (frozenFor.compareTo(bound) > 0) {
            v.add("writes frozen for " + frozenFor + ", more than the bound " + bound);
        }
    }

    /** The thrown exception (or returned outcome) matches the terminal event, and makes sense for the mode. */
    private void result(HandoverEvent terminal) {
        Optional<Throwable> thrown = o.thrown();
        FailoverRequest req = o.request();
        if (thrown.isPresent() && !(thrown.get() instanceof dev.handover.core.FailoverException)) {
            v.add("run threw an unexpected " + thrown.get());
        }
        if (terminal instanceof HandoverEvent.Committed c) {
            FailoverOutcome out = c.outcome();
            if (o.outcome().isEmpty() || !o.outcome().get().equals(out)) {
                v.add("Committed event but run returned " + o.outcome() + " / threw " + thrown.map(Object::toString));
            }
            if (!o.transport().committed()) {
                v.add("Committed event but the transport's commit did not succeed");
            }
            if (out.newTerm() != req.newTerm()) {
                v.add("committed term " + out.newTerm() + ", expected " + req.newTerm());
            }
            if (out.frontierLsn() != o.transport().frontier()) {
                v.add("outcome frontier " + out.frontierLsn() + " but frozen at " + o.transport().frontier());
            }
            if (out.skippedLsn() != Math.max(0, out.frontierLsn() - out.reachedLsn()) || out.forced() != out.skippedLsn() > 0) {
                v.add("inconsistent outcome: " + out);
            }
            if (out.forced() && !req.mode().isForce()) {
                v.add("a coordinated run committed past a lagging target: " + out);
            }
            if (out.forced() && o.schedule().approval().wired() && !decided(ForceDecision.APPROVE)) {
                v.add("a forced commit that the operator did not approve");
            }
            return;
        }
        if (o.transport().committed()) {
            v.add("the transport committed but the run ended " + name(terminal));
        }
        if (o.outcome().isPresent()) {
            v.add("run returned an outcome but ended " + name(terminal));
            return;
        }
        Throwable t = thrown.orElse(null);
        if (terminal instanceof HandoverEvent.Aborted a) {
            if (a.reason() == AbortReason.CATCH_UP_TIMED_OUT) {
                if (!(t instanceof CatchUpTimedOut ct) || ct.frontierLsn() != a.frontierLsn() || ct.reachedLsn() != a.reachedLsn()) {
                    v.add("Aborted(CATCH_UP_TIMED_OUT) but threw " + t);
                }
                if (req.mode().isForce()) {
                    v.add("a force run aborted for a catch-up timeout");
                }
            } else if (!(t instanceof HandoverAborted ha) || ha.reason() != a.reason()) {
                v.add("Aborted(" + a.reason() + ") but threw " + t);
            }
            if ((a.reason() == AbortReason.FORCE_DECLINED || a.reason() == AbortReason.FORCE_APPROVAL_LAPSED)
                    && o.operator().approvalsAsked() != 1) {
                v.add("Aborted(" + a.reason() + ") without asking the operator");
            }
            if (a.reason() == AbortReason.CANCELLED && !o.operator().cancelAccepted()) {
                v.add("Aborted(CANCELLED) but the operator never pressed Abort");
            }
        } else if (terminal instanceof HandoverEvent.OutcomeUnknown u) {
            if (!(t instanceof OutcomeUnknownException ue) || ue.newTerm() != u.newTerm()) {
                v.add("OutcomeUnknown but threw " + t);
            }
            if (o.transport().commitCalls() != 1) {
                v.add("OutcomeUnknown without a commit attempt");
            }
        } else if (terminal instanceof HandoverEvent.StillFrozen) {
            if (!(t instanceof WritesStillFrozenException)) {
                v.add("StillFrozen but threw " + t);
            }
        }
    }

    /** No acknowledged write lost, except a forced commit whose loss is exactly the reported skipped range. */
    private void losses(HandoverEvent terminal) {
        long lost = o.invariants().lostWrites();
        if (terminal instanceof HandoverEvent.Committed c && c.outcome().forced()) {
            FailoverOutcome out = c.outcome();
            if (o.reachedAtCommit() != out.reachedLsn()) {
                v.add("forced outcome reports reached " + out.reachedLsn() + " but the coordinator held "
                        + o.reachedAtCommit() + " at the commit");
            }
            if (lost != o.ackedInSkippedRange()) {
                v.add("forced handover lost " + lost + " acknowledged writes, but its reported skipped range ("
                        + out.reachedLsn() + ", " + out.frontierLsn() + "] held " + o.ackedInSkippedRange());
            }
            return;
        }
        if (lost != 0) {
            v.add(lost + " acknowledged writes lost in a run that ended " + name(terminal));
        }
    }

    /** Writes frozen only when the result says so, and never beyond the lease. */
    private void frozen(HandoverEvent terminal) {
        boolean saysFrozen = terminal instanceof HandoverEvent.StillFrozen || terminal instanceof HandoverEvent.OutcomeUnknown;
        if (o.invariants().leftFrozen() && !saysFrozen) {
            v.add("the primary was left frozen after a run that ended " + name(terminal));
        }
        if (o.afterLease().leftFrozen()) {
            v.add("the primary was still frozen a full freeze lease after the run");
        }
    }

    /** One writable primary per term; roles and terms as the result says. */
    private void primaries(HandoverEvent terminal) {
        for (Map.Entry<Long, Integer> e : o.invariants().primariesPerTerm().entrySet()) {
            if (e.getValue() > 1) {
                v.add("term " + e.getKey() + " had " + e.getValue() + " primaries");
            }
        }
        o.invariants().violations().forEach(x -> v.add("simulator: " + x));
        o.afterLease().violations().forEach(x -> v.add("simulator (after the lease): " + x));
        FailoverRequest req = o.request();
        String oldId = req.oldPrimary().id();
        String targetId = req.target().id();
        if (terminal instanceof HandoverEvent.Committed) {
            if (!o.primaryAfter().equals(targetId)) {
                v.add("committed, but the primary is " + o.primaryAfter() + ", not " + targetId);
            }
            NodeRole expectedReplica = new NodeRole.Replica(req.target().addr(), req.newTerm());
            for (NodeStatus n : o.after().nodes()) {
                NodeRole expected = n.id().equals(targetId) ? new NodeRole.Primary(req.newTerm()) : expectedReplica;
                if (!n.role().equals(expected)) {
                    v.add("after the commit " + n.id() + " is " + n.role() + ", expected " + expected);
                }
            }
        } else if (!(terminal instanceof HandoverEvent.OutcomeUnknown)) {
            if (!o.primaryAfter().equals(oldId)) {
                v.add("nothing committed, but the primary moved to " + o.primaryAfter());
            }
            NodeStatus old = o.after().node(oldId).orElseThrow();
            if (!old.role().equals(new NodeRole.Primary(req.currentTerm()))) {
                v.add("nothing committed, but " + oldId + " is " + old.role());
            }
        }
    }

    /** The operator's Abort and the force prompt did what they promise. */
    private void operator(HandoverEvent terminal) {
        RunObservation.Operator op = o.operator();
        if (op.cancelAccepted() && o.transport().commitCalls() > 0) {
            v.add("the operator's Abort was accepted, yet the coordinator called commit");
        }
        if (op.cancelAccepted()) {
            // An accepted Abort ends the run: no further reading, no force prompt, reason CANCELLED.
            List<HandoverEvent> after = o.events().subList(op.eventsBeforeCancel(), o.events().size());
            for (HandoverEvent e : after) {
                if (e instanceof HandoverEvent.Polled || e instanceof HandoverEvent.AwaitingApproval) {
                    v.add("after the operator's Abort was accepted the run went on: " + name(e));
                }
            }
            AbortReason reason = terminal instanceof HandoverEvent.Aborted a ? a.reason()
                    : terminal instanceof HandoverEvent.StillFrozen f ? f.reason() : null;
            if (reason != AbortReason.CANCELLED) {
                v.add("the operator's Abort was accepted, but the run ended " + name(terminal));
            }
        }
        if (op.lateCancel().isPresent() && op.lateCancel().get()) {
            v.add("an Abort after the commit began was accepted");
        }
        Optional<ForceDecision> expected = o.schedule().approval().expectedDecision();
        for (HandoverEvent e : o.events()) {
            if (e instanceof HandoverEvent.ApprovalDecided d && expected.isPresent() && d.decision() != expected.get()) {
                v.add("the operator's answer (" + o.schedule().approval().describe() + ") was recorded as " + d.decision());
            }
        }
        if (op.approvalsAsked() != o.events().stream().filter(e -> e instanceof HandoverEvent.AwaitingApproval).count()) {
            v.add("asked the operator " + op.approvalsAsked() + " times, with a different number of AwaitingApproval events");
        }
    }

    private boolean decided(ForceDecision d) {
        return o.events().stream().anyMatch(e -> e instanceof HandoverEvent.ApprovalDecided a && a.decision() == d);
    }

    private static String names(List<HandoverEvent> events) {
        return events.stream().map(InvariantChecker::name).toList().toString();
    }

    static String name(HandoverEvent e) {
        if (e instanceof HandoverEvent.Aborted a) {
            return "Aborted(" + a.reason() + ")";
        }
        return e.getClass().getSimpleName();
    }
}
