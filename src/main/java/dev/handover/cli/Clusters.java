package dev.handover.cli;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;

/** Opening a cluster for a command, its refusal worded as bad input. */
final class Clusters {
    private Clusters() {
    }

    static ClusterConnection open(ClusterSpec spec, long seed) throws BadInput {
        try {
            return spec.open(seed);
        } catch (ClusterException | IllegalArgumentException e) {
            // A message about the address itself names the flag it came in, as parse errors do.
            String why = String.valueOf(e.getMessage());
            throw new BadInput(why.startsWith(spec.address().text()) ? "--cluster " + why : why);
        }
    }
}
