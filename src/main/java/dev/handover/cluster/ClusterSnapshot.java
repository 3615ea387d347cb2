package dev.handover.cluster;

import java.util.List;
import java.util.Optional;

/** Every node of a cluster at one status call, in the connection's order. */
public record ClusterSnapshot(List<NodeStatus> nodes) {

    public ClusterSnapshot {
        nodes = List.copyOf(nodes);
    }

    /** The node serving writes under the highest term, if any node claims the primary role. */
    public Optional<NodeStatus> primary() {
        return nodes.stream().filter(NodeStatus::isPrimary)
                .max((a, b) -> Long.compare(a.role().term(), b.role().term()));
    }

    public List<NodeStatus> replicas() {
        return nodes.stream().filter(n -> !n.isPrimary()).toList();
    }

    public Optional<NodeStatus> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }
}
