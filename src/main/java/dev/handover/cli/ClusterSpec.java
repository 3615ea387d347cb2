package dev.handover.cli;

import dev.handover.app.Installed;
import dev.handover.cluster.Backends;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.OpenOptions;
import dev.handover.cluster.Positions;

/**
 * The {@code --cluster} value, {@code <scheme>:<location>}, as the backend registry reads it: which kinds
 * exist ({@code sim:}, {@code pg:}, {@code mariadb:} …) and how each opens is the registry's to know.
 */
public record ClusterSpec(Backends.Address address) {

    public static ClusterSpec parse(String text) throws BadInput {
        try {
            return new ClusterSpec(Installed.backends().parse(text));
        } catch (ClusterException e) {
            throw new BadInput("--cluster " + e.getMessage());
        }
    }

    /**
     * How runs recorded on the cluster named {@code clusterName} (as {@link ClusterConnection#name()} gave
     * it) write positions, for history and recovery text.
     */
    public static Positions positionsOf(String clusterName) {
        return Installed.backends().positionsOf(clusterName);
    }

    /** Whether a run recorded on {@code clusterName} was on a real cluster, which can be reopened to finish it. */
    public static boolean reopenable(String clusterName) {
        return Installed.backends().reopenable(clusterName);
    }

    /** Whether runs on this cluster use virtual time (and a seed). */
    public boolean simulated() {
        return address.simulated();
    }

    /** Open the cluster; a simulated one starts on its own virtual clock from {@code seed}, played into steady state. */
    public ClusterConnection open(long seed) throws ClusterException {
        return address.open(OpenOptions.virtualTime(seed));
    }
}
