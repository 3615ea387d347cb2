package dev.handover.postgres;

import dev.handover.cli.Cli;
import dev.handover.postgres.harness.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The headless command on a real cluster: {@code --cluster pg:<file>} for status and run. */
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

            Result status = cli("status", "--cluster", spec);
            assertEquals(0, status.code(), status.err());
            assertTrue(status.out().contains(spec), status.out());
            for (String id : new String[] {"pg1", "pg2", "pg3"}) {
                assertTrue(status.out().contains(id), status.out());
            }

            Result run = cli("run", "--cluster", spec, "--target", "pg3", "--mode", "coordinated", "--deadline", "10s");
            assertEquals(0, run.code(), run.out() + run.err());
            assertTrue(run.out().contains("COMMITTED"), run.out());
            assertTrue(run.out().contains("promoted pg3; it writes on timeline 2"), run.out());
            assertTrue(run.out().contains("Verification: all checks hold"), run.out());

            Result after = cli("status", "--cluster", spec);
            assertEquals(0, after.code(), after.err());
        }
    }

    @Test
    void aBadDefinitionFileIsBadInputNamingTheField() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"nodes\": [{\"id\": \"pg1\"}]}");
        Result r = cli("status", "--cluster", "pg:" + file);
        assertEquals(1, r.code());
        assertTrue(r.err().contains(file + ": nodes: needs at least two nodes"), r.err());
    }

    private static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                journal).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {
    }
}
