package dev.handover.ui.switchover;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.PlanProbes;
import dev.handover.cluster.PreflightCheck;
import dev.handover.core.FailoverRequest;
import dev.handover.ui.concurrent.BackgroundExecutor;
import dev.handover.ui.concurrent.FxRelay;

import java.util.List;
import java.util.Optional;

/**
 * The backend's probes (each node answers, its local block holds, no other HA manager...) for the picked target,
 * listed under the preflight. They are round trips to every node, so they run off the FX thread: once per target
 * and mode picked, and again whenever a node stops or starts answering in the status (a standby stopped after the
 * target was picked must not leave an old "every node answers" standing). Not on every condition: a lag that comes
 * and goes would queue probes of every node ahead of the run on the one executor.
 */
public final class ClusterProbes {
    private final ClusterConnection cluster;
    private final BackgroundExecutor executor;
    private final FxRelay relay;
    private final SwitchoverViewModel switchover;
    /** Each node's id and whether it answered at the last status, to probe again when one changes. */
    private List<String> reached = List.of();

    public ClusterProbes(ClusterConnection cluster, BackgroundExecutor executor, FxRelay relay, SwitchoverViewModel switchover) {
        this.cluster = cluster;
        this.executor = executor;
        this.relay = relay;
        this.switchover = switchover;
        switchover.targetIdProperty().addListener((obs, was, t) -> probe());
        switchover.modeProperty().addListener((obs, was, m) -> probe());
    }

    /** A new status, on the FX thread: probe again when a node answers where it did not, or the reverse. */
    public void observe(ClusterSnapshot s) {
        if (s == null) {
            return;
        }
        List<String> now = s.nodes().stream().map(ClusterProbes::reach).toList();
        if (!now.equals(reached)) {
            boolean first = reached.isEmpty();
            reached = now;
            if (!first) {
                probe();
            }
        }
    }

    /** Probes the cluster for the picked target, when its backend has probes; the answer goes to the form. */
    public void probe() {
        String target = switchover.targetIdProperty().get();
        Optional<PlanProbes> probes = cluster.planProbes();
        Optional<FailoverRequest> request = switchover.probeRequest();
        if (target == null || probes.isEmpty() || request.isEmpty()) {
            return;
        }
        executor.execute(() -> {
            List<PreflightCheck> found;
            try {
                found = probes.get().probe(request.get());
            } catch (RuntimeException e) {
                found = List.of(PreflightCheck.fail("Probes", "the cluster could not be probed: " + e.getMessage()));
            }
            List<PreflightCheck> result = found;
            relay.run(() -> switchover.probed(target, result));
        });
    }

    private static String reach(NodeStatus n) {
        return n.id() + (n.answered() ? " answers" : " silent");
    }
}
