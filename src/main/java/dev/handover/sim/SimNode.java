package dev.handover.sim;

import dev.handover.core.FailoverNode;
import dev.handover.core.NodeRole;

/** One simulated node's mutable state; only {@link SimCluster} and its collaborators touch it, under its lock. */
final class SimNode {
    final NodeSpec spec;
    final FailoverNode node;
    NodeRole role;
    /** WAL that has arrived over the link (the primary: everything it wrote). */
    long received;
    /** WAL flushed and acknowledged: what the node would keep if promoted. */
    long durable;
    double applyCarry;
    /** Simulated time up to which this node's apply has been played (a step, or a fault or commit between steps). */
    long appliedNanos;
    boolean stalled;
    boolean crashed;
    boolean partitioned;
    double slowFactor = 1.0;
    /** Primary only: writes are paused by a handover's freeze, until {@code leaseExpiryNanos}. */
    boolean frozen;
    long leaseExpiryNanos;
    Object freezeOwner;

    SimNode(NodeSpec spec, NodeRole role) {
        this.spec = spec;
        this.node = spec.node();
        this.role = role;
        this.stalled = spec.stalled();
    }

    String id() {
        return node.id();
    }

    boolean isPrimary() {
        return role instanceof NodeRole.Primary;
    }

    boolean reachable() {
        return !crashed && !partitioned;
    }

    double effectiveApplyRate() {
        return crashed || stalled ? 0 : spec.applyRate() * slowFactor;
    }

    String unreachableReason() {
        return crashed ? id() + " is down (crashed)" : id() + " is unreachable (network partition: connection timed out)";
    }
}
