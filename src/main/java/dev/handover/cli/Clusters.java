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
            throw new BadInput(e.getMessage());
        }
    }
}
