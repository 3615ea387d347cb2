package dev.handover.postgres;

import dev.handover.cluster.FaultPoint;
import dev.handover.cli.CliRun;
import dev.handover.postgres.harness.ClusterCheck;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
class PgRepairCliTest {

    @TempDir
    Path journal;

    @Test
    void aRunKilledAfterThePromotionIsFinishedByRecoverRepair() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(3)) {
            String spec = "pg:" + cluster.definitionFile();
            int exit = runAndDie(spec, "after-promotion");
            assertEquals(137, exit);

            CliRun listed = cli("recover", "--journal", journal.toString());
            assertEquals(4, listed.code(), listed.out());
            Matcher id = Pattern.compile("--repair (\\S+)").matcher(listed.out());
            assertTrue(id.find(), "recover names the command that finishes it: " + listed.out());

            CliRun repaired = cli("recover", "--journal", journal.toString(), "--repair", id.group(1));
            assertEquals(0, repaired.code(), repaired.out() + repaired.err());
            assertTrue(repaired.out().contains("Repaired: every check holds"), repaired.out());
            assertTrue(repaired.out().contains("started pg1 as a standby of pg2"), repaired.out());

            ClusterCheck.Seen seen = ClusterCheck.awaitHealthy(cluster, "pg2", Duration.ofSeconds(30));
            assertTrue(seen.healthy(), seen.problems().toString());
            CliRun after = cli("recover", "--journal", journal.toString());
            assertEquals(0, after.code(), after.out());
        }
    }

    private int runAndDie(String spec, String faultPoint) throws Exception {
        List<String> argv = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-D" + FaultPoint.PROPERTY + "=" + faultPoint,
                "dev.handover.Main", "run", "--cluster", spec, "--target", "pg2", "--mode", "coordinated",
                "--deadline", "10s", "--journal", journal.toString());
        File out = Files.createTempFile("repair-run", ".out").toFile();
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the run did not end: " + Files.readString(out.toPath()));
        }
        if (p.exitValue() != 137) {
            throw new AssertionError("exit " + p.exitValue() + ": " + Files.readString(out.toPath()));
        }
        Files.delete(out.toPath());
        return p.exitValue();
    }

    private CliRun cli(String... args) {
        return CliRun.of(journal, args);
    }

}
