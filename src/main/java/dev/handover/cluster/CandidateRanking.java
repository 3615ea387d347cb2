package dev.handover.cluster;

import dev.handover.core.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Ranks the replicas as handover targets, best first: healthy before degraded before unreachable,
 * then less lag, then the primary's own region, then id. Lag is compared in half-second steps so
 * that two replicas a few LSN apart do not swap places on every refresh; within a step the region
 * decides, and only then the exact LSN.
 */
public final class CandidateRanking {
    /** Lags within the same step count as equal for the region preference. */
    static final long LAG_STEP_MILLIS = 500;

    private CandidateRanking() {
    }

    public static List<Candidate> rank(ClusterSnapshot snapshot) {
        String primaryRegion = snapshot.primary().map(p -> p.node().region()).orElse(null);
        String primaryId = snapshot.primary().map(NodeStatus::id).orElse("the primary");
        Comparator<NodeStatus> order = Comparator
                .comparing(NodeStatus::health)
                .thenComparingLong(CandidateRanking::lagStep)
                .thenComparing(n -> !n.node().region().equals(primaryRegion))
                .thenComparingLong(NodeStatus::lagLsn)
                .thenComparing(NodeStatus::id);
        List<NodeStatus> sorted = snapshot.replicas().stream().sorted(order).toList();
        List<Candidate> ranked = new ArrayList<>();
        NodeStatus above = null;
        for (NodeStatus n : sorted) {
            ranked.add(new Candidate(n, ranked.size() + 1, reason(n, above, primaryRegion, primaryId, snapshot.positions())));
            above = n;
        }
        return List.copyOf(ranked);
    }

    /** The best target, if any replica exists. */
    public static Optional<Candidate> best(ClusterSnapshot snapshot) {
        return rank(snapshot).stream().findFirst();
    }

    private static long lagStep(NodeStatus n) {
        return n.health() == Health.UNREACHABLE ? Long.MAX_VALUE : n.lag().toMillis() / LAG_STEP_MILLIS;
    }

    /** What the candidate is, and for all but the first, what puts it below the one above. */
    private static String reason(NodeStatus n, NodeStatus above, String primaryRegion, String primaryId,
                                 Positions positions) {
        if (above == null) {
            return "best: " + health(n) + ", " + describe(n, primaryRegion, primaryId, positions);
        }
        String facts = describe(n, primaryRegion, primaryId, positions);
        if (n.health() != above.health()) {
            // The health is the reason; say it once, with its detail.
            return n.health().name().toLowerCase() + (n.detail().isBlank() ? "" : " (" + n.detail() + ")") + "; " + facts;
        }
        String below;
        if (lagStep(n) != lagStep(above)) {
            below = "more lag than " + above.id();
        } else if (!n.node().region().equals(above.node().region())) {
            below = "other region than " + primaryId;
        } else if (n.lagLsn() != above.lagLsn()) {
            below = "slightly more lag than " + above.id();
        } else {
            below = "tied with " + above.id() + ", ordered by id";
        }
        return below + "; " + health(n) + ", " + facts;
    }

    private static String health(NodeStatus n) {
        return n.health().name().toLowerCase();
    }

    /** Lag and region, the facts behind the rank. */
    private static String describe(NodeStatus n, String primaryRegion, String primaryId, Positions positions) {
        String lag = n.health() == Health.UNREACHABLE ? "lag unknown"
                : n.ahead() ? "ahead of " + primaryId + " by " + positions.shortAmount(-n.lagLsn()) + " (diverged)"
                : "lag " + positions.shortAmount(n.lagLsn()) + " (" + lagText(n.lag()) + ")";
        String region = n.node().region().equals(primaryRegion)
                ? "same region as " + primaryId
                : "region " + n.node().region();
        return lag + ", " + region;
    }

    private static String lagText(Duration lag) {
        return Durations.format(Preflight.roughly(lag));
    }
}
