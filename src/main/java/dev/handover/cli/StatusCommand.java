package dev.handover.cli;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code status --cluster <spec> [--seed N]}: the nodes as a table. */
final class StatusCommand {
    private StatusCommand() {
    }

    static ExitCode run(List<String> argv, PrintStream out) throws BadInput {
        Args a = Args.parse("status", argv, Set.of("cluster", "seed"));
        ClusterSpec spec = ClusterSpec.parse(a.required("cluster"));
        long seed = a.longValue("seed").orElse(RunCommand.DEFAULT_SEED);
        try (ClusterConnection c = Clusters.open(spec, seed)) {
            out.println(c.name());
            out.print(NodeTable.render(c.status()));
            return ExitCode.OK;
        } catch (ClusterException e) {
            throw new BadInput(e.getMessage());
        }
    }
}
