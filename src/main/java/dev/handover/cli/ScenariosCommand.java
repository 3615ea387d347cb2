package dev.handover.cli;

import dev.handover.cluster.ClusterException;
import dev.handover.sim.Scenario;
import dev.handover.sim.Scenarios;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code scenarios}: the built-in simulated clusters, with their titles. */
final class ScenariosCommand {
    private ScenariosCommand() {
    }

    static ExitCode run(List<String> argv, PrintStream out) throws BadInput {
        Args.parse("scenarios", argv, Set.of());
        int width = Scenarios.builtInNames().stream().mapToInt(String::length).max().orElse(0) + 2;
        for (String name : Scenarios.builtInNames()) {
            Scenario s;
            try {
                s = Scenarios.builtIn(name);
            } catch (ClusterException e) {
                throw new BadInput(e.getMessage());
            }
            out.println(name + " ".repeat(width - name.length()) + s.title());
        }
        out.println();
        out.println("Use one with --cluster sim:<name>, or your own file with --cluster sim:path/to/scenario.json.");
        return ExitCode.OK;
    }
}
