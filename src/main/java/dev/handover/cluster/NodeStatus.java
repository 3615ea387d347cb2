package dev.handover.cluster;

import dev.handover.core.FailoverNode;
import dev.handover.core.NodeRole;

import java.time.Duration;
import java.util.Objects;

/**
 * One node as a status call saw it.
 *
 * @param node       id, address, region
 * @param role       primary or replica, with its term
 * @param lsn        last LSN written (primary) or received (replica)
 * @param durableLsn last LSN flushed to the node's disk: what a replica has acknowledged
 * @param lagLsn     how far the durable frontier trails the primary's LSN (0 on the primary)
 * @param lag        the same gap in time, estimated from the apply rate
 * @param applyRate  LSN a second the node applies (0 when stalled or unknown)
 * @param health     healthy, degraded, unreachable
 * @param detail     one line on health ("stalled", the connection error), empty when healthy
 * @param condition  the health's reason in one word (a badge), a case of {@code health}
 */
public record NodeStatus(FailoverNode node, NodeRole role, long lsn, long durableLsn, long lagLsn, Duration lag,
                         double applyRate, Health health, String detail, Condition condition) {

    public NodeStatus {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(condition, "condition");
        if (condition.health() != health) {
            throw new IllegalArgumentException("condition " + condition + " is not a case of health " + health);
        }
    }

    /** A node whose backend names no reason beyond its health. */
    public NodeStatus(FailoverNode node, NodeRole role, long lsn, long durableLsn, long lagLsn, Duration lag,
                      double applyRate, Health health, String detail) {
        this(node, role, lsn, durableLsn, lagLsn, lag, applyRate, health, detail, Condition.of(health));
    }

    public String id() {
        return node.id();
    }

    public boolean isPrimary() {
        return role instanceof NodeRole.Primary;
    }
}
