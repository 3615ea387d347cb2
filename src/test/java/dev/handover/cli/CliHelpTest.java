package dev.handover.cli;

import dev.handover.app.Installed;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.handover.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: every verb's {@code --help} prints that verb's help (before, {@code cancel}'s showed {@code run}'s lines),
 * a mistyped verb or flag gets a "did you mean", and a bash completion script can be generated.
 */
class CliHelpTest {

    @Test
    void everyVerbsHelpIsItsOwnWithEachOfItsFlags() {
        for (String verb : Verbs.names()) {
            Verbs.Verb v = new Verbs(Installed.backends()).named(verb).orElseThrow();
            for (List<String> asked : List.of(List.of(verb, "--help"), List.of(verb, "-h"), List.of("help", verb))) {
                CliTest.Result r = cli(asked.toArray(String[]::new));
                assertEquals(0, r.code(), asked + ": " + r.err());
                assertEquals("", r.err(), asked.toString());
                assertTrue(r.out().startsWith(v.summary() + "\nUsage: handover " + verb + " "), asked + ":\n" + r.out());
                for (Verbs.Flag f : v.flags()) {
                    assertTrue(r.out().contains("--" + f.name()), asked + " names --" + f.name() + ":\n" + r.out());
                }
            }
        }
        CliTest.Result cancel = cli("cancel", "--help");
        assertTrue(cancel.out().contains("Cancel a scheduled run (run --at) before it fires; without ID, list those waiting."),
                cancel.out());
        assertTrue(cancel.out().contains("[ID]"), cancel.out());
        assertFalse(cancel.out().contains("--target") || cancel.out().contains("--deadline"), "cancel's own lines: " + cancel.out());
        CliTest.Result run = cli("run", "--cluster", "sim:healthy", "--help");
        assertTrue(run.out().contains("--run-anyway") && run.out().contains("--force-approval=approve|decline"), run.out());
        assertTrue(run.out().contains("is refused with nothing frozen (exit 6) unless --run-anyway"), run.out());
    }

    @Test
    void aMistypedVerbOrFlagGetsAHintAndExitsOne() {
        CliTest.Result verb = cli("runn", "--cluster", "sim:healthy");
        assertEquals(1, verb.code());
        assertTrue(verb.err().startsWith("handover: unknown command \"runn\" (did you mean run?)"), verb.err());

        CliTest.Result flag = cli("run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated", "--deadlin", "5s");
        assertEquals(1, flag.code());
        assertEquals(1, flag.err().lines().count(), flag.err());
        assertTrue(flag.err().startsWith("handover: run: unknown flag --deadlin (did you mean --deadline?) (run takes: "), flag.err());
        assertEquals("", flag.out(), "nothing was run");

        CliTest.Result history = cli("history", "--jornal", "x");
        assertTrue(history.err().contains("unknown flag --jornal (did you mean --journal?)"), history.err());
        CliTest.Result anyway = cli("plan", "--cluster", "sim:healthy", "--run-anyway");
        assertEquals(1, anyway.code());
        assertTrue(anyway.err().contains("plan: unknown flag --run-anyway"), "a plan changes nothing to override: " + anyway.err());
        CliTest.Result valued = cli("run", "--cluster", "sim:healthy", "--run-anyway=yes");
        assertTrue(valued.err().contains("run: flag --run-anyway takes no value"), valued.err());
    }

    @Test
    void completionPrintsABashScriptForEveryVerbAndFlag() {
        CliTest.Result r = cli("completion");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out());
        assertTrue(r.out().contains("complete -F _complete_handover"), r.out());
        for (String verb : Verbs.names()) {
            assertTrue(r.out().contains(verb), verb);
        }
        assertTrue(r.out().contains("--force-approval") && r.out().contains("--run-anyway"), "run's flags complete");
    }
}
