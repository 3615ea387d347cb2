package dev.handover.badinput;

import dev.handover.app.Installed;
import dev.handover.cli.Cli;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.Preflight;
import dev.handover.sim.Scenarios;
import dev.handover.sim.VirtualClock;
import dev.handover.ui.switchover.SwitchoverViewModel;
import dev.handover.sim.SimCluster;
import dev.handover.ui.ConsoleOptions;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * One row of the bad-input walk: what to try, and what the one message must name.
 *
 * @param name      the row's title in the test report
 * @param attempt   builds its files in the scratch directory and says what to run
 * @param names     what the message must name (file, line, field, flag, value)
 * @param hidden    what must appear in no output (a password in the file, say)
 * @param exitCode  1 for bad input; a damaged journal line is reported, not refused (see the README)
 * @param messages  how many lines stderr holds
 * @param journal   for a run that goes ahead anyway: the journal file (relative) that may only grow
 */
record BadInputCase(String name, Function<Scratch, Attempt> attempt, List<String> names, List<String> hidden,
                    int exitCode, int messages, String journal) {

    @Override
    public String toString() {
        return name;
    }

    static BadInputCase refused(String name, Function<Scratch, Attempt> attempt, String... names) {
        return new BadInputCase(name, attempt, List.of(names), List.of(), 1, 1, null);
    }

    BadInputCase hiding(String... secrets) {
        return new BadInputCase(name, attempt, names, List.of(secrets), exitCode, messages, journal);
    }

    /** Not refused: the command does its job, exits {@code code}, and reports the damage in {@code messages} lines. */
    BadInputCase reported(int code, int messages) {
        return new BadInputCase(name, attempt, names, hidden, code, messages, journal);
    }

    /** A run that goes ahead: {@code journalFile} may gain lines, every other byte stays. */
    BadInputCase appendingTo(String journalFile) {
        return new BadInputCase(name, attempt, names, hidden, exitCode, messages, journalFile);
    }

    /** What one attempt printed and returned. */
    record Outcome(int code, String out, String err) {
    }

    /** Something to try: the headless command, or the console's start-up (options, then the cluster they name). */
    sealed interface Attempt {
        Outcome run(Scratch s);
    }

    record Headless(String... args) implements Attempt {
        @Override
        public Outcome run(Scratch s) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    s.path("default-journal"), Installed.backends()).run(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "handover " + String.join(" ", Arrays.stream(args).map(a -> a.isEmpty() ? "\"\"" : a).toList());
        }
    }

    /** The console's switchover form on the built-in healthy cluster: a refusal is the reason Start stays disabled. */
    record Form(String target, String deadline, String poll, String freezeBudget) implements Attempt {
        Form(String target, String deadline, String poll) {
            this(target, deadline, poll, "5s");
        }

        @Override
        public Outcome run(Scratch s) {
            try (SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 1, new VirtualClock())) {
                SwitchoverViewModel form = new SwitchoverViewModel(new Preflight());
                form.update(sim.status());
                form.targetIdProperty().set(target);
                form.deadlineTextProperty().set(deadline);
                form.pollTextProperty().set(poll);
                form.freezeBudgetTextProperty().set(freezeBudget);
                // Nothing to start: no plan leaves the form while it says why.
                return form.plan().isPresent() ? new Outcome(0, "", "")
                        : new Outcome(1, "", form.blockedReasonProperty().get() + "\n");
            } catch (ClusterException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return "console form: target " + target + ", deadline \"" + deadline + "\", poll \"" + poll
                    + "\", freeze budget \"" + freezeBudget + "\"";
        }
    }

    /** As ConsoleApp.start does before any stage: parse, pick the journal, open the cluster; a refusal is its message. */
    record Console(String... args) implements Attempt {
        @Override
        public Outcome run(Scratch s) {
            try {
                ConsoleOptions options = ConsoleOptions.parse(List.of(args), Installed.backends());
                options.openJournal();
                try (ClusterConnection ignored = options.openCluster()) {
                    return new Outcome(0, "", "");
                }
            } catch (IllegalArgumentException | ClusterException e) {
                return new Outcome(1, "", e.getMessage() + "\n");
            }
        }

        @Override
        public String toString() {
            return "console " + String.join(" ", args);
        }
    }
}
