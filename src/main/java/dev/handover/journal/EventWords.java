package dev.handover.journal;

import dev.handover.cluster.Positions;
import dev.handover.core.Durations;
import dev.handover.core.HandoverEvent;

import java.util.Optional;

/**
 * A run's events in words, the one wording of them: the CLI's live timeline says them as they happen, the debrief's
 * timeline from the record afterwards. Positions as the run's cluster writes them.
 */
public final class EventWords {
    private EventWords() {
    }

    /** One event, e.g. {@code writes frozen on pg1 at frontier LSN 0/3000060}. */
    public static String of(HandoverEvent e, String primary, String target, Positions p) {
        if (e instanceof HandoverEvent.Frozen f) {
            return "writes frozen on " + primary + " at frontier " + p.noun() + " " + p.position(f.frontierLsn());
        }
        if (e instanceof HandoverEvent.Polled poll) {
            return polls(1, target, poll.reachedLsn(), poll.frontierLsn(), p);
        }
        if (e instanceof HandoverEvent.AwaitingApproval a) {
            return "deadline reached " + p.amount(a.skippedLsn()) + " short; force prompt opened ("
                    + Durations.format(a.window()) + " to answer)";
        }
        if (e instanceof HandoverEvent.ApprovalDecided d) {
            return switch (d.decision()) {
                case APPROVE -> "force approved";
                case DECLINE -> "force declined";
                case LAPSED -> "force approval lapsed unanswered";
            };
        }
        if (e instanceof HandoverEvent.CommitStep c) {
            return "commit: " + c.step();
        }
        if (e instanceof HandoverEvent.Resumed) {
            return "writes resumed on " + primary;
        }
        if (e instanceof HandoverEvent.Committed c) {
            return "term " + c.outcome().newTerm() + " committed: " + target + " promoted, " + primary + " demoted"
                    + (c.outcome().skippedLsn() > 0 ? ", skipping " + p.amount(c.outcome().skippedLsn()) : "");
        }
        if (e instanceof HandoverEvent.Aborted a) {
            return "aborted: " + a.reason().description();
        }
        if (e instanceof HandoverEvent.OutcomeUnknown) {
            return "commit failed part-way: outcome unknown";
        }
        return "resume failed: writes still frozen on " + primary;
    }

    /** A stretch of polls in one line: {@code 12 polls; pg2 reached LSN 0/3000000 of 0/3000060 (96 bytes short)}. */
    public static String polls(long readings, String target, long reached, long frontier, Positions p) {
        long shortBy = Math.max(0, frontier - reached);
        return (readings == 1 ? "1 poll" : readings + " polls") + "; " + target + " reached " + p.noun() + " "
                + p.position(reached) + " of " + p.position(frontier)
                + (shortBy == 0 ? " (caught up)" : " (" + p.amount(shortBy) + " short)");
    }

    /** A recorded event in the same words; empty for an entry that is no coordinator event (a backend's step). */
    public static Optional<String> of(EventEntry e, RunReport.RequestInfo request, Positions p) {
        return EventReader.toEvent(e, request).map(event -> of(event, request.oldPrimary(), request.target(), p));
    }
}
