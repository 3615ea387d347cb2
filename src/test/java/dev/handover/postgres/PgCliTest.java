package dev.handover.postgres;

import dev.handover.journal.Result;
import dev.handover.testing.RealServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handover.cli.CliRun;
import dev.handover.journal.Journal;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.CheckInfo;
import dev.handover.journal.VerificationInfo;
import dev.handover.journal.RunReport;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The headless command on a real cluster: {@code --cluster pg:<file>} for status and run. */
@RealServer
class PgCliTest {

    @TempDir
    Path dir;

    /** Runs are journaled here, never in the user's own journal. */
    @TempDir
    static Path journal;

    @Test
    void statusAndCoordinatedRunWorkOnAPostgresDefinitionFile() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3)) {
            String spec = "pg:" + cluster.definitionFile();

            CliRun status = cli("status", "--cluster", spec);
            assertEquals(0, status.code(), status.err());
            assertTrue(status.out().contains(spec), status.out());
            for (String id : new String[] {"pg1", "pg2", "pg3"}) {
                assertTrue(status.out().contains(id), status.out());
                // Positions as PostgreSQL writes them (LSN and durable), lags in bytes: never a raw byte offset.
                String row = status.out().lines().filter(l -> l.startsWith(id + " ")).findFirst().orElseThrow();
                assertTrue(row.matches(".* [0-9A-F]+/[0-9A-F]+ +[0-9A-F]+/[0-9A-F]+ .*"), row);
                assertTrue(id.equals("pg1") ? row.contains(" - ") : row.matches(".* [0-9,]+ bytes.*"), row);
                // Roles name nodes, not addresses (issue 21): "replica of pg1", not "replica of 127.0.0.1:<port>".
                assertTrue(id.equals("pg1") ? row.startsWith("pg1   primary ") : row.startsWith(id + "   replica of pg1 "), row);
            }

            CliRun run = cli("run", "--cluster", spec, "--target", "pg3", "--mode", "coordinated", "--deadline", "10s");
            assertEquals(0, run.code(), run.out() + run.err());
            assertTrue(run.out().contains("COMMITTED"), run.out());
            assertTrue(run.out().matches("(?s).*before: pg1 primary under term 1 at LSN [0-9A-F]+/[0-9A-F]+; pg3 durable at "
                    + "LSN [0-9A-F]+/[0-9A-F]+ \\([0-9,]+ bytes.*"), run.out());
            assertTrue(run.out().matches("(?s).*writes frozen on pg1 at frontier LSN [0-9A-F]+/[0-9A-F]+\n.*"), run.out());
            assertTrue(run.out().matches("(?s).*reached the frontier LSN [0-9A-F]+/[0-9A-F]+ after .*"), run.out());
            assertTrue(run.out().contains("promoted pg3; it writes on timeline 2"), run.out());
            assertTrue(run.out().contains("Verification: all checks hold"), run.out());
            // Issue 21: the timeline says each event once, in order, on one clock; the commit's steps between the
            // freeze and the commit, not before it, and not again from the record on the commit's own clock.
            List<String> timeline = run.out().lines().filter(l -> l.matches("  \\+[0-9.]+m?s +.*")).toList();
            int frozen = indexOf(timeline, "writes frozen on pg1");
            int promoted = indexOf(timeline, "commit: promoted pg3; it writes on timeline 2");
            int committed = indexOf(timeline, "term 2 committed");
            assertTrue(frozen < promoted && promoted < committed, run.out());
            double last = 0;
            for (String l : timeline) {
                String t = l.trim().split(" ")[0].substring(1);
                double seconds = t.endsWith("ms") ? Double.parseDouble(t.replace("ms", "")) / 1000
                        : Double.parseDouble(t.replace("s", ""));
                assertTrue(seconds >= last, "out of order at " + l + ":\n" + run.out());
                last = seconds;
            }
            assertEquals(1, run.out().split("promoted pg3; it writes on timeline 2", -1).length - 1, run.out());

            CliRun after = cli("status", "--cluster", spec);
            assertEquals(0, after.code(), after.err());
        }
    }

    /**
     * A healthy switchover exits 0 with every check recorded; then one whose old primary has no local
     * control commits but leaves it fenced: exit 5, the journal and the report say degraded with the
     * failing check and the steps left, the roles recorded are the ones seen, `recover` and `history`
     * list it.
     */
    @Test
    void aCommitThatLeavesTheOldPrimaryFencedEndsCommittedTopologyDegradedExitFive() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3)) {
            Path runs = dir.resolve("journal");
            Path healthyFile = dir.resolve("healthy.json");
            CliRun healthy = cli("run", "--cluster", "pg:" + cluster.definitionFile(), "--target", "pg2", "--mode",
                    "coordinated", "--deadline", "10s", "--journal", runs.toString(), "--report", healthyFile.toString());
            assertEquals(0, healthy.code(), healthy.out() + healthy.err());
            RunReport ok = RunReport.read(healthyFile);
            assertEquals(Result.COMMITTED, ok.outcome().result());
            assertEquals("healthy", ok.outcome().topology());
            VerificationInfo okChecks = ok.verified().orElseThrow();
            assertTrue(okChecks.checks().size() >= 3 && okChecks.checks().stream().allMatch(CheckInfo::ok),
                    okChecks.checks().toString());
            String pg2 = cluster.definition().node("pg2").orElseThrow().addr();
            assertEquals(List.of(new RunReport.RoleInfo("pg1", "replica", 2, pg2, "streaming from pg2 on timeline 2"),
                    new RunReport.RoleInfo("pg2", "primary", 2, null, "takes writes"),
                    new RunReport.RoleInfo("pg3", "replica", 2, pg2, "streaming from pg2 on timeline 2")),
                    ok.outcome().roles(), "every node's role, as read back from it");
            assertTrue(healthy.out().contains("COMMITTED: pg2 is the primary under term 2; pg1, pg3 now stream from it (seen)."),
                    healthy.out());

            Path remote = withoutLocalControl(cluster, "pg2");
            Path degradedFile = dir.resolve("degraded.json");
            CliRun degraded = cli("run", "--cluster", "pg:" + remote, "--target", "pg3", "--mode", "coordinated",
                    "--deadline", "10s", "--journal", runs.toString(), "--report", degradedFile.toString());
            assertEquals(5, degraded.code(), degraded.out() + degraded.err());
            assertTrue(degraded.out().contains("COMMITTED, TOPOLOGY DEGRADED: pg3 is the primary under term 3; pg1 now "
                    + "streams from it (seen). NOT streaming from it: pg2 (primary on term 2, writes frozen"), degraded.out());
            assertFalse(degraded.out().contains("pg2 now streams"), degraded.out());
            assertTrue(degraded.out().contains("REMAINING STEPS, by hand:\n  1. "), degraded.out());
            assertTrue(degraded.out().contains("  FAILED  pg2 streams from pg3 on timeline 3 (not in recovery: it is a primary)"),
                    degraded.out());

            RunReport bad = RunReport.read(degradedFile);
            assertEquals(Result.COMMITTED, bad.outcome().result(), "the handover did commit: no acknowledged write lost");
            assertEquals("degraded", bad.outcome().topology());
            assertEquals(new RunReport.RoleInfo("pg2", "primary", 2, null, "writes frozen (default_transaction_read_only = on)"),
                    bad.outcome().roles().stream().filter(r -> r.node().equals("pg2")).findFirst().orElseThrow(),
                    "the fenced old primary is recorded as seen, not as the replica the coordinator meant it to be");
            VerificationInfo v = bad.verified().orElseThrow();
            assertFalse(v.remaining().isEmpty());
            assertTrue(v.steps().stream().anyMatch(step -> step.atMs() != null && step.text().startsWith("promoted pg3")),
                    v.steps().toString());
            assertTrue(v.checks().stream().anyMatch(c -> c.what().equals("pg2 streams from pg3 on timeline 3") && c.degrades()),
                    v.checks().toString());

            Journal journal = Journal.at(runs);
            JournaledRun run = journal.load().runs().get(1);
            assertTrue(run.finished() && run.degraded());
            assertEquals(bad, run.report(), "the journal's finished line holds the report, verification included");

            CliRun recover = cli("recover", "--journal", runs.toString());
            assertEquals(5, recover.code(), recover.out() + recover.err());
            assertTrue(recover.out().contains("Run " + run.id() + " on pg:" + remote), recover.out());
            assertTrue(recover.out().contains("TOPOLOGY DEGRADED: from the run's record: The handover committed (pg3, term 3) but left the topology "
                    + "degraded: failed: pg2 streams from pg3 on timeline 3"), recover.out());
            assertTrue(recover.out().contains("  Remaining steps, by hand:\n    1. " + v.remaining().get(0)), recover.out());
            assertFalse(recover.out().contains(ok.run().startedAt().toString()) && recover.out().contains("pg1 -> pg2"),
                    "the healthy run needs nothing");

            CliRun history = cli("history", "--journal", runs.toString());
            assertEquals(0, history.code(), history.err());
            assertTrue(history.out().contains("committed, topology healthy"), history.out());
            assertTrue(history.out().contains("committed, TOPOLOGY DEGRADED"), history.out());
            assertTrue(history.out().contains("1 committed with the topology DEGRADED: see `handover recover`"), history.out());
            CliRun show = cli("history", "--journal", runs.toString(), "--show", run.id());
            assertTrue(show.out().contains("Result: committed, TOPOLOGY DEGRADED") && show.out().contains("REMAINING STEPS"),
                    show.out());

            CliRun ack = cli("recover", "--journal", runs.toString(), "--acknowledge", run.id(), "--note", "rewound pg2");
            assertEquals(0, ack.code(), ack.err());
            assertEquals(0, cli("recover", "--journal", runs.toString()).code());
        }
    }

    /** The cluster's definition with {@code id}'s local control taken away, as for a node on another host. */
    private Path withoutLocalControl(LoopbackCluster cluster, String id) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode definition = (ObjectNode) json.readTree(cluster.definitionFile().toFile());
        definition.get("nodes").forEach(n -> {
            if (n.get("id").asText().equals(id)) {
                ((ObjectNode) n).remove("local");
            }
        });
        Path file = dir.resolve("remote-" + id + ".json");
        json.writeValue(file.toFile(), definition);
        return file;
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        throw new AssertionError("no line with \"" + part + "\" in " + lines);
    }

    @Test
    void aBadDefinitionFileIsBadInputNamingTheField() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"nodes\": [{\"id\": \"pg1\"}]}");
        CliRun r = cli("status", "--cluster", "pg:" + file);
        assertEquals(1, r.code());
        assertTrue(r.err().contains(file + ": nodes: needs at least two nodes"), r.err());
    }

    private static CliRun cli(String... args) {
        return CliRun.of(journal, args);
    }

}
