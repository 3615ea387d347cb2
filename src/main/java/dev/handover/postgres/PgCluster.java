package dev.handover.postgres;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ApplyRate;
import dev.handover.cluster.PlanProbes;
import dev.handover.cluster.AfterRunVerifier;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClientRouter;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ClusterWorld;
import dev.handover.cluster.Condition;
import dev.handover.cluster.ExpectedPrimary;
import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.StaleFreezeRelease;
import dev.handover.cluster.TopologyRepair;
import dev.handover.cluster.WriteRate;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.postgres.bouncer.BouncerException;
import dev.handover.postgres.bouncer.BouncerFleet;
import dev.handover.postgres.bouncer.BouncerState;
import dev.handover.postgres.bouncer.BouncerTransport;
import dev.handover.core.NodeRole;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real PostgreSQL streaming-replication cluster behind the console's cluster connection. The
 * timeline is the term: promoting a standby starts timeline + 1.
 */
public final class PgCluster implements ClusterConnection {
    private static final Duration STATUS_SOCKET_TIMEOUT = Duration.ofSeconds(10);
    /** How long a node may take to accept a connection before it counts as unreachable. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final PgClusterDefinition definition;
    private final PgConnector connector;
    private final ExecutorService pool;
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
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pg-status");
            t.setDaemon(true);
            return t;
        });
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
        List<CompletableFuture<PgNodeStatus>> reads = new ArrayList<>();
        for (PgNodeDefinition node : definition.nodes()) {
            reads.add(CompletableFuture.supplyAsync(() -> readNode(node), pool));
        }
        List<PgNodeStatus> nodes = new ArrayList<>(reads.stream().map(CompletableFuture::join).toList());
        Optional<PgNodeStatus> primary = nodes.stream().filter(PgNodeStatus::isPrimary)
                .max((a, b) -> Long.compare(a.timeline(), b.timeline()));
        if (primary.isEmpty()) {
            return nodes;
        }
        Map<String, PgStatusReader.Replication> replication = Map.of();
        long primaryLsn = primary.get().walLsn();
        boolean exact = false;
        try (Connection c = connector.open(primary.get().node(), STATUS_SOCKET_TIMEOUT)) {
            PgStatusReader.ReplicationView view = PgStatusReader.readReplication(c);
            replication = view.standbys();
            primaryLsn = view.walLsnAfter();
            exact = true;
            // The primary's row shows the position its standbys' lags are measured against: under steady writes
            // its own earlier read would equal a standby's LSN while that standby reads kilobytes behind.
            int at = nodes.indexOf(primary.get());
            nodes.set(at, primary.get().withPositions(view.walLsnAfter(), view.flushLsnAfter()));
        } catch (SQLException e) {
            // The standbys' own readings still stand; only lag time, sync state and the reply age are missing, and
            // without a primary position read after theirs no standby can be called ahead of it.
        }
        for (int i = 0; i < nodes.size(); i++) {
            PgNodeStatus n = nodes.get(i);
            if (n.reachable() && n.inRecovery()) {
                PgStatusReader.Replication r = replication.get(n.node().id());
                nodes.set(i, n.withReplication(primaryLsn, exact, r == null ? Duration.ZERO : r.replayLag(),
                        r == null ? Optional.empty() : Optional.of(r.syncState()),
                        r == null ? Optional.empty() : r.replyAge()));
            }
        }
        return nodes;
    }

    /**
     * Every node; with PgBouncers defined, each node's detail also says which bouncer routes which database
     * to it and whether that pool is PAUSED (a bouncer that cannot be read is named on the primary's).
     */
    @Override
    public ClusterSnapshot status() {
        List<BouncerState> bouncers = definition.bouncers().isEmpty() ? List.of() : bouncerStates();
        List<PgNodeStatus> nodes = pgStatus();
        List<String> writable = writable(nodes);
        Optional<PgNodeStatus> primary = nodes.stream().filter(PgNodeStatus::isPrimary)
                .max((a, b) -> Long.compare(a.timeline(), b.timeline()));
        return new ClusterSnapshot(nodes.stream()
                .map(n -> withBouncers(toNodeStatus(n, writable, primary), n, bouncers)).toList(),
                positions(), bouncers.stream().map(PgCluster::router).toList(), writable);
    }

