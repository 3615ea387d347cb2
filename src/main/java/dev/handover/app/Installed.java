package dev.handover.app;

import dev.handover.cluster.Backends;
import dev.handover.mariadb.MariaDbBackend;
import dev.handover.postgres.PgBackend;
import dev.handover.sim.SimBackend;

import java.util.List;

/**
 * The composition root: the one place that names the concrete backends; a new engine is one line here. Only the
 * entries read it ({@code dev.handover.Main} for the CLI, {@code ui.ConsoleLauncher} and {@code ui.ConsoleApp} for
 * the console) and hand the registry down; nothing below them looks it up ({@code ArchitectureTest} checks), so a
 * test can hand in a registry of its own (an extra engine, say) and see everything above the engines follow.
 */
public final class Installed {
    private static final Backends BACKENDS = new Backends(List.of(new SimBackend(), new PgBackend(), new MariaDbBackend()));

    private Installed() {
    }

    public static Backends backends() {
        return BACKENDS;
    }
}
