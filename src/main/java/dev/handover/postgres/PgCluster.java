package dev.handover.postgres;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ApplyRate;
import dev.handover.cluster.PlanProbes;
import dev.handover.cluster.AfterRunVerifier;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ClusterWorld;
import dev.handover.cluster.ExpectedPrimary;
import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.StaleFreezeRelease;
import dev.handover.cluster.TopologyRepair;
import dev.handover.cluster.WriteRate;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.postgres.bouncer.BouncerException;
import dev.handover.postgres.bouncer.BouncerFleet;
import dev.handover.postgres.bouncer.BouncerState;
import dev.handover.postgres.bouncer.BouncerTransport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL streaming-replication cluster behind the console's cluster connection. The
 * timeline is the term: promoting a standby starts timeline + 1.
 *
 * <p>This class opens transports and answers the cluster connection; the status reads run in
 * {@link PgStatusRound} and are worded by {@link PgClusterTable}, a dead run's freeze is lifted by
 * {@link PgStaleFreezes}, {@code recover} goes through {@link PgRepair}, the write check is {@link PgWriteProbe}.
 */
public final class PgCluster implements ClusterConnection {
    /** How long a status read may wait on a node's answer. */
    static final Duration STATUS_SOCKET_TIMEOUT = Duration.ofSeconds(10);
    /** How long a node may take to accept a connection before it counts as unreachable. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final PgClusterDefinition definition;
    private final PgConnector connector;
    private final PgStatusRound statusRound;
    private final ApplyRate rates = new ApplyRate();
    /** Handover's own commits, and the count and rate of lost transactions. */
    private final PgLoss loss = new PgLoss();
    /** The transport of the run going (or last gone) on this connection: whose freeze committed what. */
    private volatile PgTransport lastTransport;
    private final Optional<Path> keeperLog;

    public PgCluster(PgClusterDefinition definition, PgConnector connector) {
        this(definition, connector, Optional.of(KeeperProcess.defaultLog()));
    }

    /**
     * @param keeperLog where freeze keepers log (see {@link FreezeKeeper}); empty: runs start no keeper, so a
     *                  freeze outlives a dead process until recovery lifts it
     */
    public PgCluster(PgClusterDefinition definition, PgConnector connector, Optional<Path> keeperLog) {
        this.definition = definition;
        this.connector = connector;
        this.keeperLog = keeperLog;
        this.statusRound = new PgStatusRound(definition, connector);
    }

    /** Opens the cluster described by a definition file, password from the environment or ~/.pgpass. */
    public static PgCluster open(Path definitionFile) throws ClusterException {
        return new PgCluster(PgClusterDefinition.load(definitionFile), new PgConnector(CONNECT_TIMEOUT));
    }

    public PgClusterDefinition definition() {
        return definition;
    }

    /** The {@code --cluster} spec as given ({@code pg:<file>}), so a journaled run can be reopened for recovery. */
    @Override
    public String name() {
        return "pg:" + definition.source();
    }

    /** A real cluster, named by its definition file (the spec in {@link #name()} has the whole path). */
    @Override
    public ClusterWorld world() {
        return new ClusterWorld.Real("PostgreSQL", definition.fileName());
    }

    /** Every node read in parallel; a node that cannot be read is reported with its error, the rest still show. */
    public List<PgNodeStatus> pgStatus() {
        return statusRound.read();
    }

    /**
     * Every node; with PgBouncers defined, each node's detail also says which bouncer routes which database
     * to it and whether that pool is PAUSED (a bouncer that cannot be read is named on the primary's).
     */
    @Override
    public ClusterSnapshot status() {
        List<BouncerState> bouncers = definition.bouncers().isEmpty() ? List.of() : bouncerStates();
        List<PgNodeStatus> nodes = pgStatus();
        List<String> writable = PgClusterTable.writable(nodes);
        Optional<PgNodeStatus> primary = nodes.stream().filter(PgNodeStatus::isPrimary)
                .max((a, b) -> Long.compare(a.timeline(), b.timeline()));
        return new ClusterSnapshot(nodes.stream()
                .map(n -> PgClusterTable.withBouncers(PgClusterTable.toNodeStatus(n, writable, primary, rates), n, bouncers))
                .toList(),
                positions(), bouncers.stream().map(PgClusterTable::router).toList(), writable);
    }

    /** How long {@link #writeRate()} watches the primary's counters. */
    static final Duration RATE_WINDOW = PgLoss.SAMPLE.multipliedBy(2);

