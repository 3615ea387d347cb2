package dev.handover.app;

import dev.handover.cluster.Backends;
import dev.handover.mariadb.MariaDbBackend;
import dev.handover.postgres.PgBackend;
import dev.handover.sim.SimBackend;

import java.util.List;

/**
 * The composition root: the one place that names the concrete backends. The CLI and the console ask
 * this registry for a cluster address and never import an engine; a new engine is one line here.
 */
public final class Installed {
    private static final Backends BACKENDS = new Backends(List.of(new SimBackend(), new PgBackend(), new MariaDbBackend()));

    private Installed() {
    }

    public static Backends backends() {
        return BACKENDS;
    }
}
