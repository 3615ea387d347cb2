package dev.handover.sim;

import dev.handover.core.FailoverNode;

import java.time.Duration;
import java.util.Objects;

/**
 * One node of a scenario as it starts.
 *
 * @param applyRate LSN a second the node flushes once received (replicas; also used after a demotion)
 * @param linkDelay how long WAL takes to reach this node from the primary
 * @param behind    how far this replica's durable frontier starts behind the primary, in LSN
 * @param stalled   whether the replica starts applying nothing
 */
public record NodeSpec(String id, String addr, String region, Role role, long term, double applyRate,
                       Duration linkDelay, long behind, boolean stalled) {

    public enum Role { PRIMARY, REPLICA }

    public NodeSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(addr, "addr");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(linkDelay, "linkDelay");
    }

    public FailoverNode node() {
        return new FailoverNode(id, addr, region);
    }

    public boolean isPrimary() {
        return role == Role.PRIMARY;
    }
}
