package dev.handover.metrics;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ClusterVerdict;
import dev.handover.cluster.NodeStatus;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.Locale;
import java.util.Optional;

/**
 * A cluster's state now, beside the journal's history ({@code handover metrics --cluster <spec>}): one status call's
 * verdict, the nodes taking writes (more than one is a split brain, the alert to page on) and each node's condition.
 * A status call that failed exports {@code handover_cluster_status_ok 0} and nothing it did not read.
 */
public final class StatusMetrics {
    private StatusMetrics() {
    }

    /**
     * Registers the status gauges of {@code cluster} in {@code registry}.
     *
     * @param snapshot        the status call's snapshot; empty when the call failed
     * @param readsWritability whether the backend reads which nodes take writes (a simulation does not: no
     *                        {@code handover_writable_primaries} is exported for it rather than a false 0)
     */
    public static void register(PrometheusRegistry registry, String cluster, Optional<ClusterSnapshot> snapshot,
                                boolean readsWritability) {
        PrometheusProperties config = PrometheusProperties.builder().build();
        Gauge ok = Gauge.builder(config).name("handover_cluster_status_ok")
                .help("1 when the status call answered (the gauges below are its readings), 0 when it failed")
                .labelNames("cluster").register(registry);
        ok.labelValues(cluster).set(snapshot.isPresent() ? 1 : 0);
        if (snapshot.isEmpty()) {
            return;
        }
        ClusterSnapshot s = snapshot.get();
        if (readsWritability) {
            Gauge writable = Gauge.builder(config).name("handover_writable_primaries")
                    .help("Nodes taking writes at the status call (PostgreSQL: out of recovery and not frozen; MariaDB: "
                            + "read_only off): 1 is healthy, 0 no primary, 2 or more a split brain")
                    .labelNames("cluster").register(registry);
            writable.labelValues(cluster).set(s.writable().size());
        }
        Gauge verdict = Gauge.builder(config).name("handover_cluster_verdict")
                .help("The cluster's verdict at the status call, as `handover status` exits on it: 1 for its verdict "
                        + "(healthy 0, degraded 5, split_brain 7), 0 for the others")
                .labelNames("cluster", "verdict").register(registry);
        ClusterVerdict.Kind now = s.verdict().kind();
        for (ClusterVerdict.Kind k : ClusterVerdict.Kind.values()) {
            verdict.labelValues(cluster, k.name().toLowerCase(Locale.ROOT)).set(k == now ? 1 : 0);
        }
        Gauge condition = Gauge.builder(config).name("handover_node_condition")
                .help("Each node's condition at the status call (healthy, receiver stalled, apply paused, ahead of "
                        + "primary, split brain, …): 1 for the node's condition")
                .labelNames("cluster", "node", "condition").register(registry);
        for (NodeStatus n : s.nodes()) {
            condition.labelValues(cluster, n.id(), n.condition().name().toLowerCase(Locale.ROOT)).set(1);
        }
    }
}
