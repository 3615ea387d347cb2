package dev.handover.cli;

import dev.handover.journal.Journal;
import dev.handover.journal.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.handover.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11, points 5 and 6 on the command line: the force question states the console dialog's figures
 * (acknowledged writes, MB, seconds of writes, the safer replica), a forced run reads as data loss, the
 * preflight's freeze line runs against {@code --freeze-budget} and says what would pass, and a commit that
 * froze writes past the budget says so in its outcome line.
 */
class ForceAndFreezeCliTest {
    @TempDir
    Path dir;

    private CliTest.Result run(int expectedCode, String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--journal", dir.resolve("journal").toString()));
        all.addAll(List.of(args));
        CliTest.Result r = cli(all.toArray(String[]::new));
        assertEquals(expectedCode, r.code(), r.out() + r.err());
        return r;
    }

    @Test
    void theForceQuestionStatesTheLossAsTheDialogDoesAndTheOutcomeReadsAsDataLoss() {
        CliTest.Result r = run(3, "--cluster", "sim:stalled-replica", "--target", "n2", "--mode", "force", "--deadline",
                "1s", "--force-approval", "approve");
        String out = r.out();
        int asked = out.indexOf("force prompt opened");
        assertTrue(asked > 0, out);
        String figures = out.substring(asked);
        assertTrue(figures.matches("(?s).*\\n +[0-9],[0-9]{3} acknowledged writes will be lost \\(counted by the cluster\\)\\n.*"),
                figures);
        assertTrue(figures.matches("(?s).*\\n +Data lost: 0\\.9 MB \\([0-9]{3},[0-9]{3} bytes\\)\\n.*"), figures);
        assertTrue(figures.matches("(?s).*\\n +Time of writes lost: about [0-9.]+ s of writes, at 146\\.5 kB/s .*"), figures);
        assertTrue(figures.contains("Safer: Decline, then run coordinated to n3: it holds every write up to the frozen frontier"),
                figures);
        assertTrue(out.contains("\nFORCED, ACKNOWLEDGED WRITES LOST: n2 is the primary"), out);
        assertTrue(out.matches("(?s).*Simulator check: [0-9],[0-9]{3} acknowledged writes lost.*"), out);
    }

    @Test
    void aFreezePastTheBudgetFailsPreflightWithWhatWouldPassAndTheRunIsRefusedUnlessOverridden() throws Exception {
        // n3 is ~24 MB behind at 400 kB/s: about a minute of catch-up, which a 2m deadline allows, the 5s budget not.
        // Before (issue 21): the run went ahead "as asked" and froze writes for the whole minute.
        CliTest.Result refused = run(6, "--cluster", "sim:lagging-replica", "--target", "n3", "--mode", "coordinated",
                "--deadline", "2m");
        String out = refused.out();
        assertTrue(out.contains("    FAIL Projected write freeze: about 58.8s (the catch-up at n3's apply rate, then the commit, "
                + "whose own time is not projected) against a "
                + "freeze budget of 5s: clients would wait longer than the budget\n"), out);
        assertTrue(out.contains("  PREFLIGHT FAILS: a coordinated run is likely to abort or keep writes frozen past the "
                + "budget. What would pass:\n    - Pick n2 instead"), out);
        assertTrue(out.contains("\nREFUSED: the preflight fails (Projected write freeze: about 58.8s (the catch-up at n3's apply "
                + "rate, then the commit, whose own time is not projected) against a freeze budget of 5s: clients would wait longer than the budget); nothing was frozen."), out);
        assertTrue(!out.contains("Frozen") && !out.contains("writes frozen on") && !out.contains("Recorded as run"), out);
        assertTrue(Journal.at(dir.resolve("journal")).load().runs().isEmpty(), "no run was started");

        Path report = dir.resolve("anyway.json");
        CliTest.Result anyway = run(0, "--cluster", "sim:lagging-replica", "--target", "n3", "--mode", "coordinated",
                "--deadline", "2m", "--run-anyway", "--report", report.toString());
        assertTrue(anyway.out().contains("\nRUNNING AGAINST A FAILING PREFLIGHT (--run-anyway): Projected write freeze: about "
                + "58.8s"), anyway.out());
        assertTrue(anyway.out().matches("(?s).*\\nCOMMITTED, WRITES FROZEN 58\\.[0-9]+s \\(BUDGET 5s\\): n3 is the primary.*"),
                anyway.out());
        assertTrue(anyway.out().contains(", over the freeze budget of 5s."), anyway.out());
        String kept = "--run-anyway over a failing preflight (Projected write freeze)";
        assertEquals(kept, RunReport.read(report).run().preflightOverride());
        assertEquals(kept, Journal.at(dir.resolve("journal")).load().runs().get(0).report().run().preflightOverride(),
                "the journal's record keeps the override");

        CliTest.Result roomy = run(0, "--cluster", "sim:lagging-replica", "--target", "n3", "--mode", "coordinated",
                "--deadline", "2m", "--freeze-budget", "2m");
        assertTrue(roomy.out().contains("    PASS Projected write freeze: about 58.8s (the catch-up at n3's apply rate, then the commit, "
                + "whose own time is not projected) "
                + "against a freeze budget of 2m\n"), roomy.out());
        assertTrue(roomy.out().contains("\nCOMMITTED: n3 is the primary"), roomy.out());
    }

    @Test
    void aBudgetGivenOnTheCommandLineIsALimitAndARunOverItIsRefusedBeforeTheFreeze() {
        CliTest.Result r = run(1, "--cluster", "sim:lagging-replica", "--target", "n3", "--mode", "coordinated",
                "--deadline", "2m", "--freeze-budget", "10s");
        assertTrue(r.err().contains("run: projected write freeze about 58.8s (the catch-up at n3's apply rate, then the commit, "
                + "whose own time is not projected) against a "
                + "freeze budget of 10s: clients would wait longer than the budget, and --freeze-budget 10s was given as a "
                + "limit; nothing was frozen"), r.err());
        assertTrue(r.out().contains("What would pass:\n    - Pick n2 instead"), r.out());
        assertTrue(!r.out().contains("Frozen") && !r.out().contains("writes frozen on"), r.out());
    }
}
