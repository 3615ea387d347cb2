package dev.handover.training;

import dev.handover.cluster.Candidate;
import dev.handover.cluster.CandidateRanking;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.journal.RunReport;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The preflight ranking of handover targets, best first, in the form a run records and the debrief
 * judges: {@link CandidateRanking}'s order and reasons (healthy before degraded before unreachable,
 * then less lag in half-second steps, then the primary's region), one place for the rule.
 */
public final class TargetRanking {
    private TargetRanking() {
    }

    public static List<RunReport.CandidateInfo> rank(ClusterSnapshot snapshot) {
        return CandidateRanking.rank(snapshot).stream().map(TargetRanking::info).toList();
    }

    private static RunReport.CandidateInfo info(Candidate c) {
        // A replica that did not answer has no lag to record: absent, not 0.
        Optional<NodeStatus.Readings> read = c.status().readings();
        return new RunReport.CandidateInfo(c.id(), c.rank(), c.status().health().name().toLowerCase(Locale.ROOT),
                read.map(NodeStatus.Readings::lagLsn).orElse(null), read.map(r -> r.lag().toMillis()).orElse(null),
                c.status().node().region(), c.reason());
    }
}
