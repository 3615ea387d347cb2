package dev.handover.postgres;

import dev.handover.cli.CliRun;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code handover plan} on a real PostgreSQL cluster: the preflight, the read-only probes and the steps; go on a
 * quiet cluster, no-go (exit 6) while another HA manager's session is on a node — and nothing changed either way.
 */
class PgPlanCliTest {
    @TempDir
    Path journal;

    @Test
    void aQuietClusterIsGoAndAnotherHaManagersSessionIsANoGoNamingIt() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3)) {
            String spec = "pg:" + cluster.definitionFile();
            CliRun go = plan(spec);
            assertEquals(0, go.code(), go.out() + go.err());
            assertTrue(go.out().startsWith("Plan of a handover on " + spec + ": pg1 -> pg2"), go.out());
            assertTrue(go.out().contains("    PASS No other HA manager: no Patroni, repmgr or pg_auto_failover session or"
                    + " extension on any node"), go.out());
            assertTrue(go.out().contains("    PASS No base backup running"), go.out());
            assertTrue(go.out().contains("    PASS Open transactions: none older than 5s on pg1"), go.out());
            assertTrue(go.out().contains("5. read the topology back and check every node follows pg2"), go.out());
            assertTrue(go.out().contains("GO"), go.out());

            Properties as = new Properties();
            as.setProperty("user", cluster.definition().node("pg3").orElseThrow().user());
            as.setProperty("ApplicationName", "Patroni heartbeat");
            cluster.environment().forEach((k, v) -> {
                if (k.equals("PGPASSWORD")) {
                    as.setProperty("password", v);
                }
            });
            try (Connection patroni = DriverManager.getConnection(cluster.node("pg3").jdbcUrl(), as)) {
                CliRun noGo = plan(spec);
                assertEquals(6, noGo.code(), noGo.out() + noGo.err());
                assertTrue(noGo.out().contains("    FAIL No other HA manager: another HA manager is in charge: Patroni (session"
                        + " \"Patroni heartbeat\""), noGo.out());
                assertTrue(noGo.out().contains("on pg3)"), noGo.out());
                assertTrue(noGo.out().contains("NO-GO: No other HA manager:"), noGo.out());
            }
            CliRun status = CliRun.of(journal, "status", "--cluster", spec);
            String pg1 = status.out().lines().filter(l -> l.startsWith("pg1 ")).findFirst().orElseThrow();
            assertTrue(pg1.contains("primary"), "nothing was handed over: " + status.out());
            assertFalse(pg1.contains("FROZEN"), "nothing was frozen: " + status.out());
        }
    }

    private CliRun plan(String spec) {
        return CliRun.of(journal, "plan", "--cluster", spec, "--target", "pg2", "--mode", "coordinated", "--deadline", "10s");
    }
}
