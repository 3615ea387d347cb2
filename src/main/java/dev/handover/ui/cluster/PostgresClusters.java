package dev.handover.ui.cluster;

import dev.handover.cluster.ClusterException;
import dev.handover.cluster.Positions;
import dev.handover.postgres.PgCluster;
import dev.handover.postgres.PgNodeStatus;
import dev.handover.postgres.PgPositions;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Opening a real PostgreSQL cluster from the console: the definition file read (a bad one is named by
 * file and field), then every node asked once. A cluster of which no node answers is refused, naming
 * each node and why; one that partly answers is taken, its unreachable nodes shown red in the table.
 * Blocking JDBC: call off the FX thread. Passwords come from the environment or ~/.pgpass only.
 */
public final class PostgresClusters {
    private static final String PREFIX = "pg:";

    private PostgresClusters() {
    }

    /**
     * How runs recorded on the cluster named {@code clusterName} write positions (history, recovery):
     * PostgreSQL's {@code X/Y} for a {@code pg:} cluster, plain counters otherwise.
     */
    public static Positions positionsOf(String clusterName) {
        return clusterName != null && clusterName.startsWith("pg:") ? PgPositions.INSTANCE : Positions.PLAIN;
    }

    /** Read the definition only; nothing is contacted (for a start-up option: the table then shows who answers). */
    public static PgCluster open(Path definition) throws ClusterException {
        return PgCluster.open(definition);
    }

    /**
     * The cluster a run was journaled on, by the name its record keeps: {@code pg:<definition file>} is read
     * (nothing contacted); any other name cannot be reopened from the console, and says so.
     */
    public static PgCluster reopen(String recorded) throws ClusterException {
        if (!recorded.startsWith(PREFIX) || recorded.length() == PREFIX.length()) {
            throw new ClusterException(recorded + " cannot be reopened from the console: only a PostgreSQL cluster ("
                    + PREFIX + "<definition file>) outlives the process that ran on it");
        }
        try {
            return open(Path.of(recorded.substring(PREFIX.length())));
        } catch (InvalidPathException e) {
            throw new ClusterException(recorded + ": the file after \"" + PREFIX + "\" is not a valid path (" + e.getReason() + ")");
        }
    }

    /** Read the definition and make sure at least one node answers; the cluster is closed again if none does. */
    public static PgCluster connect(Path definition) throws ClusterException {
        PgCluster cluster = PgCluster.open(definition);
        try {
            List<PgNodeStatus> nodes = cluster.pgStatus();
            if (nodes.stream().noneMatch(PgNodeStatus::reachable)) {
                throw new ClusterException(definition + ": no node can be reached: " + String.join("; ", nodes.stream()
                        .map(n -> n.node().id() + " (" + n.node().addr() + "): " + n.error().orElse("no answer")).toList()));
            }
            return cluster;
        } catch (ClusterException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }
}
