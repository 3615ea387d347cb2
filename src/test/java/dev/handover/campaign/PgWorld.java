package dev.handover.campaign;

import dev.handover.postgres.harness.ClusterCheck;
import dev.handover.postgres.harness.LoopbackBouncer;
import dev.handover.postgres.harness.LoopbackCluster;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * A real 3-node PostgreSQL cluster with a real PgBouncer in front, shared by the campaign's cells while it
 * stays healthy: a cell starts from whichever node is primary now, and the world is built afresh only when a
 * cell left it anything but one writable primary with every standby streaming from it and the bouncer
 * routing there, unpaused (checked with the harness's own sessions).
 */
final class PgWorld implements AutoCloseable {
    final LoopbackCluster cluster;
    final LoopbackBouncer bouncer;
    String primary = "pg1";

    private PgWorld(LoopbackCluster cluster, LoopbackBouncer bouncer) {
        this.cluster = cluster;
        this.bouncer = bouncer;
    }

    static PgWorld start() throws Exception {
        LoopbackCluster cluster = LoopbackCluster.start(3);
        try {
            return new PgWorld(cluster, LoopbackBouncer.start(cluster, "pg1", "transaction", Duration.ofSeconds(10)));
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    List<String> standbys() {
        return cluster.nodes().stream().map(LoopbackCluster.Node::id).filter(id -> !id.equals(primary)).toList();
    }

    /** Fit for the next cell with {@code newPrimary} as its primary; the reason when not. */
    String unfitBecause(String newPrimary) {
        ClusterCheck.Seen seen = ClusterCheck.awaitHealthy(cluster, newPrimary, Duration.ofSeconds(20));
        // Inactive slots left by a handover are no harm to the next cell; anything else is.
        List<String> problems = seen.problems().stream().filter(p -> !p.contains("inactive physical slot")).toList();
        if (!problems.isEmpty()) {
            return problems.toString();
        }
        if (!bouncer.running()) {
            return "the bouncer is not running";
        }
        try (Connection admin = bouncer.admin(); Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SHOW DATABASES")) {
            while (rs.next()) {
                if (rs.getString("name").equals(LoopbackBouncer.DATABASE)) {
                    if (rs.getInt("paused") != 0) {
                        return "the bouncer's pool is paused";
                    }
                    if (rs.getInt("port") != cluster.node(newPrimary).port()) {
                        return "the bouncer routes to port " + rs.getInt("port") + ", not " + newPrimary;
                    }
                }
            }
        } catch (SQLException e) {
            return "the bouncer cannot be read: " + e.getMessage();
        }
        return "";
    }

    @Override
    public void close() {
        bouncer.close();
        cluster.close();
    }
}
