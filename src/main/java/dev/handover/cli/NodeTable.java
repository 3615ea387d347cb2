package dev.handover.cli;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.Positions;
import dev.handover.cluster.TimeBehind;
import dev.handover.core.Durations;
import dev.handover.core.NodeRole;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A cluster snapshot as a plain-text table, one node a row. */
final class NodeTable {
    /** The header, the positions column named as the cluster calls a position: LSN, or GTID on MariaDB. */
    static List<String> header(Positions p) {
        return List.of("NODE", "ROLE", "TERM", "REGION", "ADDR", p.noun(), "DURABLE", "LAG", "HEALTH", "DETAIL");
    }

    static final String UNKNOWN = "unknown";

    private NodeTable() {
    }

    /** Positions and lags as the backend writes them ({@link ClusterSnapshot#positions()}). */
    static String render(ClusterSnapshot snapshot) {
        Positions p = snapshot.positions();
        List<List<String>> rows = new ArrayList<>();
        rows.add(header(p));
        for (NodeStatus n : snapshot.nodes()) {
            // A node that did not answer has no role, term, positions or lag to print: "unknown", never a 0.
            Optional<NodeStatus.Readings> read = n.readings();
            rows.add(List.of(n.id(), read.isPresent() ? role(n.role(), snapshot) : UNKNOWN,
                    read.map(r -> Long.toString(r.term())).orElse(UNKNOWN), n.node().region(), n.node().addr(),
                    read.map(r -> p.position(r.lsn())).orElse(UNKNOWN), read.map(r -> p.position(r.durableLsn())).orElse(UNKNOWN),
                    n.isPrimary() && read.isPresent() ? "-" : read.map(r -> lag(r, n.applyRate(), p)).orElse(UNKNOWN),
                    n.health().name().toLowerCase(Locale.ROOT), n.detail()));
        }
        StringBuilder out = new StringBuilder(Table.render(rows));
        if (!snapshot.routers().isEmpty()) {
            out.append("Clients routed by:\n");
            snapshot.routers().forEach(r -> out.append("  ").append(r.text()).append('\n'));
        }
        return out.toString();
    }

    /**
     * How far behind, and in time: a node ahead of the primary says so (never "0 behind"); a node behind with no
     * time measured (a stopped thread, an idle replay_lag: no apply rate either) says the time is unknown rather
     * than 0 ms; one that applies, just less than a millisecond behind, reads 0ms.
     */
    static String lag(NodeStatus.Readings r, double applyRate, Positions p) {
        if (r.lagLsn() < 0) {
            return "AHEAD by " + p.amount(-r.lagLsn());
        }
        String time = TimeBehind.of(r, applyRate).map(Durations::format).orElse("time " + UNKNOWN);
        return p.amount(r.lagLsn()) + ", " + time;
    }

    /** {@code replica of pg1}: the upstream named as a node of {@code snapshot} (its address is in the ADDR column). */
    static String role(NodeRole role, ClusterSnapshot snapshot) {
        if (role instanceof NodeRole.Replica r) {
            return "replica of " + snapshot.nameAt(r.primaryAddr());
        }
        return "primary";
    }
}
