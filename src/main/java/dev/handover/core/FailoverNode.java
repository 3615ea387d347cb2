package dev.handover.core;

import java.util.Objects;

/**
 * A node taking part in a failover.
 *
 * @param id     stable node identifier (matches the replica registry id)
 * @param addr   dial address other nodes use to reach this node
 * @param region region / fault-domain identifier
 */
public record FailoverNode(String id, String addr, String region) {
    public FailoverNode {
        Objects.requireNonNull(id, "node id");
        Objects.requireNonNull(addr, "node addr");
        Objects.requireNonNull(region, "node region");
        if (id.isBlank()) {
            throw new IllegalArgumentException("node id must not be blank");
        }
    }
}
