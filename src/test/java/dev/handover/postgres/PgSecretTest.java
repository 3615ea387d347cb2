package dev.handover.postgres;

import dev.handover.testing.RealServer;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.core.CatchUpTimedOut;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster that needs a password: it reaches the driver and pg_rewind, and never any output —
 * outcomes, reports, verification, exceptions, server logs. The headless command's side (its stdout
 * and stderr, the journal, the report, a passfile, a URL carrying a password) is
 * {@code dev.handover.secrets.SecretsEndToEndTest}.
 */
@RealServer
class PgSecretTest {
    private static final String SECRET = "Hand0ver-s3cret-7Qx";
    private static final String ENV = "HANDOVER_TEST_PGPASSWORD";

    @TempDir
    Path dir;

    @Test
    void thePasswordOpensEverySessionAndPgRewindButAppearsInNoOutput() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3, SECRET)) {
            List<PgNodeDefinition> nodes = cluster.definition().nodes().stream()
                    .map(n -> new PgNodeDefinition(n.id(), n.region(), n.jdbcUrl(), n.host(), n.port(), n.database(),
                            n.user(), Optional.of(ENV), n.local()))
                    .toList();
            PgClusterDefinition def = new PgClusterDefinition(dir.resolve("secret.json"), nodes);
            List<String> outputs = new ArrayList<>();

            try (PgCluster without = new PgCluster(def, new PgConnector(Map.<String, String>of()::get, Duration.ofSeconds(3)))) {
                without.pgStatus().forEach(s -> outputs.add(s.toString()));
                assertTrue(without.pgStatus().stream().noneMatch(PgNodeStatus::reachable), "no password, no session");
            }
            try (PgCluster pg = new PgCluster(def, new PgConnector(Map.of(ENV, SECRET)::get, Duration.ofSeconds(3)))) {
                ClusterSnapshot before = pg.status();
                outputs.add(before.toString());
                assertTrue(before.nodes().stream().allMatch(n -> n.health() == dev.handover.cluster.Health.HEALTHY),
                        before.toString());

                // A lagging target: coordinated aborts, force commits and pg_rewind needs the password.
                try (Connection c = cluster.connect("pg2"); Statement st = c.createStatement()) {
                    st.execute("ALTER SYSTEM SET primary_conninfo = 'host=127.0.0.1 port=1 user=postgres'");
                    st.execute("SELECT pg_reload_conf()");
                }
                try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement()) {
                    st.execute("INSERT INTO " + LoopbackCluster.TABLE + " SELECT g FROM generate_series(1, 50) g");
                }
                FailoverRequest coordinated = request(pg, new FailoverMode.Coordinated(Duration.ofMillis(500)));
                PgTransport abortTx = pg.uncheckedTransport("pg2", Duration.ofMillis(20));
                // The freeze keeper gets the password in its environment only: not in its command line, not in its log.
                outputs.add(ProcessHandle.of(abortTx.keeperPid().orElseThrow()).orElseThrow().info().commandLine().orElseThrow());
                CatchUpTimedOut aborted = assertThrows(CatchUpTimedOut.class, () -> FailoverCoordinator.run(coordinated, abortTx));
                outputs.add(aborted.getMessage());

                PgTransport tx = pg.uncheckedTransport("pg2", Duration.ofMillis(20));
                FailoverOutcome outcome = FailoverCoordinator.run(request(pg, new FailoverMode.Force(Duration.ofMillis(500))), tx);
                outputs.add(outcome.toString());
                PgCommitReport report = tx.commitReport().orElseThrow();
                outputs.add(report.toString());
                assertTrue(report.rewound(), "pg_rewind ran with the password: " + report);
                assertTrue(report.complete(), report.remaining().toString());
                dev.handover.cluster.AfterRun after = pg.afterRunVerifier().orElseThrow().verify(tx, outcome.newTerm());
                outputs.add(after.toString());
                assertFalse(after.degraded(), after.toString());
                outputs.add(pg.status().toString());
            }
            for (String id : List.of("pg1", "pg2", "pg3")) {
                outputs.add(cluster.log(id));
            }
            outputs.add(java.nio.file.Files.readString(KeeperProcess.defaultLog()));
            assertNoSecret(outputs);
        }
    }

    private static FailoverRequest request(PgCluster pg, FailoverMode mode) {
        ClusterSnapshot s = pg.status();
        return new FailoverRequest(s.node("pg1").orElseThrow().node(), s.node("pg2").orElseThrow().node(),
                s.node("pg1").orElseThrow().role().term(), s.node("pg2").orElseThrow().durableLsn(), mode);
    }

    private static void assertNoSecret(List<String> outputs) {
        assertFalse(outputs.isEmpty());
        for (String text : outputs) {
            assertFalse(text.contains(SECRET), "the password leaked into: " + text);
        }
    }
}
