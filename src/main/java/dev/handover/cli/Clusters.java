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
        } catch (ClusterException e) {
            // A message that names the address itself names the flag it came in, as parse errors do.
            boolean aboutTheAddress = e.subject().filter(spec.address().text()::equals).isPresent();
            throw new BadInput(aboutTheAddress ? "--cluster " + e.getMessage() : e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new BadInput(String.valueOf(e.getMessage()));
        }
    }
}
