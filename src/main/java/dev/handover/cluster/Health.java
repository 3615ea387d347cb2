package dev.handover.cluster;

/** How a node looks from the console. */
public enum Health {
    /** Reachable and replicating (or taking writes) as expected. */
    HEALTHY,
    /** Reachable, but stalled, far behind, or otherwise not fit to promote. */
    DEGRADED,
    /** Could not be reached: status calls failed. */
    UNREACHABLE
}
