package dev.handover.mariadb;

import dev.handover.testing.RealServer;
import dev.handover.cluster.AfterRun;
import dev.handover.cluster.StaleFreezeRelease;
import dev.handover.mariadb.harness.ClusterCheck;
import dev.handover.mariadb.harness.MariaDbLoopback;
import dev.handover.mariadb.harness.MariaDbLoopback.Node;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a run that died part-way leaves on a real MariaDB cluster, set up as the nodes would show it, then
 * released or repaired from what they show; every result checked on the servers themselves.
 */
@RealServer
class MariaDbRecoveryTest extends OnLoopbackCluster {
    @Test
    void aRunThatDiedAfterFencingTheOldPrimaryButBeforePromotingIsReleased() throws Exception {
        exec(mdb.node("mdb1"), "SET GLOBAL read_only = 1"); // the fencing, its lock gone with the dead session
        StaleFreezeRelease.Result r = cluster.staleFreezeRelease().orElseThrow()
                .release(new StaleFreezeRelease.StaleRun("mdb1", 0, "mdb2"));
        assertInstanceOf(StaleFreezeRelease.Result.Released.class, r, r.toString());
        assertTrue(ClusterCheck.writable(mdb, mdb.node("mdb1")));
        assertTrue(ClusterCheck.streamingFrom(mdb, mdb.node("mdb2"), mdb.node("mdb1")));

        StaleFreezeRelease.Result again = cluster.staleFreezeRelease().orElseThrow()
                .release(new StaleFreezeRelease.StaleRun("mdb1", 0, "mdb2"));
        assertInstanceOf(StaleFreezeRelease.Result.AlreadyWritable.class, again, again.toString());
    }

    @Test
    void aRunThatDiedAfterPromotingIsNotReleasedButRepairedAroundTheNewPrimary() throws Exception {
        diedAfterPromoting(true);
        StaleFreezeRelease.Result r = cluster.staleFreezeRelease().orElseThrow()
                .release(new StaleFreezeRelease.StaleRun("mdb1", 0, "mdb2"));
        StaleFreezeRelease.Result.Refused refused = assertInstanceOf(StaleFreezeRelease.Result.Refused.class, r);
        assertTrue(refused.reasons().stream().anyMatch(w -> w.contains("mdb2 holds term 1")), refused.reasons().toString());
        assertFalse(ClusterCheck.writable(mdb, mdb.node("mdb1")), "left read_only: a handover was committed");

        AfterRun repaired = cluster.topologyRepair().orElseThrow().repair(dev.handover.cluster.RepairApproval.plain(java.util.Optional.empty(), "test"), dev.handover.cluster.StepJournal.NONE);
        assertFalse(repaired.degraded(), repaired.toString());
        assertTrue(repaired.done().stream().anyMatch(s -> s.text().startsWith("mdb1 re-pointed at mdb2 (MASTER_DEMOTE_TO_SLAVE")),
                repaired.toString());
        assertTrue(ClusterCheck.writable(mdb, mdb.node("mdb2")));
        for (String id : new String[] {"mdb1", "mdb3"}) {
            assertFalse(ClusterCheck.writable(mdb, mdb.node(id)), id);
            assertTrue(ClusterCheck.streamingFrom(mdb, mdb.node(id), mdb.node("mdb2")), id + " streams from mdb2");
        }
        exec(mdb.node("mdb2"), "INSERT INTO " + MariaDbLoopback.TABLE + " VALUES (-7, @@server_id)");
    }

    @Test
    void aTargetPromotedButNotYetWritableIsMadeTheWritablePrimary() throws Exception {
        diedAfterPromoting(false);
        AfterRun repaired = cluster.topologyRepair().orElseThrow().repair(dev.handover.cluster.RepairApproval.plain(java.util.Optional.empty(), "test"), dev.handover.cluster.StepJournal.NONE);
        assertFalse(repaired.degraded(), repaired.toString());
        assertTrue(repaired.done().get(0).text().startsWith("mdb2 (term 1, no replication source) made writable"),
                repaired.toString());
        assertTrue(ClusterCheck.writable(mdb, mdb.node("mdb2")));
        assertTrue(ClusterCheck.streamingFrom(mdb, mdb.node("mdb1"), mdb.node("mdb2")));
    }

    @Test
    void twoWritableNodesAreLeftAloneWithTheDecisionNamed() throws Exception {
        exec(mdb.node("mdb3"), "STOP ALL SLAVES");
        exec(mdb.node("mdb3"), "RESET SLAVE ALL");
        exec(mdb.node("mdb3"), "SET GLOBAL read_only = 0");
        AfterRun repaired = cluster.topologyRepair().orElseThrow().repair(dev.handover.cluster.RepairApproval.plain(java.util.Optional.empty(), "test"), dev.handover.cluster.StepJournal.NONE);
        assertTrue(repaired.degraded());
        assertTrue(repaired.done().isEmpty(), repaired.toString());
        assertTrue(repaired.remaining().get(0).startsWith("Several nodes take writes (mdb1, mdb3)"), repaired.toString());
        assertTrue(ClusterCheck.writable(mdb, mdb.node("mdb1")) && ClusterCheck.writable(mdb, mdb.node("mdb3")));
    }

