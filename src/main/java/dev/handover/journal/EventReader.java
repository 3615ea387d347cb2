package dev.handover.journal;

import dev.handover.core.AbortReason;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.ForceDecision;
import dev.handover.core.HandoverEvent;
import dev.handover.core.NodeRole;
import dev.handover.core.RoleAssignment;

import java.time.Duration;
import java.util.Optional;

/** A report's event entry back into the {@link HandoverEvent} it was written from. */
final class EventReader {
    private EventReader() {
    }

    static Optional<HandoverEvent> toEvent(EventEntry e, RunReport.RequestInfo request) {
        Duration at = Duration.ofMillis(e.atMs());
        long frontier = orZero(e.frontierLsn());
        long reached = orZero(e.reachedLsn());
        String message = e.message() == null ? "" : e.message();
        return Optional.ofNullable(switch (e.kind()) {
            case FROZEN -> new HandoverEvent.Frozen(at, frontier);
            case POLLED -> new HandoverEvent.Polled(at, reached, frontier);
            case AWAITING_APPROVAL -> new HandoverEvent.AwaitingApproval(at, frontier, reached, orZero(e.skippedLsn()),
                    Duration.ofMillis(orZero(e.windowMs())));
            case APPROVAL_DECIDED -> decision(e.decision()).map(d -> new HandoverEvent.ApprovalDecided(at, d)).orElse(null);
            case RESUMED -> new HandoverEvent.Resumed(at);
            case COMMIT_STEP -> new HandoverEvent.CommitStep(at, message);
            case COMMITTED -> {
                long newTerm = e.newTerm() == null ? request.newTerm() : e.newTerm();
                FailoverOutcome o = new FailoverOutcome(newTerm, frontier, reached, orZero(e.skippedLsn()),
                        Boolean.TRUE.equals(e.forced()), Duration.ofMillis(orZero(e.waitedMs())),
                        new RoleAssignment(new NodeRole.Primary(newTerm), new NodeRole.Replica(request.targetAddr(), newTerm)));
                yield new HandoverEvent.Committed(at, o);
            }
            case ABORTED -> reason(e.reason()).map(r -> new HandoverEvent.Aborted(at, r, frontier, reached, message)).orElse(null);
            case OUTCOME_UNKNOWN -> new HandoverEvent.OutcomeUnknown(at,
                    e.newTerm() == null ? request.newTerm() : e.newTerm(), frontier, reached, message);
            case STILL_FROZEN -> reason(e.reason()).map(r -> new HandoverEvent.StillFrozen(at, r, frontier, reached, message))
                    .orElse(null);
            case STEP_DONE, STEP_FAILED, OTHER -> null; // a backend's step is no coordinator event
        });
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    private static Optional<AbortReason> reason(String name) {
        return JournalNames.parse(AbortReason.class, name);
    }

    private static Optional<ForceDecision> decision(String name) {
        return JournalNames.parse(ForceDecision.class, name);
    }
}
