package dev.handover.cli;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;

import java.time.Duration;

/** Opening a cluster for a command: a simulated one is first played into steady state. */
final class Clusters {
    /** Long enough for replication to settle, so lag and frontiers look like a cluster that has been running. */
    static final Duration WARM_UP = Duration.ofSeconds(2);

    private Clusters() {
    }

    static ClusterConnection open(ClusterSpec spec, long seed) throws BadInput {
        ClusterConnection c;
        try {
            c = spec.open(seed);
        } catch (ClusterException | IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
        if (c instanceof SimCluster sim && sim.clock() instanceof VirtualClock clock) {
            clock.advance(WARM_UP);
        }
        return c;
    }
}
