package dev.handover.training;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.FailoverNode;
import dev.handover.core.NodeRole;
import dev.handover.journal.RunReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The ranking a run records: a replica that did not answer has no lag (before: lagLsn 0, lagMs 0). */
class TargetRankingUnknownTest {

    @Test
    void anUnreachableCandidateIsRecordedWithoutALag() throws Exception {
        NodeStatus primary = new NodeStatus(new FailoverNode("n1", "n1:5432", "eu"), new NodeRole.Primary(7), 9000, 9000, 0,
                Duration.ZERO, 0, Health.HEALTHY, "");
        NodeStatus replica = new NodeStatus(new FailoverNode("n2", "n2:5432", "eu"), new NodeRole.Replica("n1:5432", 7), 8000,
                8000, 1000, Duration.ofMillis(250), 4000, Health.HEALTHY, "");
        NodeStatus hung = NodeStatus.unreachable(new FailoverNode("n3", "n3:5432", "eu"), "connection timed out");

        List<RunReport.CandidateInfo> ranked = TargetRanking.rank(new ClusterSnapshot(List.of(primary, replica, hung)));

        assertEquals(1000L, ranked.get(0).lagLsn());
        assertEquals(250L, ranked.get(0).lagMs());
        RunReport.CandidateInfo n3 = ranked.get(1);
        assertEquals("unreachable", n3.health());
        assertNull(n3.lagLsn());
        assertNull(n3.lagMs());
        // The record's JSON leaves them out.
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(n3);
        assertFalse(json.contains("lagLsn") || json.contains("lagMs"), json);
    }
}
