package dev.handover.cluster;

import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;

import java.time.Duration;
import java.util.Optional;

/**
 * What any cluster looks like to the console and the CLI: status snapshots, and a transport toward
 * a chosen target. Each engine implements it; what each method must guarantee is in this package's
 * package-info, the engine contract.
 */
public interface ClusterConnection extends AutoCloseable {

    /** A short name for titles and records, e.g. {@code sim:healthy} or {@code pg:prod.json}. */
    String name();

    /**
     * Whether this is a simulation or a real cluster, as the backend declares it. A backend that does not
     * say is real: the console then shows no training controls and a band that says so.
     */
    default ClusterWorld world() {
        return new ClusterWorld.Real("database", name());
    }

    /** Every node's status now. Unreachable nodes are reported as such, never dropped. */
    ClusterSnapshot status() throws ClusterException;

    /**
     * The transport a run hands the primary role over with: toward {@code request}'s target, polling it every
     * {@code pollInterval}, its clock started when it is created. The one way a run reaches a cluster, so each
     * engine writes it with the guarantees {@code dev.handover.cluster} (package-info) lists: refused, nothing
     * frozen, with a {@link ClusterException} whose message says why, when the primary is no longer the one the
     * request was planned on ({@link ExpectedPrimary}: another node, or another term), when the target is unknown
     * or is the primary, or when the poll interval does not fit the freeze lease ({@link PollRule}).
     */
    FailoverTransport transportFor(FailoverRequest request, Duration pollInterval) throws ClusterException;

    /** The seed, clock and accounting of a simulated cluster; empty for a real one. */
    default Optional<Simulation> simulation() {
        return Optional.empty();
    }

    /**
     * What this backend can check on the cluster, beyond the preflight, before a run of a given request:
     * read-only probes that predict a failure (another HA manager in charge, a backup the restart would break);
     * empty where there is nothing more to look at (the simulator).
     */
    default Optional<PlanProbes> planProbes() {
        return Optional.empty();
    }

    /** Finishing what a dead run left half-way, for a backend whose nodes can be left so; empty elsewhere. */
    default java.util.Optional<TopologyRepair> topologyRepair() {
        return java.util.Optional.empty();
    }

    /** Whether each node takes writes now ({@link WriteProbe}), when the backend can ask its nodes. */
    default java.util.Optional<WriteProbe> writeProbe() {
        return java.util.Optional.empty();
    }

    /** Lifting a freeze a dead run left behind, for a backend whose freeze outlives the process; empty elsewhere. */
    default java.util.Optional<StaleFreezeRelease> staleFreezeRelease() {
        return java.util.Optional.empty();
    }

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

    /**
     * How long a freeze holds on this cluster without renewal before writes resume by themselves;
     * empty when a freeze has no lease. The poll interval must fit it: see {@link PollRule}.
     */
    default Optional<Duration> freezeLease() {
        return Optional.empty();
    }

    /**
     * The acknowledged writes whose log lies in {@code (afterLsn, uptoLsn]}, for a backend that counts them
     * (the simulator); empty where the log does not say (PostgreSQL): then a force prompt estimates them
     * from {@link #writeRate()}.
     */
    default Optional<Long> acknowledgedWritesIn(long afterLsn, long uptoLsn) {
        return Optional.empty();
    }

    /**
     * The writes a forced commit handing over at {@code afterLsn}, writes frozen at {@code uptoLsn}, loses,
     * counted exactly with how it was counted (the simulator's ledger, MariaDB's GTIDs, PostgreSQL's WAL where
     * pg_walinspect reads it); a count the backend can only bound comes back as an estimate with its basis.
     * Empty when it cannot count them: then a force prompt estimates them from {@link #writeRate()}. Read at
     * the prompt, while the old primary is frozen but up.
     */
    default Optional<ForceLoss.LostWrites> countLostWrites(long afterLsn, long uptoLsn) {
        return acknowledgedWritesIn(afterLsn, uptoLsn)
                .map(n -> new ForceLoss.Counted(n, ForceLoss.Unit.ACKNOWLEDGED_WRITES, "counted by the cluster"));
    }

    /** Whether a position counts bytes of log, so a distance can be put in MB. */
    default boolean positionsCountBytes() {
        return false;
    }

    /**
     * How fast the primary takes writes now, read before a run freezes them (a forced commit's loss is put
     * in seconds of writes, and estimated where it cannot be counted, from this); empty when unknown. May
     * take a moment (PostgreSQL samples its counters); never call it while writes are frozen.
     */
    default Optional<WriteRate> writeRate() throws ClusterException {
        return Optional.empty();
    }

    @Override
    void close();
}
