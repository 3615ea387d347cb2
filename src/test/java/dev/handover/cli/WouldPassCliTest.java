package dev.handover.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.handover.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21's trial: with --mode force on a stalled target and no other replica, nothing would pass, yet the CLI
 * printed "What would pass:" over an empty list and refused with "What would pass is listed above".
 */
class WouldPassCliTest {
    @TempDir
    Path dir;

    /** stalled-replica without n3: the stalled n2 is the only replica, so no other target can be offered. */
    private Path stalledPair() throws Exception {
        String stalled = new String(getClass().getResourceAsStream("/scenarios/stalled-replica.json").readAllBytes(),
                StandardCharsets.UTF_8);
        String pair = stalled.replaceAll(",\\s*\\{\"id\": \"n3\"[^}]*\\}", "");
        assertFalse(pair.contains("\"n3\""), pair);
        Path file = dir.resolve("stalled-pair.json");
        Files.writeString(file, pair);
        return file;
    }

    @Test
    void aForcedRunWithNothingThatWouldPassSaysSoAndItsRefusalPointsAtNoEmptyList() throws Exception {
        CliTest.Result r = cli("run", "--journal", dir.resolve("journal").toString(), "--cluster", "sim:" + stalledPair(),
                "--target", "n2", "--mode", "force", "--deadline", "10s", "--force-approval", "approve");
        assertEquals(6, r.code(), r.out() + r.err());
        String out = r.out();
        assertTrue(out.contains("  PREFLIGHT FAILS (Force hands over at the deadline regardless). No change of deadline,"
                + " target, budget or mode was found that passes.\n"), out);
        assertFalse(out.contains("What would pass:"), out);
        assertFalse(out.contains("listed above"), out);
        assertTrue(out.contains("; nothing was frozen. No change that would pass was found; `handover plan`"), out);
    }

    @Test
    void withSomethingThatPassesTheListAndThePointerStay() {
        CliTest.Result r = cli("run", "--journal", dir.resolve("journal").toString(), "--cluster", "sim:stalled-replica",
                "--target", "n2", "--mode", "force", "--deadline", "10s", "--force-approval", "approve");
        assertEquals(6, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(". What would pass:\n    - Pick n3 instead"), r.out());
        assertTrue(r.out().contains("; nothing was frozen. What would pass is listed above; "), r.out());
    }
}
