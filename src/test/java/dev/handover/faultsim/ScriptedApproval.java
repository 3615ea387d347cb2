package dev.handover.faultsim;

import dev.handover.core.ForceApproval;
import dev.handover.core.ForceDecision;
import dev.handover.core.ForcePrompt;
import dev.handover.sim.VirtualClock;

import java.time.Duration;

/** The operator at the force prompt, as an {@link ApprovalPlan} scripts them; thinking time is virtual. */
final class ScriptedApproval implements ForceApproval {
    private final ApprovalPlan plan;
    private final VirtualClock clock;
    private final RunObserver operator;
    int asked;

    ScriptedApproval(ApprovalPlan plan, VirtualClock clock, RunObserver operator) {
        this.plan = plan;
        this.clock = clock;
        this.operator = operator;
    }

    @Override
    public Duration window() {
        return plan.window();
    }

    @Override
    public ForceDecision decide(ForcePrompt prompt) {
        asked++;
        clock.advance(plan.answerAfter());
        return switch (plan.kind()) {
            case NONE, APPROVE, LAPSE -> ForceDecision.APPROVE;
            case DECLINE -> ForceDecision.DECLINE;
            case SILENT -> null;
            case BROKEN -> throw new IllegalStateException("the approval dialog crashed");
            case CANCEL_THEN_APPROVE -> {
                operator.pressCancel();
                yield ForceDecision.APPROVE;
            }
        };
    }
}
