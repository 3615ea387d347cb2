package dev.handover.ui.outcome;

/** The outcome panel's states, each with the CSS class that sets how loud it is. */
public enum OutcomeKind {
    NONE("outcome-none"),
    ZERO_RPO("outcome-good"),
    FORCED("outcome-warn"),
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