    /**
     * The primary's WAL bytes and write transactions a second, read over {@link #RATE_WINDOW} (it blocks that
     * long; a run reads it before the freeze, force runs only). It also creates pg_walinspect on the primary
     * when it can, so a force prompt counts the lost transactions in the WAL instead of estimating them.
     */
    @Override
    public Optional<WriteRate> writeRate() {
        Optional<PgNodeStatus> primary = primary();
        if (primary.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = connector.open(primary.get().node(), STATUS_SOCKET_TIMEOUT)) {
            return Optional.of(loss.sample(c, primary.get().node().id()));
        } catch (SQLException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * At a force prompt: the transactions the frozen primary committed past the target's position, counted in
     * its WAL with pg_walinspect (this cluster's own commits left out); empty when that cannot be done.
     */
    @Override
    public Optional<ForceLoss.LostWrites> countLostWrites(long afterLsn, long uptoLsn) {
        PgTransport last = lastTransport;
        if (last != null) {
            last.freezeXid().ifPresent(loss::own);
        }
        // The run's frozen primary, named by its transport: no status round over every node (a hung target
        // would hold it up to its timeout while writes are frozen).
        Optional<PgNodeDefinition> primary = last != null ? Optional.of(last.oldPrimary())
                : primary().map(PgNodeStatus::node);
        if (primary.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = connector.open(primary.get(), STATUS_SOCKET_TIMEOUT)) {
            return loss.count(c, primary.get().id(), afterLsn, uptoLsn);
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private Optional<PgNodeStatus> primary() {
        return pgStatus().stream().filter(PgNodeStatus::isPrimary).max((a, b) -> Long.compare(a.timeline(), b.timeline()));
    }

    /** WAL positions count bytes. */
    @Override
    public boolean positionsCountBytes() {
        return true;
    }

    /** WAL positions as PostgreSQL writes them, distances in bytes. */
    @Override
    public PgPositions positions() {
        return PgPositions.INSTANCE;
    }

    /**
     * A transport toward {@code targetId} with no expectation of the primary (tests and tools); runs take
     * {@link #transportFor(FailoverRequest, Duration)}.
     */
    public PgTransport uncheckedTransport(String targetId, Duration pollInterval) throws ClusterException {
        return open(targetId, pollInterval, Optional.empty());
    }

    /**
     * A transport for {@code request}, refused before anything is frozen when the primary is not the
     * request's old primary under its term (timeline), or another Handover run holds the cluster's run
     * lock; the primary is checked once more right before the freeze. With PgBouncers in the definition,
     * they are checked first (reachable, entries present, no session-mode pool, none paused) and the
     * transport pauses, retargets and resumes them around the switchover ({@link BouncerTransport}).
     */
    @Override
    public FailoverTransport transportFor(FailoverRequest request, Duration pollInterval) throws ClusterException {
        if (definition.bouncers().isEmpty()) {
            return open(request.target().id(), pollInterval, Optional.of(ExpectedPrimary.of(request)));
        }
        // The run lock first: a run already going holds its pools paused, and must be named as a run in progress,
        // not as a pool someone left paused (whose advice, RESUME it, would break that run).
        PgTransport tx = open(request.target().id(), pollInterval, Optional.of(ExpectedPrimary.of(request)));
        BouncerFleet fleet = bouncers();
        fleet.beforeEachPause(tx::keeperResumesPool); // the keeper RESUMEs them should this process die before the commit
        try {
            fleet.preflight();
        } catch (BouncerException | RuntimeException e) {
            fleet.close(); // the check sessions preflight opened
            tx.close();
            throw new ClusterException(e.getMessage(), e);
        }
        try {
            Connection watch = connector.open(tx.target(), STATUS_SOCKET_TIMEOUT);
            return new BouncerTransport(tx, fleet, new BouncerTransport.Node(tx.oldPrimary().id(), tx.oldPrimary().host(),
                    tx.oldPrimary().port()), new BouncerTransport.Node(tx.target().id(), tx.target().host(), tx.target().port()),
                    watch);
        } catch (SQLException e) {
            tx.close();
            fleet.close();
            throw new ClusterException("cannot open a session to " + tx.target().id() + " to watch for its promotion: "
                    + e.getMessage() + ". Nothing was paused or frozen", e);
        }
    }

    /** The definition's PgBouncers, with passwords looked up as the nodes' are. */
    public BouncerFleet bouncers() {
        return new BouncerFleet(definition.bouncers(), connector.env());
    }

    /** Each PgBouncer as it routes now: where each listed database points (by node id) and whether it is paused. */
    public List<BouncerState> bouncerStates() {
        return bouncers().states(definition::nodeAt);
    }

    private PgTransport open(String targetId, Duration pollInterval, Optional<ExpectedPrimary> expected)
            throws ClusterException {
        PgNodeDefinition target = definition.node(targetId).orElseThrow(() -> new ClusterException(
                "unknown target \"" + targetId + "\"; nodes in " + definition.fileName() + ": "
                        + String.join(", ", definition.nodes().stream().map(PgNodeDefinition::id).toList())));
        List<PgNodeStatus> nodes = pgStatus();
        List<PgNodeStatus> primaries = nodes.stream().filter(PgNodeStatus::isPrimary).toList();
        if (expected.isPresent()) {
            Optional<String> mismatch = expected.get().mismatch(primaries.stream()
                    .map(p -> new ExpectedPrimary.Seen(p.node().id(), p.timeline())).toList());
            if (mismatch.isPresent()) {
                throw new ClusterException(mismatch.get());
            }
        }
        if (primaries.size() != 1) {
            throw new ClusterException(primaries.isEmpty()
                    ? "no reachable primary in " + definition.fileName() + "; nothing to hand over from"
                    : "more than one node is a primary (" + String.join(", ", primaries.stream().map(p -> p.node().id()).toList())
                            + "); resolve that by hand before a switchover");
        }
        PgNodeStatus t = nodes.stream().filter(n -> n.node().id().equals(targetId)).findFirst().orElseThrow();
        if (!t.reachable()) {
            throw new ClusterException("target " + targetId + " cannot be reached: " + t.error().get());
        }
        if (!t.inRecovery()) {
            throw new ClusterException("target " + targetId + " is the current primary; pick a standby to promote");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new ClusterException("poll interval must be positive");
        }
        PgNodeDefinition primary = primaries.get(0).node();
        List<PgNodeDefinition> siblings = nodes.stream().filter(PgNodeStatus::reachable).map(PgNodeStatus::node)
                .filter(n -> !n.id().equals(primary.id()) && !n.id().equals(targetId)).toList();
        PgTransport tx = new PgTransport(definition, connector, primary, target, pollInterval, new PgTransport.Guards(
                expected, primary.local().isPresent() ? keeperLog : Optional.empty(), siblings, definition.bouncers()));
        lastTransport = tx; // its freeze's own commit is left out of a force prompt's count
        try {
            tx.connect();
        } catch (PgRunLock.Held e) {
            throw new ClusterException(e.getMessage(), e);
        } catch (SQLException e) {
            throw new ClusterException("cannot open sessions for the switchover to " + targetId + ": " + e.getMessage(), e);
        }
        return tx;
    }

    /** Checks after a committed handover: new primary writable on {@code newTerm}, the others streaming from it. */
    public PgVerification verify(String newPrimaryId, long newTerm, Duration waitUpTo) {
        return new PgVerifier(definition, connector).verify(newPrimaryId, newTerm, waitUpTo);
    }

    /** After a commit: the commit's steps, what is left by hand, the checks and the roles seen ({@link PgAfterRun}). */
    @Override
    public Optional<AfterRunVerifier> afterRunVerifier() {
        return Optional.of((tx, newTerm) -> {
            if (tx instanceof BouncerTransport b && b.pg() instanceof PgTransport pg) {
                AfterRun seen = PgAfterRun.verify(this, pg, newTerm, PgAfterRun.VERIFY_WAIT);
                return PgAfterRun.withBouncers(seen, b.fleet());
            }
            return tx instanceof PgTransport pg ? PgAfterRun.verify(this, pg, newTerm, PgAfterRun.VERIFY_WAIT)
                    : AfterRun.couldNotVerify(List.of(), List.of(), "the run did not use a PostgreSQL transport");
        });
    }

    /** Start-up recovery for a console that died mid-run: see {@link PgStaleFreezes#atStartUp()}. */
    public FreezeRelease releaseStaleFreeze() throws ClusterException {
        return new PgStaleFreezes(this, connector, keeperLog).atStartUp();
    }

    /**
     * {@code recover --repair} and the console's repair: plans from what every node shows now, and converges only on
     * an approved plan ({@link PgRepair}).
     */
    @Override
    public Optional<TopologyRepair> topologyRepair() {
        return Optional.of(new PgRepair(this, connector));
    }

    /** Each node asked whether it takes writes: in recovery, or {@code default_transaction_read_only} as a new session sees it. */
    @Override
    public Optional<dev.handover.cluster.WriteProbe> writeProbe() {
        return Optional.of(new PgWriteProbe(definition, connector));
    }

    /** Read-only probes a DBA would make first ({@link PgProbes}). */
    @Override
    public Optional<PlanProbes> planProbes() {
        return Optional.of(new PgProbes(definition, connector));
    }

    @Override
    public Optional<StaleFreezeRelease> staleFreezeRelease() {
        return Optional.of(this::releaseStaleFreeze);
    }

    /** Lifts the freeze {@code run} left on its old primary once nothing was committed: see {@link PgStaleFreezes#release}. */
    public StaleFreezeRelease.Result releaseStaleFreeze(StaleFreezeRelease.StaleRun run) throws ClusterException {
        return new PgStaleFreezes(this, connector, keeperLog).release(run);
    }

    /** What start-up recovery did: primaries whose freeze it lifted, and frozen ones it left alone and why. */
    public record FreezeRelease(List<String> released, List<String> kept) {
        public FreezeRelease {
            released = List.copyOf(released);
            kept = List.copyOf(kept);
        }
    }

    @Override
    public void close() {
        statusRound.close();
    }
}
