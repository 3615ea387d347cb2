package dev.handover.ui.cluster;

import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.Durations;
import dev.handover.core.NodeRole;

import java.util.Map;

/** What one line of the cluster table shows for a node, already worded for display. */
public record NodeLine(String id, String address, String region, String role, long term, long lsn, long durableLsn,
                      long lagLsn, String lag, String health, boolean primary, boolean healthy) {

    /** @param idsByAddress node ids by address, so a replica's upstream reads as a node id */
    static NodeLine of(NodeStatus n, Map<String, String> idsByAddress) {
        boolean primary = n.isPrimary();
        String role;
        if (n.role() instanceof NodeRole.Replica r) {
            role = "replica of " + idsByAddress.getOrDefault(r.primaryAddr(), r.primaryAddr());
        } else {
            role = "PRIMARY";
        }
        String lag = primary ? "—" : n.health() == Health.UNREACHABLE ? "?" : Durations.format(n.lag());
        String health = n.health().name().toLowerCase() + (n.detail().isBlank() ? "" : ": " + n.detail());
        return new NodeLine(n.id(), n.node().addr(), n.node().region(), role, n.role().term(), n.lsn(), n.durableLsn(),
                n.lagLsn(), lag, health, primary, n.health() == Health.HEALTHY);
    }
}
