package dev.handover.cluster;

/**
 * A node's condition in one word, for a status badge: the reason behind its {@link Health}, given by the
 * backend as data so that no one reads it back out of the detail text.
 */
public enum Condition {
    HEALTHY("healthy", Health.HEALTHY),
    /** Replicating, but further behind than the backend thinks fit to promote. */
    LAGGING("lagging", Health.DEGRADED),
    /** Reachable, applying nothing. */
    STALLED("stalled", Health.DEGRADED),
    /** A primary whose writes are frozen. */
    FROZEN("frozen", Health.DEGRADED),
    /** A standby that is not streaming from any primary. */
    NOT_STREAMING("not streaming", Health.DEGRADED),
    /**
     * A standby whose receiver still says "streaming" but has heard nothing from its primary for longer than
     * a healthy one could (a stopped walreceiver process): it receives nothing, and a promotion may hang on it.
     */
    RECEIVER_STALLED("receiver stalled", Health.DEGRADED),
    /** A standby that receives but does not apply: replay paused (PostgreSQL), SQL thread stopped (MariaDB). */
    APPLY_PAUSED("apply paused", Health.DEGRADED),
    /** A standby holding more than its primary (a later position or timeline): history has diverged. */
    AHEAD_OF_PRIMARY("ahead of primary", Health.DEGRADED),
    /** One of two or more nodes taking writes at once. */
    SPLIT_BRAIN("split brain", Health.DEGRADED),
    /** A node still calling itself primary of an older term. */
    STALE_PRIMARY("stale primary", Health.DEGRADED),
    /** Degraded for a reason the backend did not name. */
    DEGRADED("degraded", Health.DEGRADED),
    UNREACHABLE("unreachable", Health.UNREACHABLE);

    private final String label;
    private final Health health;

    Condition(String label, Health health) {
        this.label = label;
        this.health = health;
    }

    /** The badge's word, e.g. {@code stalled}. */
    public String label() {
        return label;
    }

    /** The health this condition is a case of. */
    public Health health() {
        return health;
    }

    /** The plain condition of {@code health}, for a backend that names no reason. */
    public static Condition of(Health health) {
        return switch (health) {
            case HEALTHY -> HEALTHY;
            case DEGRADED -> DEGRADED;
            case UNREACHABLE -> UNREACHABLE;
        };
    }
}
