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
     * How long a freeze holds on this cluster without renewal before writes resume by themselves;
     * empty when a freeze has no lease. The poll interval must fit it: see {@link PollRule}.
     */
    default Optional<Duration> freezeLease() {
        return Optional.empty();
    }

    @Override
    void close();
}
