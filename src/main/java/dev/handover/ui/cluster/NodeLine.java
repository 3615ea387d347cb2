package dev.handover.ui.cluster;

import dev.handover.cluster.Condition;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.Positions;
import dev.handover.cluster.TimeBehind;
import dev.handover.core.Durations;
import dev.handover.core.NodeRole;

import java.util.Map;
import java.util.Optional;

/**
 * What one line of the cluster table shows for a node, already worded for display: positions and the
 * distance behind as the backend writes them (PostgreSQL: {@code 0/4009D88}, {@code 3.9 MB}), the lag with
 * its unit in the cell ({@code 50ms}, {@code 1.2s}). A node that did not answer shows {@value #UNKNOWN}
 * for its role, term, positions and lag: nothing was read, so no number is shown as if it had been.
 *
 * @param term   the term (PostgreSQL: timeline), sorted by its number
 * @param behind how far the node's durable position trails the primary's
 * @param lag    the same in time, with its unit
 * @param health the health in full, for the tooltip
 * @param badge  the health in one word, for the table ({@code healthy}, {@code stalled}, …)
 */
public record NodeLine(String id, String address, String region, String role, PositionText term, PositionText lsn,
                      PositionText durableLsn, PositionText behind, String lag, String health, String behindInFull,
                       boolean primary, boolean healthy, Condition badge) {
    /** What a cell shows for a figure the status call could not read. */
    public static final String UNKNOWN = "unknown";
    /** What a cell shows where the figure does not apply (the primary is behind no one). */
    static final String NOT_APPLICABLE = "—";

    /**
     * @param idsByAddress node ids by address, so a replica's upstream reads as a node id
     * @param positions    how the node's backend writes positions
     */
    static NodeLine of(NodeStatus n, Map<String, String> idsByAddress, Positions positions) {
        boolean primary = n.isPrimary();
        String health = n.health().name().toLowerCase() + (n.detail().isBlank() ? "" : ": " + n.detail());
        Optional<NodeStatus.Readings> read = n.readings();
        if (read.isEmpty()) {
            // Sorted after every known figure; shown as unknown, never as the 0 (PostgreSQL: 0/0) a backend left there.
            PositionText unknown = new PositionText(Long.MAX_VALUE, UNKNOWN);
            return new NodeLine(n.id(), n.node().addr(), n.node().region(), UNKNOWN, unknown, unknown, unknown, unknown,
                    UNKNOWN, health, "", primary, false, n.condition());
        }
        NodeStatus.Readings r = read.get();
        String role;
        if (n.role() instanceof NodeRole.Replica replica) {
            role = "replica of " + idsByAddress.getOrDefault(replica.primaryAddr(), replica.primaryAddr());
        } else {
            role = "PRIMARY";
        }
        // Behind with no time measured (a stopped thread, an idle replay_lag: no apply rate either): the time is
        // unknown, not 0 ms. One that applies and is under a millisecond behind reads 0ms.
        String lag = primary ? NOT_APPLICABLE : TimeBehind.of(r, n.applyRate()).map(Durations::format).orElse(UNKNOWN);
        PositionText lsn = new PositionText(r.lsn(), positions.position(r.lsn()));
        PositionText durable = new PositionText(r.durableLsn(), positions.position(r.durableLsn()));
        // A node ahead of the primary says so: a diverged history, never "0 behind".
        PositionText behind = new PositionText(r.lagLsn(), primary ? NOT_APPLICABLE
                : r.lagLsn() < 0 ? "ahead " + positions.shortAmount(-r.lagLsn()) : positions.shortAmount(r.lagLsn()));
        String behindInFull = primary ? "" : r.lagLsn() < 0 ? "AHEAD by " + positions.amount(-r.lagLsn())
                : positions.amount(r.lagLsn());
        return new NodeLine(n.id(), n.node().addr(), n.node().region(), role,
                new PositionText(r.term(), Long.toString(r.term())), lsn, durable, behind, lag,
                health, behindInFull, primary, n.health() == Health.HEALTHY, n.condition());
    }
}
