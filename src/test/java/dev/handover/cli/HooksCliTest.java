package dev.handover.cli;

import dev.handover.journal.Result;
import dev.handover.journal.Journal;
import dev.handover.journal.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --hooks FILE} from the command line: a veto exits 2 with nothing frozen and is recorded; hooks print. */
class HooksCliTest {
    @TempDir
    Path dir;

    @Test
    void aVetoingHookStopsTheRunBeforeTheFreezeExitsTwoAndIsRecorded() throws Exception {
        Path hooks = dir.resolve("hooks.json");
        Files.writeString(hooks, "{\"preSwitchover\": [{\"command\": [\"sh\", \"-c\", \"echo 'change freeze until 18:00'; exit 1\"],"
                + " \"timeout\": \"10s\"}]}");
        Path journal = dir.resolve("journal");
        CliRun run = CliRun.of(dir, "run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated",
                "--deadline", "5s", "--journal", journal.toString(), "--hooks", hooks.toString());

        assertEquals(2, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("  hook pre-switchover FAILED: sh -c echo 'change freeze until 18:00'; exit 1 (exit 1, "),
                run.out());
        assertTrue(run.out().contains("    | change freeze until 18:00"), run.out());
        assertTrue(run.out().contains("VETOED by the pre-switchover hook sh -c echo 'change freeze until 18:00'; exit 1"
                + " (exit 1): change freeze until 18:00; nothing was frozen."), run.out());
        assertTrue(!run.out().contains("writes frozen on"), "the coordinator never began: " + run.out());
        RunReport recorded = Journal.at(journal).load().runs().get(0).report();
        assertEquals(Result.ABORTED, recorded.outcome().result());
        assertEquals("vetoed", recorded.outcome().reason());

        CliRun history = CliRun.of(dir, "history", "--journal", journal.toString());
        assertEquals(0, history.code(), history.err());
        assertTrue(history.out().contains("aborted"), history.out());
    }

    @Test
    void hooksThatPassAreListedBeforeAndAfterTheRun() throws Exception {
        Path hooks = dir.resolve("hooks.json");
        Files.writeString(hooks, "{\"preSwitchover\": [{\"command\": [\"true\"]}],"
                + " \"postSwitchover\": [{\"command\": [\"sh\", \"-c\", \"cat >/dev/null; echo paged the team\"]}]}");
        CliRun run = CliRun.of(dir, "run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated",
                "--deadline", "5s", "--journal", dir.resolve("journal").toString(), "--hooks", hooks.toString());

        assertEquals(0, run.code(), run.out() + run.err());
        String out = run.out();
        assertTrue(out.indexOf("  hook pre-switchover ok: true (exit 0, ") < out.indexOf("writes frozen on n1"), out);
        assertTrue(out.indexOf("COMMITTED") < out.indexOf("  hook post-switchover ok: sh -c cat >/dev/null; echo paged the team"), out);
        assertTrue(out.contains("    | paged the team"), out);
    }

    @Test
    void aBadHooksFileIsRefusedWithItsFieldBeforeAnythingRuns() throws Exception {
        Path hooks = dir.resolve("hooks.json");
        Files.writeString(hooks, "{\"preSwitchover\": [{\"command\": [\"true\"], \"timeout\": \"forever\"}]}");
        CliRun run = CliRun.of(dir, "run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated",
                "--deadline", "5s", "--journal", dir.resolve("journal").toString(), "--hooks", hooks.toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains("run: --hooks " + hooks + ": preSwitchover[0].timeout \"forever\" is not a duration"),
                run.err());
        assertTrue(Files.notExists(dir.resolve("journal").resolve(Journal.FILE_NAME)), "nothing was run, nothing recorded");
    }
}
