package dev.handover.ui.run;

import dev.handover.cluster.Positions;
import dev.handover.core.Durations;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.ForceDecision;
import dev.handover.core.HandoverEvent;

/**
 * Words for the event log, one line per coordinator event, positions as the cluster writes them. A
 * number and its unit are joined by no-break spaces, so a narrow log wraps between phrases, never
 * inside "1,507 LSN to go".
 */
final class EventText {
    /** No-break space. */
    static final String NB = "\u00a0";

    private EventText() {
    }

    static LogLine.Level level(HandoverEvent e) {
        if (e instanceof HandoverEvent.Committed c) {
            return c.outcome().isZeroRpo() ? LogLine.Level.GOOD : LogLine.Level.WARN;
        }
        if (e instanceof HandoverEvent.AwaitingApproval || e instanceof HandoverEvent.Aborted) {
            return LogLine.Level.WARN;
        }
        if (e instanceof HandoverEvent.ApprovalDecided d) {
            return d.decision() == ForceDecision.APPROVE ? LogLine.Level.WARN : LogLine.Level.INFO;
        }
        if (e instanceof HandoverEvent.OutcomeUnknown || e instanceof HandoverEvent.StillFrozen) {
            return LogLine.Level.BAD;
        }
        return LogLine.Level.INFO;
    }

    static String describe(HandoverEvent e, String primary, String target, Positions positions) {
        if (e instanceof HandoverEvent.Frozen f) {
            return "Froze writes on " + primary + " at frontier " + positions.noun() + NB + positions.position(f.frontierLsn());
        }
        if (e instanceof HandoverEvent.Polled p) {
            long left = Math.max(0, p.frontierLsn() - p.reachedLsn());
            return target + " durable at " + positions.noun() + NB + positions.position(p.reachedLsn()) + (left == 0 ? ": frontier reached"
                    : ", " + nb(positions.shortAmount(left)) + NB + "to" + NB + "go");
        }
        if (e instanceof HandoverEvent.AwaitingApproval a) {
            return "Timeout reached with " + nb(positions.amount(a.skippedLsn())) + " missing on " + target
                    + "; asking you to confirm ("
                    + Durations.format(a.window()) + " to decide, writes frozen)";
        }
        if (e instanceof HandoverEvent.ApprovalDecided d) {
            return switch (d.decision()) {
                case APPROVE -> "You approved the forced commit";
                case DECLINE -> "You declined the forced commit";
                case LAPSED -> "Nobody answered in time: the forced commit lapsed";
            };
        }
        if (e instanceof HandoverEvent.CommitStep c) {
            return "Commit: " + c.step();
        }
        if (e instanceof HandoverEvent.Resumed) {
            return "Resumed writes on " + primary;
        }
        if (e instanceof HandoverEvent.Committed c) {
            FailoverOutcome o = c.outcome();
            return o.isZeroRpo()
                    ? "Committed term " + o.newTerm() + ": " + target + " is primary, zero data loss"
                    : "Committed term " + o.newTerm() + " by force: " + target + " is primary, "
                      + nb(positions.amount(o.skippedLsn())) + NB + "skipped";
        }
        if (e instanceof HandoverEvent.Aborted a) {
            return "Aborted (" + a.reason().description() + ")";
        }
        if (e instanceof HandoverEvent.OutcomeUnknown u) {
            return "OUTCOME UNKNOWN committing term " + u.newTerm();
        }
        if (e instanceof HandoverEvent.StillFrozen) {
            return "WRITES STILL FROZEN on " + primary;
        }
        return e.toString();
    }

    /** An amount kept on one line: "4,108,463 bytes (3.9 MB)" does not wrap inside. */
    private static String nb(String amount) {
        return amount.replace(' ', '\u00a0');
    }
}
