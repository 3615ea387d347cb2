package dev.handover.faultsim;

import dev.handover.core.Durations;
import dev.handover.core.ForceDecision;

import java.time.Duration;
import java.util.Optional;

/**
 * How the scripted operator answers a force prompt in one schedule.
 *
 * @param window      the decision window the prompt offers
 * @param answerAfter how much virtual time the operator takes before answering
 */
record ApprovalPlan(Kind kind, Duration window, Duration answerAfter) {

    enum Kind {
        /** No approval hook wired: the reference's behaviour, commit on timeout. */
        NONE,
        APPROVE,
        DECLINE,
        /** Answers APPROVE, but after the window: must count as lapsed. */
        LAPSE,
        /** Never answers (returns null): must count as lapsed. */
        SILENT,
        /** The prompt itself throws: must never approve. */
        BROKEN,
        /** The operator presses Abort while the prompt is open, then approves anyway. */
        CANCEL_THEN_APPROVE
    }

    static ApprovalPlan none() {
        return new ApprovalPlan(Kind.NONE, Duration.ZERO, Duration.ZERO);
    }

    boolean wired() {
        return kind != Kind.NONE;
    }

    /** The decision the coordinator must record when it asks. */
    Optional<ForceDecision> expectedDecision() {
        return switch (kind) {
            case NONE -> Optional.empty();
            case APPROVE, CANCEL_THEN_APPROVE -> Optional.of(ForceDecision.APPROVE);
            case DECLINE, BROKEN -> Optional.of(ForceDecision.DECLINE);
            case LAPSE, SILENT -> Optional.of(ForceDecision.LAPSED);
        };
    }

    String describe() {
        if (kind == Kind.NONE) {
            return "none wired (force commits on timeout)";
        }
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " after "
                + Durations.format(answerAfter) + " (window " + Durations.format(window) + ")";
    }
}
