package dev.handover.postgres;

import dev.handover.testing.RealServer;
import dev.handover.postgres.harness.AckedWriter;
import dev.handover.testing.Await;
import dev.handover.postgres.harness.ClusterCheck;
import dev.handover.postgres.harness.ClusterShape;
import dev.handover.postgres.harness.LoopbackCluster;
import dev.handover.postgres.harness.Rotation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Endurance on clusters built the way production runs them (checksums, scram passwords, a replication
 * role with its password in primary_conninfo, a slot per standby, application_name per standby; a
 * synchronous variant; ports given on the start command): twelve coordinated switchovers in rotation
 * under a client writing every 5 ms. After every run the cluster itself must show one writable
 * primary, every other node streaming from it, no inactive slot anywhere (and a synchronous standby
 * in the synchronous variant); at the end every acknowledged row is on every node.
 */
@RealServer
class PgRotationTest {
    private static final int ROTATIONS = 12;

    @Test
    void twelveRotationsOnAProductionShapedClusterWithPortsOnTheStartCommand() throws Exception {
        rotate(ClusterShape.production(3).withPortOnStartCommand());
    }

    @Test
    void twelveRotationsOnAProductionShapedSynchronousCluster() throws Exception {
        rotate(ClusterShape.production(3).synchronous());
    }

    private static void rotate(ClusterShape shape) throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(shape);
             PgCluster pg = new PgCluster(cluster.definition(), cluster.connector());
             AckedWriter writer = AckedWriter.start(cluster.multiHostUrl(), shape.password(), Duration.ofMillis(5))) {
            Await.until("writes acknowledged by pg1", Duration.ofSeconds(20), () -> writer.acksFrom(cluster.node("pg1").port()), n -> n >= 20);
            String primary = "pg1";
            for (int i = 1; i <= ROTATIONS; i++) {
                Rotation.Result r = Rotation.once(cluster, pg, writer, Duration.ofSeconds(10));
                assertTrue(r.healthy(), "rotation " + i + ": " + r.describe() + "\n--- logs ---\n" + logs(cluster));
                assertTrue(r.outcome().orElseThrow().isZeroRpo(), "rotation " + i);
                System.out.printf(java.util.Locale.ROOT, "rotation %d %s: window %.3f s%s%n", i, r.from() + " -> " + r.to(),
                        r.window().orElseThrow(), r.report().orElseThrow().done().stream()
                                .filter(d -> d.contains("first synchronous standby")).map(d -> "; " + d).findFirst().orElse(""));
                primary = r.to();
            }
            writer.close();
            List<Set<Long>> rows = ClusterCheck.rowsEverywhere(cluster, primary, Duration.ofSeconds(30));
            List<Long> acked = writer.acks().stream().map(AckedWriter.Ack::id).toList();
            for (int n = 0; n < rows.size(); n++) {
                Set<Long> onNode = rows.get(n);
                List<Long> missing = acked.stream().filter(id -> !onNode.contains(id)).toList();
                assertEquals(List.of(), missing, cluster.nodes().get(n).id() + " misses acknowledged rows");
            }
        }
    }

    private static String logs(LoopbackCluster cluster) {
        StringBuilder sb = new StringBuilder();
        for (LoopbackCluster.Node n : cluster.nodes()) {
            String log = cluster.log(n.id());
            sb.append("== ").append(n.id()).append(" ==\n").append(log.length() > 3000 ? log.substring(log.length() - 3000) : log);
        }
        return sb.toString();
    }
}
