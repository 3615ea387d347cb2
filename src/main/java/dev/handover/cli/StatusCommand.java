package dev.handover.cli;

import dev.handover.cluster.Backends;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ClusterVerdict;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * {@code status --cluster <spec> [--seed N]}: the nodes as a table, then the cluster's verdict in one line. Exit 0
 * healthy, 5 degraded or a node unreachable, 7 split brain (two or more nodes take writes).
 */
final class StatusCommand {
    private StatusCommand() {
    }

    /** The documented exit code of a verdict (README's exit-code table). */
    static ExitCode exitCode(ClusterVerdict verdict) {
        return switch (verdict.kind()) {
            case HEALTHY -> ExitCode.OK;
            case DEGRADED -> ExitCode.DEGRADED;
            case SPLIT_BRAIN -> ExitCode.SPLIT_BRAIN;
        };
    }

    static ExitCode run(List<String> argv, PrintStream out, Backends backends) throws BadInput {
        Args a = Args.parse("status", argv, Set.of("cluster", "seed"));
        ClusterSpec spec = ClusterSpec.parse(a.required("cluster"), backends);
        long seed = a.longValue("seed").orElse(RunCommand.DEFAULT_SEED);
        try (ClusterConnection c = Clusters.open(spec, seed)) {
            out.println(c.name());
            ClusterSnapshot snapshot = c.status();
            out.print(NodeTable.render(snapshot));
            ClusterVerdict verdict = snapshot.verdict();
            out.println((verdict.kind() == ClusterVerdict.Kind.SPLIT_BRAIN ? "" : "Cluster ") + verdict.text());
            return exitCode(verdict);
        } catch (ClusterException e) {
            throw new BadInput(e.getMessage());
        }
    }
}
