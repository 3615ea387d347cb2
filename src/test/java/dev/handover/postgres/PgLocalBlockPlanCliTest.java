package dev.handover.postgres;

import dev.handover.testing.RealServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handover.cli.CliRun;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: {@code plan} checks each node's reachability and its {@code local} block on a real PostgreSQL cluster
 * (before, a wrong osUser, pgCtl, data directory or port was accepted and the run left the node unmanaged): each
 * wrong field is a FAIL naming it, exit 6, nothing changed. And a force run with nobody to ask (exit 1), and a run
 * whose preflight fails (exit 6), are refused before anything is frozen: the primary still takes writes on a
 * connection of the test's own.
 */
@RealServer
class PgLocalBlockPlanCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void eachWrongFieldOfTheLocalBlockOrAPortIsANoGoNamingItAndNothingIsChanged() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3)) {
            Path good = cluster.definitionFile();
            CliRun fine = plan(good);
            assertEquals(0, fine.code(), fine.out() + fine.err());
            assertTrue(fine.out().contains("    PASS Node answers: every node answers on its jdbcUrl (pg1 127.0.0.1:"), fine.out());
            assertTrue(fine.out().contains("    PASS Local control: osUser, pgCtl, dataDir and port hold for pg1, pg2, pg3\n"),
                    fine.out());

            CliRun osUser = plan(variant(good, "osuser", local -> local.put("osUser", "no-such-user-h21")));
            assertNoGo(osUser, "    FAIL Local control: pg2 local.osUser \"no-such-user-h21\" is no user on this host");

            // A user who exists but does not own the data directory: pg_ctl would stop the node and not start it again.
            CliRun notOwner = plan(variant(good, "notowner", local -> local.put("osUser", "root")));
            assertNoGo(notOwner, "    FAIL Local control: pg2 local.osUser \"root\" does not own dataDir "
                    + cluster.node("pg2").dataDir() + " (its owner is ");

            CliRun pgCtl = plan(variant(good, "pgctl", local -> local.put("pgCtl", "/bin/true")));
            assertNoGo(pgCtl, "    FAIL Local control: pg2 local.pgCtl /bin/true is not a working pg_ctl (--version said \"true ");

            Path pg3Dir = cluster.node("pg3").dataDir();
            CliRun dataDir = plan(variant(good, "datadir", local -> local.put("dataDir", pg3Dir.toString())));
            assertNoGo(dataDir, "    FAIL Local control: pg2 local.dataDir " + pg3Dir + " is not the one the server on 127.0.0.1:"
                    + cluster.node("pg2").port() + " runs from (");
            assertTrue(dataDir.out().contains("pg2 jdbcUrl port " + cluster.node("pg2").port() + " is not the port of the server in "
                    + "local.dataDir " + pg3Dir + " (its postmaster.pid says " + cluster.node("pg3").port() + ")"), dataDir.out());

            int nobody = freePort();
            String url = cluster.node("pg2").jdbcUrl().replace(":" + cluster.node("pg2").port() + "/", ":" + nobody + "/");
            CliRun port = plan(variant(good, "port", node -> { }, url));
            assertNoGo(port, "    FAIL Node answers: pg2 does not answer on jdbcUrl 127.0.0.1:" + nobody + " (");
            assertTrue(port.out().contains("pg2 jdbcUrl port " + nobody + " is not the port of the server in local.dataDir "
                    + cluster.node("pg2").dataDir() + " (its postmaster.pid says " + cluster.node("pg2").port() + ")"), port.out());

            // A force run with nobody to ask (no terminal, no --force-approval): refused before anything is frozen.
            CliRun force = CliRun.of(dir, "run", "--cluster", "pg:" + good, "--target", "pg2", "--mode", "force",
                    "--deadline", "1s", "--journal", dir.resolve("journal").toString());
            assertEquals(1, force.code(), force.out() + force.err());
            assertTrue(force.err().contains("--mode force asks before it commits and there is no terminal to ask on: pass "
                    + "--force-approval=approve (or =decline)"), force.err());
            assertPrimaryTakesWrites(cluster);

            // A run whose preflight fails (its target is down) is refused before anything is frozen: exit 6.
            cluster.shell().run(cluster.bin().resolve("pg_ctl").toString(), "stop", "-D", cluster.node("pg3").dataDir().toString(),
                    "-m", "fast", "-w");
            CliRun refused = CliRun.of(dir, "run", "--cluster", "pg:" + good, "--target", "pg3", "--mode", "coordinated",
                    "--deadline", "5s", "--journal", dir.resolve("journal").toString());
            assertEquals(6, refused.code(), refused.out() + refused.err());
            assertTrue(refused.out().contains("\nREFUSED: the preflight fails (Target healthy: pg3 cannot be reached"), refused.out());
            assertTrue(refused.out().contains("; nothing was frozen."), refused.out());
            assertFalse(refused.out().contains("writes frozen on"), refused.out());
            assertPrimaryTakesWrites(cluster);
        }
    }

    private static void assertNoGo(CliRun r, String failLine) {
        assertEquals(6, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(failLine), r.out());
        assertTrue(r.out().contains("\nNO-GO: "), r.out());
    }

    /** The test's own session: pg1 is out of recovery, not read-only, and a write commits. */
    private static void assertPrimaryTakesWrites(LoopbackCluster cluster) throws Exception {
        Properties as = new Properties();
        as.setProperty("user", "postgres");
        cluster.environment().forEach((k, v) -> {
            if (k.equals("PGPASSWORD")) {
                as.setProperty("password", v);
            }
        });
        try (Connection c = DriverManager.getConnection(cluster.node("pg1").jdbcUrl(), as); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only')")) {
                rs.next();
                assertFalse(rs.getBoolean(1), "pg1 is still the primary");
                assertEquals("off", rs.getString(2), "pg1 is not frozen");
            }
            st.execute("CREATE TABLE IF NOT EXISTS issue21_writable (x int)");
            assertEquals(1, st.executeUpdate("INSERT INTO issue21_writable VALUES (1)"));
        }
    }

    private CliRun plan(Path definition) {
        return CliRun.of(dir, "plan", "--cluster", "pg:" + definition, "--target", "pg3", "--mode", "coordinated",
                "--deadline", "10s", "--journal", dir.resolve("journal").toString());
    }

    private Path variant(Path definition, String name, Consumer<ObjectNode> local) throws IOException {
        return variant(definition, name, local, null);
    }

    /** The definition with pg2's local block changed by {@code local} (and its jdbcUrl, when given). */
    private Path variant(Path definition, String name, Consumer<ObjectNode> local, String jdbcUrl) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(definition.toFile());
        for (var n : root.withArray("nodes")) {
            if (n.get("id").asText().equals("pg2")) {
                local.accept((ObjectNode) n.get("local"));
                if (jdbcUrl != null) {
                    ((ObjectNode) n).put("jdbcUrl", jdbcUrl);
                }
            }
        }
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
