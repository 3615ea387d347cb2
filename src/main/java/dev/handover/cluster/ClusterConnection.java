package dev.handover.cluster;

import dev.handover.core.FailoverTransport;

import java.time.Duration;
import java.util.Optional;

/**
 * What any cluster looks like to the console and the CLI: status snapshots, and a transport toward
 * a chosen target. The simulator and PostgreSQL implement it.
 */
public interface ClusterConnection extends AutoCloseable {

    /** A short name for titles and records, e.g. {@code sim:healthy} or {@code pg:prod.json}. */
    String name();

    /** Every node's status now. Unreachable nodes are reported as such, never dropped. */
    ClusterSnapshot status() throws ClusterException;

    /**
     * A transport that hands the primary role to {@code targetId}, polling it every {@code pollInterval}.
     * Its clock starts when it is created.
     */
    FailoverTransport transportFor(String targetId, Duration pollInterval) throws ClusterException;

    /**
     * How to observe the topology after a commit, for a backend whose roles must be read back from the
     * nodes (PostgreSQL); empty where the cluster's state is the observation (the simulator).
     */
    default Optional<AfterRunVerifier> afterRunVerifier() {
        return Optional.empty();
    }

    /**
     * How this backend writes positions and distances, for every text that shows them; plain grouped
     * counters unless the backend has a form of its own (PostgreSQL's {@code X/Y}). Its snapshots carry the same.
     */
    default Positions positions() {
        return Positions.PLAIN;
    }

    @Override
    void close();
}
