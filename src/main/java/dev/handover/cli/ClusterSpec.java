package dev.handover.cli;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.Positions;
import dev.handover.postgres.PgCluster;
import dev.handover.postgres.PgPositions;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code --cluster} value, {@code <scheme>:<location>}, and how each scheme opens. The one place
 * that knows the schemes: {@code sim:<scenario name or file>} and {@code pg:<cluster definition file>};
 * another scheme adds a case here.
 */
public record ClusterSpec(String scheme, String location) {
    static final List<String> SCHEMES = List.of("sim", "pg");

    public static ClusterSpec parse(String text) throws BadInput {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new BadInput("--cluster \"" + text + "\": expected sim:<scenario name or file> or pg:<cluster definition file>, e.g. sim:healthy");
        }
        String scheme = text.substring(0, colon);
        String location = text.substring(colon + 1);
        if (!SCHEMES.contains(scheme)) {
            throw new BadInput("--cluster \"" + text + "\": unknown kind of cluster \"" + scheme + ":\" (known: "
                    + String.join(", ", SCHEMES.stream().map(s -> s + ":").toList()) + ")");
        }
        if (location.isBlank()) {
            throw new BadInput("--cluster \"" + text + "\": name a scenario or a file after \"" + scheme + ":\"");
        }
        return new ClusterSpec(scheme, location);
    }

    /**
     * How runs recorded on the cluster named {@code clusterName} (as {@link ClusterConnection#name()} gave
     * it) write positions, for history and recovery text: PostgreSQL's for {@code pg:}, plain counters otherwise.
     */
    public static Positions positionsOf(String clusterName) {
        return clusterName != null && clusterName.startsWith("pg:") ? PgPositions.INSTANCE : Positions.PLAIN;
    }

    /** Whether runs on this cluster use virtual time (and a seed). */
    public boolean simulated() {
        return scheme.equals("sim");
    }

    /** Open the cluster; a simulated one starts on its own virtual clock from {@code seed}. */
    public ClusterConnection open(long seed) throws ClusterException {
        if (simulated()) {
            return SimCluster.start(Scenarios.resolve(location), seed, new VirtualClock());
        }
        if (scheme.equals("pg")) {
            Path file;
            try {
                file = Path.of(location);
            } catch (InvalidPathException e) {
                throw new ClusterException("--cluster pg:...: the file after \"pg:\" is not a valid path (" + e.getReason() + ")");
            }
            return PgCluster.open(file);
        }
        throw new ClusterException("cannot open a \"" + scheme + ":\" cluster");
    }
}
