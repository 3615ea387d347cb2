package dev.handover.training;

import dev.handover.cluster.Candidate;
import dev.handover.cluster.CandidateRanking;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.journal.RunReport;

import java.util.List;
import java.util.Locale;

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
        return new RunReport.CandidateInfo(c.id(), c.rank(), c.status().health().name().toLowerCase(Locale.ROOT),
                c.status().lagLsn(), c.status().lag().toMillis(), c.status().node().region(), c.reason());
    }
}