    /**
     * Issue 20 (finding 1, MariaDB): two writable nodes, both with acknowledged transactions. The repair shows
     * the exact count it would discard (GTIDs the chosen primary lacks), refuses without that approval, and
     * with it fences the other node (read_only=1) and lists its rebuild, never re-pointing it over its data.
     */
    @Test
    void twoWritableNodesWithTheirOwnTransactionsAreRepairedOnlyWithTheExactCountApproved() throws Exception {
        exec(mdb.node("mdb3"), "STOP ALL SLAVES");
        exec(mdb.node("mdb3"), "RESET SLAVE ALL");
        exec(mdb.node("mdb3"), "SET GLOBAL read_only = 0");
        for (int i = 0; i < 7; i++) {
            exec(mdb.node("mdb3"), "INSERT INTO " + MariaDbLoopback.TABLE + " VALUES (" + (-100 - i) + ", @@server_id)");
        }
        for (int i = 0; i < 12; i++) {
            exec(mdb.node("mdb1"), "INSERT INTO " + MariaDbLoopback.TABLE + " VALUES (" + (-200 - i) + ", @@server_id)");
        }
        dev.handover.cluster.TopologyRepair repair = cluster.topologyRepair().orElseThrow();
        dev.handover.cluster.RepairPlan plan = repair.plan(java.util.Optional.empty());
        assertEquals(java.util.Optional.of("mdb1"), plan.primary(), "mdb1 holds more GTIDs: " + plan);
        assertTrue(plan.hazards().get(0).contains("TWO WRITABLE PRIMARIES"), plan.toString());
        assertEquals(1, plan.discards().size(), plan.toString());
        assertEquals("mdb3", plan.discards().get(0).node());
        assertEquals(7, plan.discards().get(0).transactions(), plan.discards().get(0).text());

        AfterRun refused = repair.repair(new dev.handover.cluster.RepairApproval(java.util.Optional.empty(), java.util.Map.of(),
                "test", true), dev.handover.cluster.StepJournal.NONE);
        assertTrue(refused.done().isEmpty(), refused.toString());
        assertTrue(refused.remaining().stream().anyMatch(r -> r.contains("was not approved")), refused.toString());
        assertTrue(ClusterCheck.writable(mdb, mdb.node("mdb1")) && ClusterCheck.writable(mdb, mdb.node("mdb3")),
                "nothing was changed");

        List<String> journaled = new java.util.ArrayList<>();
        dev.handover.cluster.StepJournal steps = new dev.handover.cluster.StepJournal() {
            @Override
            public void intent(String step, String subject) {
                journaled.add("intent " + step + " " + subject);
            }

            @Override
            public void done(String step, String subject, String seen) {
                journaled.add("done " + step + " " + subject + " " + seen);
            }

            @Override
            public void failed(String step, String subject, String seen) {
                journaled.add("failed " + step + " " + subject + " " + seen);
            }
        };
        AfterRun approved = repair.repair(new dev.handover.cluster.RepairApproval(java.util.Optional.empty(),
                java.util.Map.of("mdb3", 7L), "test", true), steps);
        assertFalse(ClusterCheck.writable(mdb, mdb.node("mdb3")), "mdb3 fenced: " + approved);
        assertTrue(ClusterCheck.writable(mdb, mdb.node("mdb1")));
        assertTrue(approved.remaining().stream().anyMatch(r -> r.startsWith("rebuild mdb3 from mdb1")), approved.toString());
        assertTrue(journaled.stream().anyMatch(l -> l.startsWith("done approved-discard mdb3") && l.contains("7 committed transactions")),
                journaled.toString());
        assertTrue(journaled.contains("intent fence mdb3"), journaled.toString());
    }

    /**
     * The state a run leaves when it dies inside its commit: mdb1 fenced (read_only, no source), mdb2 promoted
     * under term 1 (writable only when {@code writable}), mdb3 still replicating from mdb1.
     */
    private void diedAfterPromoting(boolean writable) throws Exception {
        Node old = mdb.node("mdb1");
        Node target = mdb.node("mdb2");
        exec(old, "SET GLOBAL read_only = 1");
        try (Connection c = mdb.admin(target)) {
            Sql.exec(c, "STOP ALL SLAVES");
            Sql.exec(c, "RESET SLAVE ALL");
            MariaDbTerm.write(c, 1, "mdb2");
            if (writable) {
                Sql.exec(c, "SET GLOBAL read_only = 0");
            }
        }
    }

    private void exec(Node n, String sql) throws SQLException {
        try (Connection c = mdb.admin(n); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
