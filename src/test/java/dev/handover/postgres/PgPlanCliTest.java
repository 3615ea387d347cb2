package dev.handover.postgres;

import dev.handover.testing.RealServer;
import dev.handover.cli.CliRun;
import dev.handover.journal.Journal;
import dev.handover.journal.ScheduleBook;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code handover plan} on a real PostgreSQL cluster: the preflight, the read-only probes and the steps; go on a
 * quiet cluster, no-go (exit 6) while another HA manager's session is on a node — and nothing changed either way.
 */
@RealServer
class PgPlanCliTest {
    @TempDir
    Path journal;

    @Test
    void aQuietClusterIsGoAndAnotherHaManagersSessionIsANoGoNamingIt() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3)) {
            String spec = "pg:" + cluster.definitionFile();
            CliRun go = plan(spec);
            assertEquals(0, go.code(), go.out() + go.err());
            // First, but for the line of a second read when the first found a standby's apply rate unmeasured.
            assertTrue(go.out().replaceFirst("^  measuring the apply rate of [^\n]*\n", "")
                    .startsWith("Plan of a handover on " + spec + ": pg1 -> pg2"), go.out());
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

    /** A run scheduled on the cluster as it was, fired after someone else switched it over: refused, nothing frozen. */
    @Test
    void aScheduledRunFiringOnAChangedClusterIsRefused() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3)) {
            String spec = "pg:" + cluster.definitionFile();
            CompletableFuture<CliRun> scheduled = CompletableFuture.supplyAsync(() -> CliRun.of(journal, "run", "--cluster", spec,
                    "--target", "pg2", "--mode", "coordinated", "--deadline", "10s", "--journal", journal.toString(),
                    "--at", Instant.now().plusSeconds(8).toString()));
            CliRun meanwhile = CliRun.of(journal, "run", "--cluster", spec, "--target", "pg3", "--mode", "coordinated",
                    "--deadline", "10s", "--journal", journal.resolve("other").toString());
            assertEquals(0, meanwhile.code(), meanwhile.out() + meanwhile.err());

            CliRun refused = scheduled.get(60, TimeUnit.SECONDS);
            assertEquals(6, refused.code(), refused.out() + refused.err());
            assertTrue(refused.out().contains("REFUSED at ") && refused.out().contains("the primary is pg3 now, not pg1"),
                    refused.out());
            assertFalse(refused.out().contains("writes frozen"), refused.out());
            ScheduleBook.Entry end = ScheduleBook.of(Journal.at(journal)).load().get(0).ended().orElseThrow();
            assertEquals(ScheduleBook.Entry.REFUSED, end.kind());
        }
    }

    private CliRun plan(String spec) {
        return CliRun.of(journal, "plan", "--cluster", spec, "--target", "pg2", "--mode", "coordinated", "--deadline", "10s");
    }
}
