package dev.handover.ui.cluster;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;

/**
 * Reopening the cluster a journaled run was on, from the name its record keeps ({@code pg:<definition
 * file>}), so the recovery prompt can ask that cluster's backend for a capability (release a stale
 * freeze, repair the topology). The console's start names the backends; tests hand in a fake.
 */
@FunctionalInterface
public interface RecordedClusters {

    /** Opens {@code recorded}; nothing need be contacted yet. Blocking: call off the FX thread. */
    ClusterConnection open(String recorded) throws ClusterException;
}
