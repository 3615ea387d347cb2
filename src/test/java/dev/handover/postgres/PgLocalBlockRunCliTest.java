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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: a plain {@code run} (no recorded plan) checks each node's reachability and its {@code local} block as
 * {@code plan} does, on a real PostgreSQL cluster. Before, only {@code plan} did, and {@code run} froze, committed and
 * then left the node with the wrong field unmanaged. A wrong pgCtl, data directory or port is now a failing preflight
 * line naming the field: exit 6, nothing frozen, no record of a run; the primary keeps taking writes.
 */
@RealServer
class PgLocalBlockRunCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aWrongPgCtlDataDirOrPortRefusesTheRunBeforeAnythingIsFrozen() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3)) {
            Path good = cluster.definitionFile();

            CliRun pgCtl = run(variant(good, "pgctl", local -> local.put("pgCtl", "/bin/true"), null));
            assertRefused(pgCtl, "    FAIL Local control: pg2 local.pgCtl /bin/true is not a working pg_ctl (--version said \"true ");

            Path pg3Dir = cluster.node("pg3").dataDir();
            CliRun dataDir = run(variant(good, "datadir", local -> local.put("dataDir", pg3Dir.toString()), null));
            assertRefused(dataDir, "    FAIL Local control: pg2 local.dataDir " + pg3Dir + " is not the one the server on 127.0.0.1:"
                    + cluster.node("pg2").port() + " runs from (");

            int nobody = freePort();
            String url = cluster.node("pg2").jdbcUrl().replace(":" + cluster.node("pg2").port() + "/", ":" + nobody + "/");
            CliRun port = run(variant(good, "port", local -> { }, url));
            assertRefused(port, "    FAIL Node answers: pg2 does not answer on jdbcUrl 127.0.0.1:" + nobody + " (");
            assertTrue(port.out().contains("pg2 jdbcUrl port " + nobody + " is not the port of the server in local.dataDir "
                    + cluster.node("pg2").dataDir() + " (its postmaster.pid says " + cluster.node("pg2").port() + ")"), port.out());

            assertTrue(dev.handover.journal.Journal.at(dir.resolve("journal")).load().runs().isEmpty(), "no run was recorded");
            assertPrimaryTakesWrites(cluster);
        }
    }

    private static void assertRefused(CliRun r, String failLine) {
        assertEquals(6, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("  checking that each node answers and this host's control of it…\n"), r.out());
        assertTrue(r.out().contains(failLine), r.out());
        assertTrue(r.out().contains("\nREFUSED: the preflight fails ("), r.out());
        assertTrue(r.out().contains("; nothing was frozen."), r.out());
        assertFalse(r.out().contains("Froze writes") || r.out().contains("writes frozen on"), r.out());
    }

    /** The test's own session: pg1 is out of recovery, not read-only, and a write commits. */
    private static void assertPrimaryTakesWrites(LoopbackCluster cluster) throws Exception {
        try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only')")) {
                rs.next();
                assertFalse(rs.getBoolean(1), "pg1 is still the primary");
                assertEquals("off", rs.getString(2), "pg1 is not frozen");
            }
            st.execute("CREATE TABLE IF NOT EXISTS issue21_run_writable (x int)");
            assertEquals(1, st.executeUpdate("INSERT INTO issue21_run_writable VALUES (1)"));
        }
    }

    private CliRun run(Path definition) {
        return CliRun.of(dir, "run", "--cluster", "pg:" + definition, "--target", "pg3", "--mode", "coordinated",
                "--deadline", "10s", "--journal", dir.resolve("journal").toString());
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