    /** The nodes taking writes: out of recovery and not frozen by Handover ({@code default_transaction_read_only}). */
    static List<String> writable(List<PgNodeStatus> nodes) {
        return nodes.stream().filter(n -> n.isPrimary() && !n.frozen()).map(n -> n.node().id()).toList();
    }

    /** A bouncer as the console and {@code status} show it beside the nodes. */
    private static ClientRouter router(BouncerState b) {
        return new ClientRouter("PgBouncer", b.id(), b.addr(), b.routes().stream().map(r -> new ClientRouter.Route(
                r.database(), nodeNamed(r.target()), r.target(), r.paused(), r.present())).toList(), b.error());
    }

    /** The node id a route's target starts with ({@code pg1 (host:port)}), when it names one. */
    private static Optional<String> nodeNamed(String target) {
        int open = target.indexOf(" (");
        return open > 0 ? Optional.of(target.substring(0, open)) : Optional.empty();
    }

    private static NodeStatus withBouncers(NodeStatus s, PgNodeStatus n, List<BouncerState> bouncers) {
        List<String> notes = new ArrayList<>();
        for (BouncerState b : bouncers) {
            if (b.error().isPresent() && n.reachable() && n.isPrimary()) {
                notes.add(b.text());
            }
            for (BouncerState.Route r : b.routes()) {
                if (r.present() && r.target().startsWith(n.node().id() + " (")) {
                    notes.add(b.id() + " routes " + r.database() + " here" + (r.paused() ? " (PAUSED: its clients wait)" : ""));
                }
            }
        }
        return notes.isEmpty() ? s : new NodeStatus(s.node(), s.role(), s.lsn(), s.durableLsn(), s.lagLsn(), s.lag(),
                s.applyRate(), s.health(), s.detail() + (s.detail().isEmpty() ? "" : ", ") + String.join(", ", notes),
                s.condition(), s.replayBacklog());
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
                return withBouncers(seen, b.fleet());
            }
            return tx instanceof PgTransport pg ? PgAfterRun.verify(this, pg, newTerm, PgAfterRun.VERIFY_WAIT)
                    : AfterRun.couldNotVerify(List.of(), List.of(), "the run did not use a PostgreSQL transport");
        });
    }

    /** The bouncers' steps (pause, retarget, resume, the clients' longest wait) and checks after the cluster's own. */
    private static AfterRun withBouncers(AfterRun seen, BouncerFleet fleet) {
        List<AfterRun.Step> done = new ArrayList<>(seen.done());
        done.addAll(fleet.steps());
        List<dev.handover.cluster.TopologyCheck> checks = new ArrayList<>(seen.checks());
        checks.addAll(fleet.checks());
        return new AfterRun(done, seen.remaining(), checks, seen.roles(), fleet.clientStall());
    }

    /**
     * Start-up recovery for a console that died mid-run: PostgreSQL has no timer that could lift a
     * freeze by itself, so a reachable primary still frozen is resumed here — unless it may be a
     * deliberately fenced old primary: another node is on a later timeline (the handover committed),
     * or some node cannot be reached (it might be a promoted target). Those are kept, with the reason.
     */
    public FreezeRelease releaseStaleFreeze() throws ClusterException {
        List<PgNodeStatus> nodes = pgStatus();
        List<String> released = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> unreachable = nodes.stream().filter(n -> !n.reachable()).map(n -> n.node().id()).toList();
        for (PgNodeStatus n : nodes) {
            if (!n.isPrimary() || !n.frozen()) {
                continue;
            }
            Optional<PgNodeStatus> newer = nodes.stream().filter(o -> o.reachable() && o.timeline() > n.timeline()).findFirst();
            if (newer.isPresent()) {
                kept.add(n.node().id() + ": " + newer.get().node().id() + " is on a later timeline (" + newer.get().timeline()
                        + " > " + n.timeline() + "), so " + n.node().id() + " is a fenced old primary; demote it, do not resume it");
            } else if (!unreachable.isEmpty()) {
                kept.add(n.node().id() + ": " + String.join(", ", unreachable) + " cannot be reached and might have been "
                        + "promoted; check before resuming writes");
            } else {
                try (Connection c = connector.open(n.node(), STATUS_SOCKET_TIMEOUT, PgRunLock.runName())) {
                    // A live run (another console, another machine) or a keeper at work owns this freeze.
                    PgRunLock.acquire(c, n.node().id(), 0);
                    new PgFreeze().resume(c);
                    released.add(n.node().id());
                } catch (PgRunLock.Held e) {
                    kept.add(n.node().id() + ": " + e.getMessage());
                } catch (SQLException e) {
                    throw new ClusterException("could not resume writes on " + n.node().id() + ": " + e.getMessage(), e);
                }
            }
        }
        return new FreezeRelease(released, kept);
    }

    /** {@code recover --release}: lifts one dead run's freeze, after checking the run committed nothing. */
    @Override
    public Optional<TopologyRepair> topologyRepair() {
        return Optional.of(new TopologyRepair() {
            @Override
            public dev.handover.cluster.RepairPlan plan(Optional<String> primary) {
                return new PgRecovery(definition, connector).plan(primary);
            }

            @Override
            public AfterRun repair(dev.handover.cluster.RepairApproval approval, dev.handover.cluster.StepJournal journal) {
                return PgCluster.this.repair(approval, journal);
            }
        });
    }

    /** Each node asked whether it takes writes: in recovery, or {@code default_transaction_read_only} as a new session sees it. */
    @Override
    public Optional<dev.handover.cluster.WriteProbe> writeProbe() {
        return Optional.of(() -> {
            List<dev.handover.cluster.WriteProbe.NodeWrites> out = new ArrayList<>();
            for (PgNodeDefinition n : definition.nodes()) {
                try (Connection c = connector.open(n, STATUS_SOCKET_TIMEOUT, PgRunLock.runName());
                     java.sql.Statement st = c.createStatement();
                     java.sql.ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), coalesce((SELECT setting FROM pg_file_settings WHERE "
                             + "name = 'default_transaction_read_only' AND applied ORDER BY seqno DESC LIMIT 1), 'off')")) {
                    // the server's own setting, as an application session gets it (Handover's sessions override it)
                    rs.next();
                    java.time.Instant at = java.time.Instant.now();
                    String ro = List.of("on", "true", "yes", "1").contains(rs.getString(2)) ? "on" : "off";
                    out.add(rs.getBoolean(1) ? new dev.handover.cluster.WriteProbe.NodeWrites(n.id(),
                            dev.handover.cluster.WriteProbe.State.STANDBY, "in recovery", at)
                            : ro.equals("on") ? new dev.handover.cluster.WriteProbe.NodeWrites(n.id(),
                            dev.handover.cluster.WriteProbe.State.FROZEN, "default_transaction_read_only on", at)
                            : new dev.handover.cluster.WriteProbe.NodeWrites(n.id(),
                            dev.handover.cluster.WriteProbe.State.TAKES_WRITES, "primary, default_transaction_read_only off", at));
                } catch (SQLException e) {
                    out.add(new dev.handover.cluster.WriteProbe.NodeWrites(n.id(), dev.handover.cluster.WriteProbe.State.UNREACHABLE,
                            String.valueOf(e.getMessage()), java.time.Instant.now()));
                }
            }
            return out;
        });
    }

    /** {@link PgRecovery} from what the nodes show, then the same checks as after a commit. */
    private AfterRun repair(dev.handover.cluster.RepairApproval approval, dev.handover.cluster.StepJournal journal) {
        PgRecovery.Result r = new PgRecovery(definition, connector).converge(approval, journal);
        List<AfterRun.Step> done = r.done().stream().map(d -> new AfterRun.Step(Optional.empty(), d)).toList();
        if (r.primary().isEmpty()) {
            return new AfterRun(done, r.remaining(), List.of(), PgAfterRun.roles(this));
        }
        long timeline = pgStatus().stream().filter(n -> n.node().id().equals(r.primary().get()) && n.isPrimary())
                .mapToLong(PgNodeStatus::timeline).findFirst().orElse(-1);
        PgVerification v = verify(r.primary().get(), timeline, PgAfterRun.VERIFY_WAIT);
        AfterRun seen = new AfterRun(done, r.remaining(), v.topologyChecks(), PgAfterRun.roles(this));
        if (definition.bouncers().isEmpty()) {
            return seen;
        }
        // A run that died with the bouncers paused leaves their clients waiting: point them at the primary
        // the cluster has now, check it through them, and resume.
        BouncerFleet fleet = bouncers();
        PgNodeDefinition p = definition.node(r.primary().get()).orElseThrow();
        fleet.recoverTo(p.id(), p.host(), p.port());
        return withBouncers(seen, fleet);
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

    /**
     * Lifts the freeze {@code run} left on its old primary, as start-up recovery does, once the cluster
     * shows that nothing was committed: every node reachable, none on a timeline later than the run's
     * term, the old primary still primary on that timeline, the target still a standby, and no other run
     * or keeper holding the run lock. Otherwise refuses, naming what to check.
     */
    public StaleFreezeRelease.Result releaseStaleFreeze(StaleFreezeRelease.StaleRun run) throws ClusterException {
        PgNodeDefinition primaryNode = definition.node(run.primary()).orElseThrow(() -> new ClusterException(
                definition.fileName() + " has no node " + run.primary() + " (the run's old primary)"));
        List<PgNodeStatus> nodes = pgStatus();
        List<String> refused = new ArrayList<>();
        for (PgNodeStatus n : nodes) {
            if (!n.reachable()) {
                refused.add(n.node().id() + " cannot be reached (" + n.error().get() + "): it might have been promoted; "
                        + "check it, then retry");
            } else if (n.timeline() > run.term()) {
                refused.add(n.node().id() + " is on timeline " + n.timeline() + ", later than the run's term " + run.term()
                        + ": a commit happened, so " + run.primary() + " may be a fenced old primary; demote it, do not resume it");
            }
        }
        PgNodeStatus primary = nodes.stream().filter(n -> n.node().id().equals(run.primary())).findFirst().orElseThrow();
        if (primary.reachable() && primary.inRecovery()) {
            refused.add(run.primary() + " is a standby now: roles changed since the run; check them (handover status)");
        } else if (primary.reachable() && primary.timeline() < run.term()) {
            refused.add(run.primary() + " writes on timeline " + primary.timeline() + ", not the run's term " + run.term()
                    + "; check roles (handover status)");
        }
        Optional<PgNodeStatus> target = nodes.stream().filter(n -> n.node().id().equals(run.target())).findFirst();
        if (target.isEmpty()) {
            refused.add(definition.fileName() + " has no node " + run.target() + " (the run's target): check it by hand");
        } else if (target.get().reachable() && !target.get().inRecovery()) {
            refused.add("the run's target " + run.target() + " is not in recovery (it was promoted): " + run.primary()
                    + " may be a fenced old primary; check roles");
        }
        if (!refused.isEmpty()) {
            return new StaleFreezeRelease.Result.Refused(refused);
        }
        try (Connection c = connector.open(primaryNode, STATUS_SOCKET_TIMEOUT, PgRunLock.runName())) {
            PgRunLock.acquire(c, run.primary(), 0);
            if (!PgFreeze.isFrozen(c)) {
                PgFreeze.reload(c); // a resume cut short between its ALTER SYSTEM and its reload leaves the server frozen
                return new StaleFreezeRelease.Result.AlreadyWritable(run.primary(), run.primary() + " is not frozen: "
                        + "it already takes writes (resumed by hand, or by the run's freeze keeper; see " + keeperLog
                        .map(Path::toString).orElse("its log") + "); the configuration was reloaded in case a resume was "
                        + "cut short before its reload" + bouncersBackTo(primaryNode));
            }
            new PgFreeze().resume(c);
            return new StaleFreezeRelease.Result.Released(run.primary(), "writes resumed on " + run.primary() + " ("
                    + PgFreeze.SETTING + " reset in postgresql.auto.conf, configuration reloaded); no node was on a timeline "
                    + "later than " + run.term() + " and " + run.target() + " was still a standby" + bouncersBackTo(primaryNode));
        } catch (PgRunLock.Held e) {
            return new StaleFreezeRelease.Result.Refused(List.of(e.getMessage().replace("Nothing was frozen", "Nothing was released")));
        } catch (SQLException e) {
            throw new ClusterException("could not release the freeze on " + run.primary() + ": " + e.getMessage(), e);
        }
    }

    /**
     * After a dead run's freeze is lifted (or found lifted): every PgBouncer pointed at {@code primary}, checked
     * through, and resumed; said as a sentence to append, empty without bouncers.
     */
    private String bouncersBackTo(PgNodeDefinition primary) {
        if (definition.bouncers().isEmpty()) {
            return "";
        }
        BouncerFleet fleet = bouncers();
        BouncerFleet.Resumed r = fleet.recoverTo(primary.id(), primary.host(), primary.port());
        List<String> failed = fleet.checks().stream().filter(ch -> !ch.ok()).map(ch -> ch.what() + ": " + ch.seen()).toList();
        return ". PgBouncer: routed to " + primary.id() + (failed.isEmpty() ? " (checked through each)" : "; FAILED: "
                + String.join("; ", failed)) + (r.text().isEmpty() ? "; none was paused" : "; " + r.text());
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
        pool.shutdownNow();
    }

    private PgNodeStatus readNode(PgNodeDefinition node) {
        try (Connection c = connector.open(node, STATUS_SOCKET_TIMEOUT)) {
            return PgStatusReader.readNode(node, c);
        } catch (SQLException e) {
            return PgNodeStatus.unreachable(node, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /**
     * One node as the cluster table shows it. A standby's condition is the worst of what it shows: ahead of the
     * primary (diverged), not streaming, receiver stalled, replay paused; its detail names every one of them.
     * Every writable node of a split brain is marked so, each naming the others.
     */
    private NodeStatus toNodeStatus(PgNodeStatus n, List<String> writable, Optional<PgNodeStatus> primary) {
        if (!n.reachable()) {
            return NodeStatus.unreachable(n.node().failoverNode(), n.error().get());
        }
        double rate = rate(n);
        if (n.isPrimary()) {
            boolean split = writable.size() > 1 && writable.contains(n.node().id());
            String others = String.join(", ", writable.stream().filter(id -> !id.equals(n.node().id())).toList());
            Condition condition = split ? Condition.SPLIT_BRAIN : n.frozen() ? Condition.FROZEN : Condition.HEALTHY;
            return new NodeStatus(n.node().failoverNode(), new NodeRole.Primary(n.timeline()), n.walLsn(), n.flushedLsn(),
                    0, Duration.ZERO, rate, condition.health(),
                    (split ? "SPLIT BRAIN: takes writes, and so does " + others + "; " : "")
                    + "timeline " + n.timeline() + (n.frozen() ? ", WRITES FROZEN (default_transaction_read_only = on "
                            + "in postgresql.auto.conf)" : ""), condition);
        }
        PgNodeStatus.Standby sb = n.standby();
        List<String> problems = new ArrayList<>();
        Condition condition = Condition.HEALTHY;
        boolean laterTimeline = primary.isPresent() && n.timeline() > primary.get().timeline();
        if (n.lagBytes() < 0 || laterTimeline) {
            condition = Condition.AHEAD_OF_PRIMARY;
            problems.add("AHEAD of primary " + primary.map(p -> p.node().id()).orElse("")
                    + (n.lagBytes() < 0 ? " by " + PgPositions.INSTANCE.amount(-n.lagBytes()) : "")
                    + (laterTimeline ? " on timeline " + n.timeline() + " (primary's: " + primary.get().timeline() + ")" : "")
                    + ": it holds WAL the primary lacks (diverged)");
        }
        if (!n.streaming()) {
            condition = condition == Condition.HEALTHY ? Condition.NOT_STREAMING : condition;
        } else if (sb.stall().isPresent()) {
            condition = condition == Condition.HEALTHY ? Condition.RECEIVER_STALLED : condition;
            problems.add(sb.stall().get());
        }
        if (sb.replayPaused()) {
            condition = condition == Condition.HEALTHY ? Condition.APPLY_PAUSED : condition;
            problems.add("replay paused, " + PgPositions.INSTANCE.amount(sb.replayBacklog()) + " to replay");
        }
        String detail = (problems.isEmpty() ? "" : String.join("; ", problems) + "; ")
                + "timeline " + n.timeline() + ", received " + Lsn.format(n.flushedLsn()) + ", replayed "
                + Lsn.format(n.replayedLsn()) + ", " + n.syncState().orElse("sync state unknown")
                + n.upstream().map(u -> ", streaming from " + u).orElse(", walreceiver " + n.receiver().orElse("not running"));
        return new NodeStatus(n.node().failoverNode(), new NodeRole.Replica(n.upstream().orElse("none"), n.timeline()),
                n.walLsn(), n.flushedLsn(), n.lagBytes(), n.replayLag(), rate, condition.health(), detail, condition,
                sb.replayBacklog());
    }

    /** LSN a second between this status call and the last one (written on a primary, replayed on a standby). */
    private double rate(PgNodeStatus n) {
        return rates.next(n.node().id(), n.isPrimary() ? n.walLsn() : n.replayedLsn());
    }
}
