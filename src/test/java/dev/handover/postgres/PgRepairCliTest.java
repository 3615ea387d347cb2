package dev.handover.postgres;

import dev.handover.testing.RealServer;
import dev.handover.cli.CliRun;
import dev.handover.cli.HaltingRun;
import dev.handover.postgres.harness.ClusterCheck;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The headless tool finishes what a dead run left: {@code handover run} killed right after it promoted
 * the target (in a JVM of its own, halting as kill -9 would), then {@code recover} names the run and the
 * command, and {@code recover --repair} brings the old primary and the sibling to the new primary, checks
 * it on the cluster, and acknowledges the run.
 */
@RealServer
class PgRepairCliTest {

    @TempDir
    Path journal;

    @Test
    void aRunKilledAfterThePromotionIsFinishedByRecoverRepair() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3)) {
            String spec = "pg:" + cluster.definitionFile();
            runAndDie(spec, "after-promotion");

            CliRun listed = cli("recover", "--journal", journal.toString());
            assertEquals(4, listed.code(), listed.out());
            Matcher id = Pattern.compile("--repair (\\S+)").matcher(listed.out());
            assertTrue(id.find(), "recover names the command that finishes it: " + listed.out());

            // no terminal and no --yes: the plan is printed and nothing is changed
            CliRun unconfirmed = cli("recover", "--journal", journal.toString(), "--repair", id.group(1));
            assertEquals(6, unconfirmed.code(), unconfirmed.out() + unconfirmed.err());
            assertTrue(unconfirmed.out().contains("Primary: pg2"), unconfirmed.out());
            assertTrue(unconfirmed.out().contains("Discards: nothing"), unconfirmed.out());
            assertTrue(unconfirmed.err().contains("no terminal to confirm the plan on, and no --yes; nothing was changed"),
                    unconfirmed.err());

            CliRun repaired = cli("recover", "--journal", journal.toString(), "--repair", id.group(1), "--yes");
            assertEquals(0, repaired.code(), repaired.out() + repaired.err());
            assertTrue(repaired.out().contains("Repaired: every check holds"), repaired.out());
            assertTrue(repaired.out().contains("started pg1 as a standby of pg2"), repaired.out());

            ClusterCheck.Seen seen = ClusterCheck.awaitHealthy(cluster, "pg2", Duration.ofSeconds(30));
            assertTrue(seen.healthy(), seen.problems().toString());
            CliRun after = cli("recover", "--journal", journal.toString());
            assertEquals(0, after.code(), after.out());
        }
    }

    private void runAndDie(String spec, String faultPoint) throws Exception {
        HaltingRun.until(faultPoint, "run", "--cluster", spec, "--target", "pg2", "--mode", "coordinated",
                "--deadline", "10s", "--journal", journal.toString());
    }

    private CliRun cli(String... args) {
        return CliRun.of(journal, args);
    }

}
