package dev.handover.postgres;

import dev.handover.testing.RealServer;
import dev.handover.postgres.harness.AckedWriter;
import dev.handover.testing.Await;
import dev.handover.postgres.harness.ClusterCheck;
import dev.handover.postgres.harness.ClusterShape;
import dev.handover.postgres.harness.CrashingRun;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handover process killed mid-run (it halts itself at the chosen point, as kill -9 would: no
 * clean-up, sessions dropped by the kernel) on a production-shaped cluster under acknowledged writes;
 * then recovery, from what the cluster shows, brings back one writable primary with every other node
 * streaming from it, and every acknowledged row is on every node.
 */
@RealServer
class PgCrashRecoveryTest {

    @Test
    void killedRightAfterTheFreezeTheOldPrimaryTakesWritesAgain() throws Exception {
        crashAndRecover(List.of("after-freeze"), null, "pg1");
    }

    @Test
    void killedRightAfterTheOldPrimaryWasShutDownItIsStartedAgainAsItWas() throws Exception {
        crashAndRecover(List.of(), "after-old-primary-stopped", "pg1");
    }

    @Test
    void killedRightAfterThePromotionTheOldPrimaryAndTheSiblingsFollowTheNewPrimary() throws Exception {
        crashAndRecover(List.of(), "after-promotion", "pg2");
    }

    private static void crashAndRecover(List<String> extraArgs, String faultPoint, String expectedPrimary) throws Exception {
        ClusterShape shape = ClusterShape.production(3).withPortOnStartCommand();
        try (LoopbackCluster cluster = LoopbackCluster.start(shape);
             AckedWriter writer = AckedWriter.start(cluster.multiHostUrl(), shape.password(), Duration.ofMillis(5))) {
            Await.until("writes on pg1", Duration.ofSeconds(20), () -> writer.acksFrom(cluster.node("pg1").port()), n -> n >= 20);

            int exit = CrashingRun.runAndDie(cluster, cluster.definitionFile(), "pg2", extraArgs, faultPoint);
            assertEquals(137, exit, "the run was to die at " + (faultPoint == null ? extraArgs : faultPoint));

            // A run killed while writes were frozen has a freeze keeper that lifts them by itself within its
            // lease; recovery does not race it ("retry in a moment") and finds nothing left to lift after it.
            PgRecovery.Result[] last = new PgRecovery.Result[1];
            Await.until("recovery not held off by a keeper at work (steps it left)", Duration.ofSeconds(20), () -> {
                last[0] = new PgRecovery(cluster.definition(), cluster.connector()).converge(dev.handover.cluster.RepairApproval.plain(java.util.Optional.empty(), "test"), dev.handover.cluster.StepJournal.NONE);
                return last[0].remaining();
            }, remaining -> remaining.stream().noneMatch(r -> r.contains("Retry in a moment")));
            PgRecovery.Result result = last[0];
            assertTrue(result.complete(), "recovery left steps: " + result.remaining() + "\ndone: " + result.done());
            assertEquals(expectedPrimary, result.primary().orElseThrow(), result.done().toString());
            ClusterCheck.Seen seen = ClusterCheck.awaitHealthy(cluster, expectedPrimary, Duration.ofSeconds(30));
            assertTrue(seen.healthy(), seen.problems() + "\nrecovery did: " + result.done() + "\npg1's log since recovery started it:\n" + restartLog(cluster, "pg1"));

            int port = cluster.node(expectedPrimary).port();
            long before = writer.acksFrom(port);
            Await.until("writes acknowledged by " + expectedPrimary + " again", Duration.ofSeconds(30),
                    () -> writer.acksFrom(port), n -> n >= before + 20);
            writer.close();
            List<Set<Long>> rows = ClusterCheck.rowsEverywhere(cluster, expectedPrimary, Duration.ofSeconds(30));
            List<Long> acked = writer.acks().stream().map(AckedWriter.Ack::id).toList();
            for (int n = 0; n < rows.size(); n++) {
                Set<Long> onNode = rows.get(n);
                assertEquals(List.of(), acked.stream().filter(id -> !onNode.contains(id)).toList(),
                        cluster.nodes().get(n).id() + " misses acknowledged rows");
            }
        }
    }

    /** The log of a node's latest start by Handover (pg_ctl -l into the data directory), for a failing test's message. */
    private static String restartLog(LoopbackCluster cluster, String id) {
        try {
            return java.nio.file.Files.readString(cluster.node(id).dataDir().resolve("handover-postmaster.log"));
        } catch (java.io.IOException e) {
            return "(none: " + e.getMessage() + ")";
        }
    }
}
