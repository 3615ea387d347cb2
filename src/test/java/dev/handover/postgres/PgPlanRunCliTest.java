package dev.handover.postgres;

import dev.handover.testing.RealServer;
import dev.handover.cli.CliRun;
import dev.handover.journal.Journal;
import dev.handover.journal.JournaledRun;
import dev.handover.postgres.harness.ClusterCheck;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run --plan <id>} on a real PostgreSQL cluster: a plan made before someone else switched the cluster over
 * is refused (exit 6) with what changed and nothing frozen, checked on the servers; a plan made on the cluster as
 * it is runs, and its run's record names it.
 */
@RealServer
class PgPlanRunCliTest {
    @TempDir
    Path journal;

    @Test
    void aPlanOfAClusterSwitchedOverSinceIsRefusedAndAFreshOneRuns() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3)) {
            String spec = "pg:" + cluster.definitionFile();
            CliRun plan = cli("plan", "--cluster", spec, "--target", "pg2", "--mode", "coordinated", "--deadline", "10s");
            assertEquals(0, plan.code(), plan.out() + plan.err());
            String stale = planId(plan.out());

            CliRun meanwhile = cli("run", "--cluster", spec, "--target", "pg3", "--mode", "coordinated", "--deadline", "10s",
                    "--journal", journal.resolve("other").toString());
            assertEquals(0, meanwhile.code(), meanwhile.out() + meanwhile.err());

            CliRun refused = cli("run", "--plan", stale, "--cluster", spec);
            assertEquals(6, refused.code(), refused.out() + refused.err());
            assertTrue(refused.out().replaceFirst("^  measuring the apply rate of [^\n]*\n", "") // a second read, when needed
                    .startsWith("REFUSED: the cluster is not the one plan " + stale + " was made on (the primary is"
                    + " pg3 now, not pg1); nothing was frozen."), refused.out());
            assertFalse(refused.out().contains("writes frozen"), refused.out());
            ClusterCheck.Seen seen = ClusterCheck.awaitHealthy(cluster, "pg3", Duration.ofSeconds(20));
            assertTrue(seen.healthy(), "pg3 still the writable primary, every standby following it: " + seen.problems());
            assertTrue(Journal.at(journal).load().runs().isEmpty(), "nothing was run");

            CliRun fresh = cli("plan", "--cluster", spec, "--target", "pg1", "--mode", "coordinated", "--deadline", "10s");
            assertEquals(0, fresh.code(), fresh.out() + fresh.err());
            String id = planId(fresh.out());
            CliRun run = cli("run", "--plan", id, "--cluster", spec);
            assertEquals(0, run.code(), run.out() + run.err());
            assertTrue(run.out().contains("the cluster is as planned"), run.out());
            assertTrue(run.out().contains("COMMITTED"), run.out());
            assertTrue(ClusterCheck.awaitHealthy(cluster, "pg1", Duration.ofSeconds(30)).healthy());
            List<JournaledRun> runs = Journal.at(journal).load().runs();
            assertEquals(1, runs.size());
            assertEquals(id, runs.get(0).report().run().plan());
        }
    }

    private CliRun cli(String... args) {
        return CliRun.of(journal, args);
    }

    private static String planId(String out) {
        Matcher m = Pattern.compile("Plan (P[0-9a-z]+) recorded in ").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }
}
