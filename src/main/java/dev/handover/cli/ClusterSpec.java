package dev.handover.cli;

import dev.handover.cluster.Backends;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.OpenOptions;

/**
 * The {@code --cluster} value, {@code <scheme>:<location>}, as the backend registry reads it: which kinds
 * exist ({@code sim:}, {@code pg:}, {@code mariadb:} …) and how each opens is the registry's to know.
 */
public record ClusterSpec(Backends.Address address) {

    /** {@code text} as {@code backends}, the registry the CLI's entry hands in, reads it. */
    public static ClusterSpec parse(String text, Backends backends) throws BadInput {
        try {
            return new ClusterSpec(backends.parse(text));
        } catch (ClusterException e) {
            throw new BadInput("--cluster " + e.getMessage());
        }
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
