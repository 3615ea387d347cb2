package dev.handover.cluster;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every node of a cluster at one status call, in the connection's order, with how that backend writes
 * its positions: whatever shows the snapshot (the table, the preflight, the ranking) words them so. The
 * {@code routers} are what routes clients to the nodes (PgBouncers), read in the same call; none for most clusters.
 * {@code writable} are the ids of the nodes the call saw taking writes (PostgreSQL: out of recovery and not frozen;
 * MariaDB: {@code read_only} off), in the cluster's order: more than one is a split brain ({@link #verdict()}). A
 * backend that does not read writability (the simulator) gives none.
 */
public record ClusterSnapshot(List<NodeStatus> nodes, Positions positions, List<ClientRouter> routers,
                              List<String> writable) {

    public ClusterSnapshot {
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(positions, "positions");
        routers = List.copyOf(routers);
        writable = List.copyOf(writable);
    }

    /** A snapshot whose backend does not read which nodes take writes. */
    public ClusterSnapshot(List<NodeStatus> nodes, Positions positions, List<ClientRouter> routers) {
        this(nodes, positions, routers, List.of());
    }

    /** A snapshot of nodes alone, nothing in front of them. */
    public ClusterSnapshot(List<NodeStatus> nodes, Positions positions) {
        this(nodes, positions, List.of());
    }

    /** A snapshot of plain counters (the simulator's). */
    public ClusterSnapshot(List<NodeStatus> nodes) {
        this(nodes, Positions.PLAIN);
    }

    /** The node serving writes under the highest term, if any node claims the primary role. */
    public Optional<NodeStatus> primary() {
        return nodes.stream().filter(NodeStatus::isPrimary)
                .max((a, b) -> Long.compare(a.role().term(), b.role().term()));
    }

    /** The cluster as a whole: split brain, degraded (which nodes, why) or healthy. */
    public ClusterVerdict verdict() {
        return ClusterVerdict.of(this);
    }

    public List<NodeStatus> replicas() {
        return nodes.stream().filter(n -> !n.isPrimary()).toList();
    }

    public Optional<NodeStatus> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /**
     * How a role names the node at {@code addr} (a replica's upstream): the node's id when one of these nodes has that
     * address ({@code pg1}), else the address as seen, so an upstream outside the cluster still shows where it is.
     */
    public String nameAt(String addr) {
        return nodes.stream().filter(n -> n.node().addr().equals(addr)).findFirst().map(NodeStatus::id).orElse(addr);
    }
}
