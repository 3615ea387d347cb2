package dev.handover.metrics;

import dev.handover.testing.RealServer;
import dev.handover.cli.CliRun;
import dev.handover.mariadb.harness.MariaDbLoopback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code handover metrics --cluster}: one status call's gauges beside the journal's, checked by the real
 * {@code promtool check metrics}; on a real MariaDB cluster, one writer and then a split brain (a replica's
 * {@code read_only} turned off by hand), where {@code handover_writable_primaries} is the alert to page on.
 */
@RealServer
class StatusMetricsCliTest {
    @TempDir
    Path dir;

    private Exposition metrics(String spec) throws Exception {
        Path journal = Files.createDirectories(dir.resolve("journal"));
        CliRun m = CliRun.of(dir.resolve("default"), "metrics", "--journal", journal.toString(), "--cluster", spec);
        assertEquals(0, m.code(), m.out() + m.err());
        Promtool.Check check = Promtool.checkMetrics(m.out());
        assertEquals(new Promtool.Check(0, ""), check, "promtool check metrics on:\n" + m.out());
        return Exposition.parse(m.out());
    }

    @Test
    void theWritablePrimariesGaugeIsOneThenTwoOnASplitBrain() throws Exception {
        try (MariaDbLoopback mdb = MariaDbLoopback.start()) {
            String spec = "mariadb:" + mdb.writeDefinition();
            Exposition one = metrics(spec);
            assertEquals(1, one.get("handover_cluster_status_ok", "cluster", spec));
            assertEquals(1, one.get("handover_writable_primaries", "cluster", spec));
            assertEquals(1, one.get("handover_cluster_verdict", "cluster", spec, "verdict", "healthy"));
            assertEquals(0, one.get("handover_cluster_verdict", "cluster", spec, "verdict", "split_brain"));
            assertEquals(1, one.get("handover_node_condition", "cluster", spec, "node", "mdb2", "condition", "healthy"));

            try (Connection c = mdb.admin(mdb.node("mdb3")); Statement s = c.createStatement()) {
                s.execute("SET GLOBAL read_only = 0");
            }
            Exposition split = metrics(spec);
            assertEquals(2, split.get("handover_writable_primaries", "cluster", spec));
            assertEquals(1, split.get("handover_cluster_verdict", "cluster", spec, "verdict", "split_brain"));
            assertEquals(0, split.get("handover_cluster_verdict", "cluster", spec, "verdict", "healthy"));
            assertEquals(1, split.get("handover_node_condition", "cluster", spec, "node", "mdb3", "condition", "split_brain"));
        }
    }

    @Test
    void aSimulationExportsNoWritableCountItDidNotRead() throws Exception {
        CliRun m = CliRun.of(dir.resolve("default"), "metrics", "--journal",
                Files.createDirectories(dir.resolve("j")).toString(), "--cluster", "sim:stalled-replica");
        assertEquals(0, m.code(), m.err());
        assertEquals(new Promtool.Check(0, ""), Promtool.checkMetrics(m.out()), m.out());
        assertFalse(m.out().contains("handover_writable_primaries"), m.out());
        Exposition x = Exposition.parse(m.out());
        assertEquals(1, x.get("handover_cluster_verdict", "cluster", "sim:stalled-replica", "verdict", "degraded"));
        assertTrue(m.out().contains("handover_node_condition{"), m.out());
    }
}
