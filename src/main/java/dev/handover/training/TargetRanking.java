package dev.handover.training;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.Durations;
import dev.handover.journal.RunReport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The preflight ranking of handover targets, best first, as recorded with a run and judged by the
 * debrief: healthy before degraded before unreachable, then less lag (in half-second steps, so two
 * replicas a few LSN apart count as equal), then the primary's own region, then exact lag, then id.
 * The same order as {@code dev.handover.cluster.CandidateRanking} on the console's branch; once that
 * lands on main this can delegate to it.
 */
public final class TargetRanking {
    static final long LAG_STEP_MILLIS = 500;

    private TargetRanking() {
    }

    public static List<RunReport.CandidateInfo> rank(ClusterSnapshot snapshot) {
        String primaryRegion = snapshot.primary().map(p -> p.node().region()).orElse("");
        Comparator<NodeStatus> order = Comparator
                .comparing(NodeStatus::health)
                .thenComparingLong(TargetRanking::lagStep)
                .thenComparing(n -> !n.node().region().equals(primaryRegion))
                .thenComparingLong(NodeStatus::lagLsn)
                .thenComparing(NodeStatus::id);
        List<NodeStatus> sorted = snapshot.replicas().stream().sorted(order).toList();
        List<RunReport.CandidateInfo> ranked = new ArrayList<>();
        for (NodeStatus n : sorted) {
            ranked.add(new RunReport.CandidateInfo(n.id(), ranked.size() + 1, n.health().name().toLowerCase(Locale.ROOT),
                    n.lagLsn(), n.lag().toMillis(), n.node().region(), describe(n, primaryRegion)));
        }
        return List.copyOf(ranked);
    }

    private static long lagStep(NodeStatus n) {
        return n.health() == Health.UNREACHABLE ? Long.MAX_VALUE : n.lag().toMillis() / LAG_STEP_MILLIS;
    }

    private static String describe(NodeStatus n, String primaryRegion) {
        String health = n.health().name().toLowerCase(Locale.ROOT) + (n.detail().isBlank() ? "" : " (" + n.detail() + ")");
        String lag = n.health() == Health.UNREACHABLE ? "lag unknown"
                : "lag " + n.lagLsn() + " LSN (" + Durations.format(n.lag()) + ")";
        String region = n.node().region().equals(primaryRegion) ? "same region as the primary" : "region " + n.node().region();
        return health + ", " + lag + ", " + region;
    }
}
