package dev.handover.cli;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.Positions;
import dev.handover.core.FailoverNode;
import dev.handover.core.NodeRole;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code status}: a node that did not answer prints unknown, not term 0, LSN 0 and a lag of 0 (0ms) (before). */
class NodeTableUnknownTest {

    @Test
    void anUnreachableNodePrintsUnknown() {
        NodeStatus primary = new NodeStatus(new FailoverNode("pg1", "db1:5432", "eu"), new NodeRole.Primary(3), 5000, 5000, 0,
                Duration.ZERO, 100, Health.HEALTHY, "timeline 3");
        NodeStatus hung = NodeStatus.unreachable(new FailoverNode("pg2", "db2:5432", "eu"), "connection timed out");
        String table = NodeTable.render(new ClusterSnapshot(List.of(primary, hung)));

        String row = table.lines().filter(l -> l.startsWith("pg2")).findFirst().orElseThrow();
        List<String> words = List.of(row.trim().split("\\s{2,}"));
        // NODE ROLE TERM REGION ADDR LSN DURABLE LAG HEALTH DETAIL
        assertEquals(List.of("pg2", "unknown", "unknown", "eu", "db2:5432", "unknown", "unknown", "unknown", "unreachable",
                "connection timed out"), words, table);
        assertFalse(row.contains(" 0 ") || row.contains("0ms"), row);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("pg1") && l.contains(" 3 ")), table);
    }

    /** Issue 21: a MariaDB cluster's positions are GTIDs; the header says so, as the console's columns do. */
    @Test
    void thePositionsColumnIsHeadedWithTheClustersOwnNoun() {
        Positions gtids = new Positions() {
            @Override
            public String position(long seq) {
                return "0-1-" + seq;
            }

            @Override
            public String amount(long seq) {
                return seq + " transactions";
            }

            @Override
            public String noun() {
                return "GTID";
            }
        };
        NodeStatus primary = new NodeStatus(new FailoverNode("mdb1", "db1:3306", "eu"), new NodeRole.Primary(1), 42, 42, 0,
                Duration.ZERO, 100, Health.HEALTHY, "");
        String header = NodeTable.render(new ClusterSnapshot(List.of(primary), gtids)).lines().findFirst().orElseThrow();
        assertEquals(List.of("NODE", "ROLE", "TERM", "REGION", "ADDR", "GTID", "DURABLE", "LAG", "HEALTH", "DETAIL"),
                List.of(header.trim().split("\\s+")), header);
        String lsn = NodeTable.render(new ClusterSnapshot(List.of(primary))).lines().findFirst().orElseThrow();
        assertTrue(lsn.contains(" LSN "), "a counter of the simulator or PostgreSQL stays an LSN: " + lsn);
    }
}
