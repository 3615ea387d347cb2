package dev.handover.cluster;

import java.util.Objects;

/**
 * One check of the topology after a handover, in the cluster's own words: what was checked, whether it
 * held, what was seen, and what a failure means.
 *
 * @param what     the claim checked, e.g. {@code pg1 streams from pg2 on timeline 2}
 * @param ok       whether it held
 * @param seen     what the node said (may be empty)
 * @param severity what a failure of this check means for the outcome
 */
public record TopologyCheck(String what, boolean ok, String seen, Severity severity) {

    /** How much a failed check weighs. */
    public enum Severity {
        /** A failure leaves the topology degraded: the run ends committed, topology degraded. */
        DEGRADING,
        /** A failure is reported (e.g. a slot Handover did not create, left alone) but degrades nothing. */
        ADVISORY
    }

    public TopologyCheck {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(seen, "seen");
        Objects.requireNonNull(severity, "severity");
    }

    /** Failed, and its failure degrades the topology. */
    public boolean degrades() {
        return !ok && severity == Severity.DEGRADING;
    }
}
