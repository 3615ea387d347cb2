package dev.handover.sim;

import dev.handover.cluster.ClusterBackend;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.OpenOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code sim:<scenario name or file>}: a simulated cluster running a built-in or a file's scenario. */
public final class SimBackend implements ClusterBackend {
    /** Long enough for replication to settle, so lag and frontiers look like a cluster that has been running. */
    public static final Duration WARM_UP = Duration.ofSeconds(2);

    @Override
    public String scheme() {
        return "sim";
    }

    @Override
    public String locationHint() {
        return "<scenario name or file>";
    }

    @Override
    public String engine() {
        return "simulation";
    }

    @Override
    public boolean simulated() {
        return true;
    }

    /**
     * In virtual time the cluster is first played into steady state ({@link #WARM_UP}); on a real-time clock it
     * settles while the operator looks.
     */
    @Override
    public ClusterConnection open(String location, OpenOptions options) throws ClusterException {
        Scenario scenario = Scenarios.resolve(location);
        if (options.realTimeSpeed().isPresent()) {
            return SimCluster.start(scenario, options.seed(), new RealTimeClock(options.realTimeSpeed().get()));
        }
        VirtualClock clock = new VirtualClock();
        SimCluster cluster = SimCluster.start(scenario, options.seed(), clock);
        clock.advance(WARM_UP);
        return cluster;
    }

    /** The built-in scenarios; one that cannot be read is listed with why, not dropped. */
    @Override
    public List<Entry> catalog() {
        List<Entry> found = new ArrayList<>();
        for (String name : Scenarios.builtInNames()) {
            try {
                found.add(new Entry(name, Scenarios.builtIn(name).title()));
            } catch (ClusterException e) {
                found.add(new Entry(name, "(unreadable: " + e.getMessage() + ")"));
            }
        }
        return found;
    }
}
