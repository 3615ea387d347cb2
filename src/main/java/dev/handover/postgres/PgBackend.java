package dev.handover.postgres;

import dev.handover.cluster.ClusterBackend;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.OpenOptions;
import dev.handover.cluster.Positions;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code pg:<cluster definition file>}: a PostgreSQL streaming-replication cluster. */
public final class PgBackend implements ClusterBackend {

    @Override
    public String scheme() {
        return "pg";
    }

    @Override
    public String locationHint() {
        return "<cluster definition file>";
    }

    @Override
    public String engine() {
        return "PostgreSQL";
    }

    @Override
    public String planProbes() {
        return "every node answers, each local block's osUser, pgCtl, dataDir and port; another HA manager in charge, "
                + "base backups, long or prepared transactions, pg_rewind, slots, synchronous standbys, PgBouncer";
    }

    @Override
    public ClusterConnection open(String location, OpenOptions options) throws ClusterException {
        return new PgCluster(PgClusterDefinition.load(ClusterBackend.definitionFile(scheme(), location)),
                new PgConnector(options.environment()::get, PgCluster.CONNECT_TIMEOUT));
    }

    /** Every node's and PgBouncer's {@code passwordEnv}, once each. */
    @Override
    public List<String> secretVariables(String location) throws ClusterException {
        PgClusterDefinition d = PgClusterDefinition.load(ClusterBackend.definitionFile(scheme(), location));
        return java.util.stream.Stream.concat(d.nodes().stream().map(PgNodeDefinition::passwordEnv),
                d.bouncers().stream().map(b -> b.passwordEnv())).flatMap(Optional::stream).distinct().toList();
    }

    /** LSNs as PostgreSQL writes them ({@code 0/4009D88}), distances in bytes. */
    @Override
    public Positions recordedPositions() {
        return PgPositions.INSTANCE;
    }

    /** The freeze keeper: a packaged runtime has no java binary, so it is started through the app's launcher. */
    @Override
    public boolean runSideCommand(String[] args) {
        if (args.length > 0 && args[0].equals(FreezeKeeper.COMMAND)) {
            FreezeKeeper.main(Arrays.copyOfRange(args, 1, args.length));
            return true;
        }
        return false;
    }
}
