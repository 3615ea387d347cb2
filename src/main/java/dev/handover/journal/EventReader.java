package dev.handover.journal;

import dev.handover.core.AbortReason;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.ForceDecision;
import dev.handover.core.HandoverEvent;
import dev.handover.core.NodeRole;
import dev.handover.core.RoleAssignment;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** A report's event entry back into the {@link HandoverEvent} it was written from. */
final class EventReader {
    private EventReader() {
    }

    static Optional<HandoverEvent> toEvent(RunReport.EventEntry e, RunReport.RequestInfo request) {
        Duration at = Duration.ofMillis(e.atMs());
        long frontier = orZero(e.frontierLsn());
        long reached = orZero(e.reachedLsn());
        String message = e.message() == null ? "" : e.message();
        return Optional.ofNullable(switch (e.type() == null ? "" : e.type()) {
            case "frozen" -> new HandoverEvent.Frozen(at, frontier);
            case "polled" -> new HandoverEvent.Polled(at, reached, frontier);
            case "awaiting-approval" -> new HandoverEvent.AwaitingApproval(at, frontier, reached, orZero(e.skippedLsn()),
                    Duration.ofMillis(orZero(e.windowMs())));
            case "approval-decided" -> decision(e.decision()).map(d -> new HandoverEvent.ApprovalDecided(at, d)).orElse(null);
            case "resumed" -> new HandoverEvent.Resumed(at);
            case RunRecorder.COMMIT_STEP -> new HandoverEvent.CommitStep(at, message);
            case "committed" -> {
                long newTerm = e.newTerm() == null ? request.newTerm() : e.newTerm();
                FailoverOutcome o = new FailoverOutcome(newTerm, frontier, reached, orZero(e.skippedLsn()),
                        Boolean.TRUE.equals(e.forced()), Duration.ofMillis(orZero(e.waitedMs())),
                        new RoleAssignment(new NodeRole.Primary(newTerm), new NodeRole.Replica(request.targetAddr(), newTerm)));
                yield new HandoverEvent.Committed(at, o);
            }
            case "aborted" -> reason(e.reason()).map(r -> new HandoverEvent.Aborted(at, r, frontier, reached, message)).orElse(null);
            case "outcome-unknown" -> new HandoverEvent.OutcomeUnknown(at,
                    e.newTerm() == null ? request.newTerm() : e.newTerm(), frontier, reached, message);
            case "still-frozen" -> reason(e.reason()).map(r -> new HandoverEvent.StillFrozen(at, r, frontier, reached, message))
                    .orElse(null);
            default -> null;
        });
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    private static Optional<AbortReason> reason(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(AbortReason.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_')));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<ForceDecision> decision(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ForceDecision.valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
