package dev.handover.ui.training;

import dev.handover.cluster.Backends;
import dev.handover.cluster.ClusterBackend;
import dev.handover.cluster.ClusterException;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The registered backends as the drill offers them: the simulator's scenarios, and the real engines a
 * definition file opens. Finds the simulator by what it declares, never by its class.
 */
final class DrillBackends {
    private final Backends backends;

    DrillBackends(Backends backends) {
        this.backends = backends;
    }

    /** The built-in scenarios, with their titles; none when no simulator is installed. */
    List<ScenarioChoice> catalogue() {
        return simulator().map(s -> s.catalog().stream().map(e -> new ScenarioChoice(e.name(), e.title())).toList())
                .orElse(List.of());
    }

    /** Every non-simulated backend, in the registry's order. */
    List<ClusterKind> realKinds() {
        return backends.all().stream().filter(b -> !b.simulated()).map(b -> new ClusterKind(b.scheme(), b.engine())).toList();
    }

    /** The scenario {@code nameOrFile} (a built-in name or a scenario file) as the simulator's address. */
    Backends.Address scenario(String nameOrFile) throws ClusterException {
        ClusterBackend sim = simulator().orElseThrow(() -> new ClusterException("no simulator is installed; known: "
                + backends.forms()));
        return backends.parse(sim.scheme() + ":" + nameOrFile);
    }

    /** The real cluster of kind {@code scheme} that {@code definition} describes. */
    Backends.Address definition(String scheme, Path definition) throws ClusterException {
        return backends.parse(scheme + ":" + definition);
    }

    /** The engine named for {@code scheme} in messages, e.g. {@code PostgreSQL}; the scheme itself when unknown. */
    String engine(String scheme) {
        return backends.backend(scheme).map(ClusterBackend::engine).orElse(scheme + ":");
    }

    private Optional<ClusterBackend> simulator() {
        return backends.all().stream().filter(ClusterBackend::simulated).findFirst();
    }
}
