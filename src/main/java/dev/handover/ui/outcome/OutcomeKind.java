package dev.handover.ui.outcome;

/** The outcome panel's states, each with the CSS class that sets how loud it is. */
public enum OutcomeKind {
    NONE("outcome-none"),
    ZERO_RPO("outcome-good"),
    /** Zero RPO, but writes stayed frozen longer than the operator's freeze budget: amber, not plain green. */
    ZERO_RPO_OVER_BUDGET("outcome-warn"),
    /** Acknowledged writes were lost: data loss reads red, like every outcome to act on, never as a warning. */
    FORCED("outcome-bad"),
    ABORTED("outcome-neutral"),
    NOT_STARTED("outcome-neutral"),
    UNKNOWN("outcome-bad"),
    /** Committed, but the topology was seen degraded: red, with the remaining steps. */
    DEGRADED("outcome-bad"),
    STILL_FROZEN("outcome-bad");

    private final String styleClass;

    OutcomeKind(String styleClass) {
        this.styleClass = styleClass;
    }

    public String styleClass() {
        return styleClass;
    }
}
