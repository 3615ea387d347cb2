package dev.handover.run;

import dev.handover.cluster.AfterRunVerifier;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.Positions;
import dev.handover.cluster.Simulation;
import dev.handover.cluster.WriteRate;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.ForwardingTransport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A simulated cluster as a real backend would look to the service: its transport holds sessions (so it is
 * closed after the run) and, when given one, it has a verifier. Says in {@link #calls} what was asked when.
 */
final class WatchedCluster implements ClusterConnection {
    final List<String> calls = new ArrayList<>();
    /** The run's clock breaks once writes are frozen: a fault outside the coordinator's contract. */
    boolean clockBreaksWhenFrozen;
    private final ClusterConnection sim;
    private final Optional<AfterRunVerifier> verifier;

    WatchedCluster(ClusterConnection sim, Optional<AfterRunVerifier> verifier) {
        this.sim = sim;
        this.verifier = verifier.map(v -> (tx, term) -> {
            calls.add("verify");
            return v.verify(tx, term);
        });
    }

    @Override
    public String name() {
        return sim.name();
    }

    @Override
    public ClusterSnapshot status() throws ClusterException {
        return sim.status();
    }

    @Override
    public FailoverTransport transportFor(FailoverRequest request, Duration pollInterval) throws ClusterException {
        calls.add("transport");
        return new Sessions(sim.transportFor(request, pollInterval));
    }

    @Override
    public Optional<AfterRunVerifier> afterRunVerifier() {
        return verifier;
    }

    @Override
    public Optional<Simulation> simulation() {
        return sim.simulation();
    }

    @Override
    public Positions positions() {
        return sim.positions();
    }

    @Override
    public Optional<Duration> freezeLease() {
        return sim.freezeLease();
    }

    @Override
    public Optional<Long> acknowledgedWritesIn(long afterLsn, long uptoLsn) {
        return sim.acknowledgedWritesIn(afterLsn, uptoLsn);
    }

    @Override
    public Optional<WriteRate> writeRate() throws ClusterException {
        calls.add("rate");
        return sim.writeRate();
    }

    @Override
    public void close() {
        sim.close();
    }

    /** A transport with sessions to close, as PostgreSQL's has. */
    private final class Sessions extends ForwardingTransport implements AutoCloseable {
        private boolean frozen;

        Sessions(FailoverTransport delegate) {
            super(delegate);
        }

        @Override
        public long freezePrimary() throws dev.handover.core.TransportException {
            long frontier = super.freezePrimary();
            frozen = true;
            return frontier;
        }

        @Override
        public Duration elapsed() {
            if (frozen && clockBreaksWhenFrozen) {
                throw new IllegalStateException("the run's clock broke");
            }
            return super.elapsed();
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }
}
