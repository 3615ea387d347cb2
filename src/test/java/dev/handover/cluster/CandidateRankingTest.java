package dev.handover.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.handover.cluster.Nodes.healthyReplica;
import static dev.handover.cluster.Nodes.primary;
import static dev.handover.cluster.Nodes.replica;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandidateRankingTest {

    @Test
    void healthyBeforeDegradedBeforeUnreachable() {
        ClusterSnapshot s = new ClusterSnapshot(List.of(
                primary("n1", "eu", 1000, 1),
                replica("n2", "eu", 1000, 0, 0, Health.UNREACHABLE, "connection refused"),
                replica("n3", "eu", 1000, 10, 0, Health.DEGRADED, "stalled"),
                healthyReplica("n4", "us", 1000, 900, 1000)));

        List<Candidate> ranked = CandidateRanking.rank(s);

        assertEquals(List.of("n4", "n3", "n2"), ranked.stream().map(Candidate::id).toList());
        assertEquals(List.of(1, 2, 3), ranked.stream().map(Candidate::rank).toList());
        assertTrue(ranked.get(0).reason().startsWith("best: healthy"), ranked.get(0).reason());
        assertTrue(ranked.get(1).reason().startsWith("degraded (stalled)"), ranked.get(1).reason());
        assertTrue(ranked.get(2).reason().startsWith("unreachable (connection refused)"), ranked.get(2).reason());
    }

    @Test
    void lessLagWinsOverRegionWhenTheGapIsReal() {
        ClusterSnapshot s = new ClusterSnapshot(List.of(
                primary("n1", "eu", 100_000, 1),
                healthyReplica("n2", "eu", 100_000, 50_000, 1000),   // 50 s behind
                healthyReplica("n3", "us", 100_000, 100, 1000)));    // 0.1 s behind

        List<Candidate> ranked = CandidateRanking.rank(s);

        assertEquals("n3", ranked.get(0).id());
        assertTrue(ranked.get(1).reason().startsWith("more lag than n3"), ranked.get(1).reason());
    }

    @Test
    void sameRegionPreferredWhenLagIsAlike() {
        ClusterSnapshot s = new ClusterSnapshot(List.of(
                primary("n1", "eu", 10_000, 1),
                healthyReplica("n3", "us", 10_000, 10, 1000),
                healthyReplica("n2", "eu", 10_000, 40, 1000)));

        List<Candidate> ranked = CandidateRanking.rank(s);

        assertEquals(List.of("n2", "n3"), ranked.stream().map(Candidate::id).toList());
        assertTrue(ranked.get(0).reason().contains("same region as n1"), ranked.get(0).reason());
        assertTrue(ranked.get(1).reason().startsWith("other region than n1"), ranked.get(1).reason());
    }

    @Test
    void thePrimaryIsNeverACandidate() {
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary("n1", "eu", 10, 3)));
        assertTrue(CandidateRanking.rank(s).isEmpty());
        assertTrue(CandidateRanking.best(s).isEmpty());
    }
}
