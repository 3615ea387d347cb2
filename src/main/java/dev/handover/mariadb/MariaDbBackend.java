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
    public String planProbes() {
        return "HA manager logins, long statements and transactions, replication threads, GTID, the target's binlog, "
                + "privileges";
    }

    @Override
    public ClusterConnection open(String location, OpenOptions options) throws ClusterException {
        return new MariaDbCluster(MariaDbClusterDefinition.load(ClusterBackend.definitionFile(scheme(), location)),
                MariaDbCluster.CONNECT_TIMEOUT, options.environment()::get);
    }

    /** Every node's {@code passwordEnv}, once each. */
    @Override
    public java.util.List<String> secretVariables(String location) throws ClusterException {
        return MariaDbClusterDefinition.load(ClusterBackend.definitionFile(scheme(), location)).nodes().stream()
                .map(MariaDbNodeDefinition::passwordEnv).flatMap(java.util.Optional::stream).distinct().toList();
    }

    /** A record keeps sequence numbers only: they read as such, distances in transactions. */
    @Override
    public Positions recordedPositions() {
        return MariaDbPositions.RECORDED;
    }
}
