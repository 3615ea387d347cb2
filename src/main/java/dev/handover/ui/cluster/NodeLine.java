package dev.handover.ui.cluster;

import dev.handover.cluster.Condition;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.Positions;
import dev.handover.core.Durations;
import dev.handover.core.NodeRole;

import java.util.Map;

/**
 * What one line of the cluster table shows for a node, already worded for display: positions and the
 * distance behind as the backend writes them (PostgreSQL: {@code 0/4009D88}, {@code 3.9 MB}).
 *
 * @param behind how far the node's durable position trails the primary's
 * @param lag    the same in time
 * @param health the health in full, for the tooltip
 * @param badge  the health in one word, for the table ({@code healthy}, {@code stalled}, …)
 */
public record NodeLine(String id, String address, String region, String role, long term, PositionText lsn,
                      PositionText durableLsn, PositionText behind, String lag, String health, String behindInFull,
                      boolean primary, boolean healthy,
                      Condition badge) {

    /**
     * @param idsByAddress node ids by address, so a replica's upstream reads as a node id
     * @param positions    how the node's backend writes positions
     */
    static NodeLine of(NodeStatus n, Map<String, String> idsByAddress, Positions positions) {
        boolean primary = n.isPrimary();
        String role;
        if (n.role() instanceof NodeRole.Replica r) {
            role = "replica of " + idsByAddress.getOrDefault(r.primaryAddr(), r.primaryAddr());
        } else {
            role = "PRIMARY";
        }
        boolean unreachable = n.health() == Health.UNREACHABLE;
        String lag = primary ? "—" : unreachable ? "?" : Durations.format(n.lag());
        String health = n.health().name().toLowerCase() + (n.detail().isBlank() ? "" : ": " + n.detail());
        // An unreachable node's positions were not read: say so rather than show a number (PostgreSQL's would be 0/0).
        PositionText lsn = new PositionText(n.lsn(), unreachable ? "?" : positions.position(n.lsn()));
        PositionText durable = new PositionText(n.durableLsn(), unreachable ? "?" : positions.position(n.durableLsn()));
        PositionText behind = new PositionText(n.lagLsn(), primary ? "—" : unreachable ? "?" : positions.shortAmount(n.lagLsn()));
        String behindInFull = primary || unreachable ? "" : positions.amount(n.lagLsn());
        return new NodeLine(n.id(), n.node().addr(), n.node().region(), role, n.role().term(), lsn, durable, behind, lag,
                health, behindInFull, primary, n.health() == Health.HEALTHY,
                n.condition());
    }
}
