package dev.handover.mariadb;

import dev.handover.cluster.ClusterBackend;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.OpenOptions;
import dev.handover.cluster.Positions;

/** {@code mariadb:<cluster definition file>}: a MariaDB cluster with GTID replication. */
public final class MariaDbBackend implements ClusterBackend {

    @Override
    public String scheme() {
        return "mariadb";
    }

    @Override
    public String locationHint() {
        return "<cluster definition file>";
    }

    @Override
    public String engine() {
        return "MariaDB";
    }

    @Override
    public ClusterConnection open(String location, OpenOptions options) throws ClusterException {
        return MariaDbCluster.open(ClusterBackend.definitionFile(scheme(), location));
    }

    /** A record keeps sequence numbers only: they read as such, distances in transactions. */
    @Override
    public Positions recordedPositions() {
        return MariaDbPositions.RECORDED;
    }
}
