package dev.handover.cli;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.Positions;
import dev.handover.core.Durations;
import dev.handover.core.NodeRole;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A cluster snapshot as a plain-text table, one node a row. */
final class NodeTable {
    private static final List<String> HEADER = List.of("NODE", "ROLE", "TERM", "REGION", "ADDR", "LSN", "DURABLE",
            "LAG", "HEALTH", "DETAIL");

    private NodeTable() {
    }

    /** Positions and lags as the backend writes them ({@link ClusterSnapshot#positions()}). */
    static String render(ClusterSnapshot snapshot) {
        Positions p = snapshot.positions();
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (NodeStatus n : snapshot.nodes()) {
            boolean unreachable = n.health() == Health.UNREACHABLE;
            rows.add(List.of(n.id(), role(n.role()), Long.toString(n.role().term()), n.node().region(), n.node().addr(),
                    unreachable ? "?" : p.position(n.lsn()), unreachable ? "?" : p.position(n.durableLsn()),
                    n.isPrimary() ? "-" : unreachable ? "?" : p.amount(n.lagLsn()) + ", " + Durations.format(n.lag()),
                    n.health().name().toLowerCase(Locale.ROOT), n.detail()));
        }
        return Table.render(rows);
    }

    static String role(NodeRole role) {
        if (role instanceof NodeRole.Replica r) {
            return "replica of " + r.primaryAddr();
        }
        return "primary";
    }
}
