package dev.handover.cli;

import dev.handover.cluster.Preflight;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.switchover.SwitchoverViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's form and the CLI read a deadline and a poll interval with one parser and one range:
 * the same text gets the same verdict and the same words in both (before, a bare {@code 30} was 30 s in
 * the form and an error in the CLI; {@code 1ms} and {@code 30m} polls and a {@code 1h} deadline passed
 * one and not the other; {@code -5ms} was "not a duration" in the form).
 */
class OneDurationRuleTest {
    @TempDir
    Path journal;

    @Test
    void theFormAndTheFlagsGiveTheSameVerdictInTheSameWords() throws Exception {
        List<String> deadlines = List.of("30", "-5ms", "5 x", "", "1h", "11m", "0", "250ms", "1m30s", "10m");
        List<String> polls = List.of("30", "-5ms", "1ms", "2m", "0", "10ms", "2.5s", "200ms");
        try (SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 1, new VirtualClock())) {
            SwitchoverViewModel form = new SwitchoverViewModel(new Preflight());
            form.update(sim.status());
            form.targetIdProperty().set("n2");
            for (String d : deadlines) {
                form.deadlineTextProperty().set(d);
                form.pollTextProperty().set("100ms");
                assertSame("Deadline", form.deadlineErrorProperty().get(), "--deadline", cliError("--deadline", d, "--poll", "100ms"), d);
            }
            form.deadlineTextProperty().set("5s");
            for (String p : polls) {
                form.pollTextProperty().set(p);
                assertSame("Poll interval", form.pollErrorProperty().get(), "--poll", cliError("--deadline", "5s", "--poll", p), p);
            }
        }
    }

    @Test
    void negativeIsCalledNegativeAndABareNumberAsksForAUnit() throws Exception {
        assertEquals("run: --deadline: negative duration: -5ms; durations count from 0 up",
                cliError("--deadline", "-5ms", "--poll", "100ms"));
        assertEquals("run: --deadline \"30\" has no unit; add a unit: 30s or 30ms",
                cliError("--deadline", "30", "--poll", "100ms"));
    }

    /** The CLI's one line on stderr for a run on sim:healthy to n2 with these flags; empty when it ran. */
    private String cliError(String... flags) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--cluster", "sim:healthy", "--target", "n2",
                "--mode", "coordinated", "--journal", journal.toString()));
        args.addAll(List.of(flags));
        CliTest.Result r = CliTest.cli(args.toArray(String[]::new));
        return r.code() == 1 ? r.err().strip().replaceFirst("^handover: ", "") : "";
    }

    /** The same verdict: both accept, or both refuse with the same message after the field's name. */
    private static void assertSame(String field, String formError, String flag, String cliError, String typed) {
        String form = formError.isEmpty() ? "" : formError.substring(field.length());
        assertTrue(cliError.isEmpty() || cliError.startsWith("run: " + flag), cliError);
        String cli = cliError.isEmpty() ? "" : cliError.substring(("run: " + flag).length());
        assertEquals(form, cli, "\"" + typed + "\": the form says \"" + formError + "\", the CLI \"" + cliError + "\"");
    }
}
