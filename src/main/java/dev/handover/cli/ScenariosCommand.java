package dev.handover.cli;

import dev.handover.cluster.Backends;
import dev.handover.cluster.ClusterBackend;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code scenarios}: the clusters the installed backends carry built in (the simulator's scenarios), one a line. */
final class ScenariosCommand {
    private ScenariosCommand() {
    }

    static ExitCode run(List<String> argv, PrintStream out, Backends backends) throws BadInput {
        Args.parse("scenarios", argv, Set.of());
        for (ClusterBackend b : backends.all()) {
            List<ClusterBackend.Entry> entries = b.catalog();
            if (entries.isEmpty()) {
                continue;
            }
            int width = entries.stream().mapToInt(e -> e.name().length()).max().orElse(0) + 2;
            entries.forEach(e -> out.println(e.name() + " ".repeat(width - e.name().length()) + e.title()));
            out.println();
            out.println("Use one with --cluster " + b.scheme() + ":<name>, or your own file with --cluster " + b.scheme()
                    + ":path/to/scenario.json.");
        }
        return ExitCode.OK;
    }
}
