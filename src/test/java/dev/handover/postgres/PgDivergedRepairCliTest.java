package dev.handover.postgres;

import dev.handover.testing.RealServer;
import dev.handover.cli.CliRun;
import dev.handover.journal.Journal;
import dev.handover.journal.JournalRun;
import dev.handover.journal.RunReport;
import dev.handover.postgres.harness.AckedWriter;
import dev.handover.testing.Await;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20, findings 1 and 6 on real PostgreSQL, through the command a DBA types. Two primaries on different
 * timelines, both with acknowledged writes: {@code recover --repair} shows the exact count it would discard
 * and refuses without approval (no terminal, {@code --yes} alone); with {@code --discard NODE:COUNT} it
 * proceeds, keeps every row acknowledged on the node it keeps, and the journal holds the approval and count.
 * {@code recover} says which node takes writes from a check of the nodes, with the time.
 */
@RealServer
class PgDivergedRepairCliTest {

    @TempDir
    Path dir;

    @Test
    void twoPrimariesOnDivergedTimelinesAreNotRepairedWithoutApprovingTheExactCount() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3)) {
            Journal journal = Journal.at(dir.resolve("journal"));
            String id = deadRun(journal, cluster);
            try (AckedWriter before = AckedWriter.start(cluster.node("pg1").jdbcUrl(), Duration.ofMillis(10))) {
                Await.until("rows acknowledged on pg1", Duration.ofSeconds(30), () -> before.acks().size(), n -> n >= 20);
            }
            Await.until("pg2 replayed pg1's rows (row counts on pg2, pg1)", Duration.ofSeconds(30),
                    () -> List.of(count(cluster, "pg2"), count(cluster, "pg1")), n -> n.get(0).equals(n.get(1)));
            // pg2 promoted while pg1 still takes writes: a split brain, each side acknowledging its own rows
            exec(cluster, "pg2", "SELECT pg_promote(true)");
            List<AckedWriter.Ack> onPg1;
            List<AckedWriter.Ack> onPg2;
            try (AckedWriter a = AckedWriter.start(cluster.node("pg1").jdbcUrl(), "", Duration.ofMillis(10), 100_000);
                 AckedWriter b = AckedWriter.start(cluster.node("pg2").jdbcUrl(), "", Duration.ofMillis(25), 900_000)) {
                Await.until("both sides acknowledge rows", Duration.ofSeconds(60), () -> List.of(a.acks().size(), b.acks().size()), n -> n.get(0) >= 60 && n.get(1) >= 15);
                a.close();
                b.close();
                onPg1 = a.acks();
                onPg2 = b.acks();
            }
            long pg2Only = onPg2.size();

            CliRun refused = CliRun.of(dir, "recover", "--journal", journal.directory().toString(), "--repair", id);
            assertEquals(6, refused.code(), refused.out() + refused.err());
            assertTrue(refused.out().contains("TWO WRITABLE PRIMARIES"), refused.out());
            assertTrue(refused.out().contains("Primary: pg1"), "pg1 holds more past the fork: " + refused.out());
            assertTrue(refused.out().contains("pg2: " + pg2Only + " committed transactions (exact"),
                    "the exact count of rows acknowledged on pg2 only (" + pg2Only + "): " + refused.out());
            assertTrue(refused.err().contains("no terminal"), refused.err());
            assertWritable(cluster, "pg1");
            assertWritable(cluster, "pg2"); // nothing was changed

            CliRun yesAlone = CliRun.of(dir, "recover", "--journal", journal.directory().toString(), "--repair", id, "--yes");
            assertEquals(6, yesAlone.code(), yesAlone.out() + yesAlone.err());
            assertTrue(yesAlone.err().contains("--discard pg2:" + pg2Only), yesAlone.err());
            CliRun wrongCount = CliRun.of(dir, "recover", "--journal", journal.directory().toString(), "--repair", id, "--yes",
                    "--discard", "pg2:" + (pg2Only - 1));
            assertEquals(6, wrongCount.code(), wrongCount.out() + wrongCount.err());
            assertWritable(cluster, "pg2");

            CliRun approved = CliRun.of(dir, "recover", "--journal", journal.directory().toString(), "--repair", id, "--yes",
                    "--discard", "pg2:" + pg2Only);
            assertEquals(0, approved.code(), approved.out() + approved.err());
            Set<Long> kept = ids(cluster, "pg1");
            for (AckedWriter.Ack ack : onPg1) {
                assertTrue(kept.contains(ack.id()), "row " + ack.id() + " acknowledged on pg1 is on the primary");
            }
            String lines = Files.readString(journal.file());
            assertTrue(lines.contains("approved-discard") && lines.contains(pg2Only + " committed transactions"), lines);
            assertTrue(lines.contains("\"step\":\"rejoin\""), "every step journaled as an intent: " + lines);
            Await.until("pg2 streams from pg1 with pg1's rows", Duration.ofSeconds(60), () -> {
                Set<Long> pg2Now = ids(cluster, "pg2");
                return kept.stream().filter(k -> !pg2Now.contains(k)).count() + " of pg1's kept rows missing on pg2";
            }, seen -> seen.startsWith("0 "));
        }
    }

    @Test
    void recoverSaysWhichNodeTakesWritesFromACheckOfTheNodes() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(2)) {
            Journal journal = Journal.at(dir.resolve("journal"));
            deadRun(journal, cluster);
            exec(cluster, "pg1", "ALTER SYSTEM SET default_transaction_read_only = on");
            exec(cluster, "pg1", "SELECT pg_reload_conf()");
            Await.until("pg1 shows the freeze to new sessions", Duration.ofSeconds(10), () -> readOnlySetting(cluster), "on"::equals);
            CliRun frozen = CliRun.of(dir, "recover", "--journal", journal.directory().toString());
            assertTrue(frozen.out().matches("(?s).*pg1 FROZEN, takes no writes \\(default_transaction_read_only on, checked "
                    + "\\d\\d:\\d\\d:\\d\\d UTC\\).*"), frozen.out());
            assertTrue(frozen.out().contains("pg2 standby (in recovery, checked"), frozen.out());

            exec(cluster, "pg1", "ALTER SYSTEM RESET default_transaction_read_only");
            exec(cluster, "pg1", "SELECT pg_reload_conf()");
            Await.until("pg1 writable to new sessions", Duration.ofSeconds(10), () -> readOnlySetting(cluster), "off"::equals);
            CliRun writable = CliRun.of(dir, "recover", "--journal", journal.directory().toString());
            assertTrue(writable.out().matches("(?s).*pg1 takes writes \\(primary, default_transaction_read_only off, checked "
                    + "\\d\\d:\\d\\d:\\d\\d UTC\\).*"), writable.out());
        }
    }

    /** A run on this cluster whose process died after it started: its record, unfinished. */
    private static String deadRun(Journal journal, LoopbackCluster cluster) throws Exception {
        RunReport.RunInfo who = new RunReport.RunInfo("dba", Instant.now(), "pg:" + cluster.definitionFile(), "0.1.0");
        RunReport.RequestInfo request = new RunReport.RequestInfo("pg1", "127.0.0.1:" + cluster.node("pg1").port(), "",
                "pg2", "127.0.0.1:" + cluster.node("pg2").port(), "", 1, 2, "force", 10_000, 20, 0, null, null);
        JournalRun run = journal.start(who, request, List.of());
        return run.id();
    }

    /** pg1's default_transaction_read_only as a new session sees it. */
    private static String readOnlySetting(LoopbackCluster cluster) throws SQLException {
        try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW default_transaction_read_only")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void assertWritable(LoopbackCluster cluster, String id) throws Exception {
        try (Connection c = cluster.connect(id); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only')")) {
            rs.next();
            assertTrue(!rs.getBoolean(1) && rs.getString(2).equals("off"), id + " still takes writes");
        }
    }

    private static void exec(LoopbackCluster cluster, String id, String sql) throws Exception {
        try (Connection c = cluster.connect(id); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static long count(LoopbackCluster cluster, String id) {
        return ids(cluster, id).size();
    }

    private static Set<Long> ids(LoopbackCluster cluster, String id) {
        Set<Long> out = new HashSet<>();
        try (Connection c = cluster.connect(id); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM " + LoopbackCluster.TABLE)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        } catch (Exception e) {
            return Set.of();
        }
        return out;
    }
}
