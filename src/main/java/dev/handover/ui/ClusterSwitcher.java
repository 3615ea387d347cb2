package dev.handover.ui;

import dev.handover.cluster.AfterRunVerifier;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ClusterWorld;
import dev.handover.cluster.Positions;
import dev.handover.cluster.Simulation;
import dev.handover.cluster.StaleFreezeRelease;
import dev.handover.cluster.TopologyRepair;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The cluster the console is on, for every kind of cluster: the operator may switch it for another
 * (a scenario, a real cluster from its definition, back to the simulation) between runs. Every
 * call goes to the current cluster; a run asks for {@link #actual} once and stays on that one.
 * Clusters it switched to are its own and closed by it; the first one belongs to whoever opened it.
 */
public final class ClusterSwitcher implements ClusterConnection {
    private final ClusterConnection first;
    private final AtomicReference<ClusterConnection> current;

    private ClusterSwitcher(ClusterConnection first) {
        this.first = first;
        this.current = new AtomicReference<>(first);
    }

    /** {@code connection} as a switchable cluster (itself if it already is one). */
    public static ClusterSwitcher around(ClusterConnection connection) {
        Objects.requireNonNull(connection, "connection");
        return connection instanceof ClusterSwitcher d ? d : new ClusterSwitcher(connection);
    }

    /** The cluster behind {@code connection} right now. */
    public static ClusterConnection actual(ClusterConnection connection) {
        return connection instanceof ClusterSwitcher d ? d.current() : connection;
    }

    public ClusterConnection current() {
        return current.get();
    }

    /** The current cluster's simulation (scenario, faults, clock); empty on a real cluster. */
    @Override
    public Optional<Simulation> simulation() {
        return current().simulation();
    }

    /** Switch to {@code next}; the one before is closed unless it was the first (its opener closes it). */
    public void switchTo(ClusterConnection next) {
        ClusterConnection before = current.getAndSet(Objects.requireNonNull(next, "next"));
        if (before != first && before != next) {
            before.close();
        }
    }

    @Override
    public String name() {
        return current().name();
    }

    /** The current cluster's world: switching may leave a simulation for a real cluster and back. */
    @Override
    public ClusterWorld world() {
        return current().world();
    }

    /** The current cluster's status; a call that raced a switch (the old cluster closed under it) asks the new one. */
    @Override
    public ClusterSnapshot status() throws ClusterException {
        ClusterConnection asked = current();
        try {
            return asked.status();
        } catch (ClusterException | RuntimeException e) {
            ClusterConnection now = current();
            if (now == asked) {
                throw e;
            }
            return now.status();
        }
    }

    /** The current cluster's own check of the primary the run was planned on (PostgreSQL checks it again at the freeze). */
    @Override
    public FailoverTransport transportFor(FailoverRequest request, Duration pollInterval) throws ClusterException {
        return current().transportFor(request, pollInterval);
    }

    @Override
    public Optional<StaleFreezeRelease> staleFreezeRelease() {
        return current().staleFreezeRelease();
    }

    @Override
    public Optional<dev.handover.cluster.PlanProbes> planProbes() {
        return current().planProbes();
    }

    @Override
    public Optional<TopologyRepair> topologyRepair() {
        return current().topologyRepair();
    }

    /** The current cluster's verification after a commit, if its backend has one. */
    @Override
    public Optional<AfterRunVerifier> afterRunVerifier() {
        return current().afterRunVerifier();
    }

    /** The current cluster's way of writing positions. */
    @Override
    public Positions positions() {
        return current().positions();
    }

    /** The current cluster's lease: a run's poll interval must fit the cluster it runs on. */
    @Override
    public Optional<Duration> freezeLease() {
        return current().freezeLease();
    }

    @Override
    public Optional<Long> acknowledgedWritesIn(long afterLsn, long uptoLsn) {
        return current().acknowledgedWritesIn(afterLsn, uptoLsn);
    }

    @Override
    public Optional<dev.handover.cluster.ForceLoss.LostWrites> countLostWrites(long afterLsn, long uptoLsn) {
        return current().countLostWrites(afterLsn, uptoLsn);
    }

    @Override
    public Optional<dev.handover.cluster.WriteProbe> writeProbe() {
        return current().writeProbe();
    }

    @Override
    public boolean positionsCountBytes() {
        return current().positionsCountBytes();
    }

    @Override
    public Optional<dev.handover.cluster.WriteRate> writeRate() throws ClusterException {
        return current().writeRate();
    }

    /** Closes what this switched to; the first cluster is its opener's to close. */
    @Override
    public void close() {
        ClusterConnection c = current();
        if (c != first) {
            c.close();
        }
    }
}
