package dev.handover.dummy;

import dev.handover.cluster.Backends;
import dev.handover.cluster.ClusterBackend;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.OpenOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * A test-only engine, registered beside the installed ones to prove that an engine is one registration: its
 * address form and name reach the help, the console's Open menu and the architecture rules with no line of its own
 * anywhere else. It opens nothing: these tests never need a cluster of it, and it says so rather than pretend.
 */
public final class DummyBackend implements ClusterBackend {
    public static final String SCHEME = "dummy";
    public static final String ENGINE = "DummyDB";

    /** The installed engines, and this one last, as one more line in {@code app.Installed} would add it. */
    public static Backends besides(Backends installed) {
        List<ClusterBackend> all = new ArrayList<>(installed.all());
        all.add(new DummyBackend());
        return new Backends(all);
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public String locationHint() {
        return "<dummy definition file>";
    }

    @Override
    public String engine() {
        return ENGINE;
    }

    /** What its help says {@code plan} probes: nothing real, but said from here alone. */
    public static final String PROBES = "the dummy's own checks";

    @Override
    public String planProbes() {
        return PROBES;
    }

    @Override
    public ClusterConnection open(String location, OpenOptions options) throws ClusterException {
        throw ClusterException.naming(SCHEME + ":" + location, ": the dummy engine opens no cluster (it exists to be registered)");
    }
}
