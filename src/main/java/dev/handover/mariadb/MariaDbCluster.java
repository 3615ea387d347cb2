package dev.handover.mariadb;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.AfterRunVerifier;
import dev.handover.cluster.ApplyRate;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ClusterWorld;
import dev.handover.cluster.Condition;
import dev.handover.cluster.ExpectedPrimary;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.PlanProbes;
import dev.handover.cluster.Positions;
import dev.handover.cluster.StaleFreezeRelease;
import dev.handover.cluster.TopologyRepair;
import dev.handover.cluster.WriteRate;
import dev.handover.cluster.ForceLoss;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.NodeRole;

import java.sql.Connection;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * A MariaDB GTID-replication cluster behind the console's connection: status read from every node,
 * and a {@link MariaDbTransport} toward a chosen target. Single GTID domain only: a node whose position
 * spans several domains makes status refuse with a message saying so.
 */
public final class MariaDbCluster implements ClusterConnection {
    /** How long the freeze holds without renewal before the server ends its session (and the lock). */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** How long a node may take to accept a connection before it counts as unreachable. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final MariaDbClusterDefinition definition;
    private final Map<String, MariaDbConnector> connectors = new LinkedHashMap<>();
    private volatile Positions positions = new MariaDbPositions(0, 0);
    private final ApplyRate rates = new ApplyRate();

    public MariaDbCluster(MariaDbClusterDefinition definition, Duration connectTimeout) {
        this(definition, connectTimeout, System::getenv);
    }

    /** With the environment looked up through {@code env}: tests hand the password in without a real variable. */
    MariaDbCluster(MariaDbClusterDefinition definition, Duration connectTimeout, Function<String, String> env) {
        this.definition = definition;
        for (MariaDbNodeDefinition n : definition.nodes()) {
            connectors.put(n.id(), new MariaDbConnector(n, connectTimeout, env));
        }
    }

    /** Opens the cluster a definition file describes; nothing is contacted until status or a run asks. */
    public static MariaDbCluster open(Path definitionFile) throws ClusterException {
        return new MariaDbCluster(MariaDbClusterDefinition.load(definitionFile), CONNECT_TIMEOUT);
    }

    /** The cluster address as given ({@code mariadb:<file>}), so a journaled run can be reopened for recovery. */
    @Override
    public String name() {
        return "mariadb:" + definition.source();
    }

    /** A real cluster, named by its definition file. */
    @Override
    public ClusterWorld world() {
        return new ClusterWorld.Real("MariaDB", definition.fileName());
    }

    @Override
    public ClusterSnapshot status() throws ClusterException {
        Map<String, MariaDbNodeState> states = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (MariaDbNodeDefinition n : definition.nodes()) {
            try (Connection c = connectors.get(n.id()).open()) {
                states.put(n.id(), MariaDbNodeState.read(c));
            } catch (SQLException e) {
                errors.put(n.id(), e.getMessage());
            }
        }
        try {
            long primarySeq = 0;
            boolean exact = true;
            for (Map.Entry<String, MariaDbNodeState> e : states.entrySet()) {
                MariaDbNodeState s = e.getValue();
                if (s.isPrimary()) {
                    Optional<Gtid> g = Gtid.single(s.binlogPos());
                    primarySeq = Math.max(primarySeq, g.map(Gtid::seq).orElse(0L));
                    g.ifPresent(x -> positions = new MariaDbPositions(x.domain(), x.server()));
                    // Read again after every replica: a replica read after its primary may have applied more under
                    // load; against this later position, one that has applied more holds what the primary lacks.
                    try (Connection c = connectors.get(e.getKey()).open()) {
                        primarySeq = Math.max(primarySeq, Gtid.seqOf(Sql.string(c, "SELECT @@global.gtid_binlog_pos")));
                    } catch (SQLException ex) {
                        exact = false;
                    }
                }
            }
            List<String> writable = states.entrySet().stream().filter(e -> !e.getValue().readOnly()).map(Map.Entry::getKey)
                    .toList();
            List<NodeStatus> out = new ArrayList<>();
            for (MariaDbNodeDefinition n : definition.nodes()) {
                MariaDbNodeState s = states.get(n.id());
                if (s == null) {
                    out.add(new NodeStatus(n.failoverNode(), new NodeRole.Replica("", 0), 0, 0, 0, Duration.ZERO, 0,
                            Health.UNREACHABLE, errors.get(n.id())));
                    continue;
                }
                NodeStatus node = nodeStatus(n, s, primarySeq, exact);
                if (writable.size() > 1 && writable.contains(n.id())) {
                    node = node.with(Condition.SPLIT_BRAIN, "SPLIT BRAIN: read_only is OFF here and on "
                            + String.join(", ", writable.stream().filter(id -> !id.equals(n.id())).toList())
                            + (node.detail().isEmpty() ? "" : "; " + node.detail()));
                }
                out.add(node);
            }
            return new ClusterSnapshot(out, positions, List.of(), writable);
        } catch (Gtid.MultiDomainException e) {
            throw new ClusterException(definition.fileName() + ": " + e.getMessage());
        }
    }

    /**
     * One node. A replica's condition is the worst it shows: ahead of the primary (it applied transactions the
     * primary never wrote: diverged), replication not running (IO thread stopped, or no source), apply stopped (the
     * SQL thread, with what it received and has not applied); its lag is counted in transactions, and its time
     * behind is MariaDB's own (Seconds_Behind_Master), unknown while a thread is stopped.
     */
    private NodeStatus nodeStatus(MariaDbNodeDefinition n, MariaDbNodeState s, long primarySeq, boolean exact)
            throws Gtid.MultiDomainException {
        if (s.isPrimary()) {
            long seq = Gtid.seqOf(s.binlogPos());
            return new NodeStatus(n.failoverNode(), new NodeRole.Primary(s.term()), seq, seq, 0, Duration.ZERO,
                    rates.next(n.id(), seq), Health.HEALTHY, "");
        }
        long applied = Gtid.seqOf(s.slavePos());
        long received = s.upstream().map(u -> {
            try {
                return Gtid.seqOf(u.ioPos());
            } catch (Gtid.MultiDomainException e) {
                return applied;
            }
        }).orElse(applied);
        long lagSeq = exact ? primarySeq - applied : Math.max(0, primarySeq - applied);
        List<String> problems = new ArrayList<>();
        Condition condition = Condition.HEALTHY;
        if (lagSeq < 0) {
            condition = Condition.AHEAD_OF_PRIMARY;
            problems.add("AHEAD of the primary by " + positions.amount(-lagSeq) + ": it applied transactions the primary"
                    + " lacks (diverged)");
        }
        if (s.upstream().isEmpty()) {
            condition = condition == Condition.HEALTHY ? Condition.NOT_STREAMING : condition;
            problems.add(s.readOnly() ? "read-only with no replication source (fenced)" : "no replication source");
        } else {
            var u = s.upstream().get();
            long unapplied = Math.max(0, received - applied);
            if (!u.ioRunning()) {
                condition = condition == Condition.HEALTHY ? Condition.NOT_STREAMING : condition;
                problems.add("replication stopped (IO thread stopped" + (u.sqlRunning() ? "" : ", SQL thread stopped") + ")");
            } else if (!u.sqlRunning()) {
                condition = condition == Condition.HEALTHY ? Condition.APPLY_PAUSED : condition;
                problems.add("apply stopped (SQL thread stopped)");
            }
            if (!u.error().isEmpty()) {
                problems.add("error: " + u.error());
            }
            if (unapplied > 0 || !u.sqlRunning()) {
                problems.add(positions.amount(unapplied) + " received not applied (relay log " + u.relaySpace() + " bytes)");
            }
        }
        if (lagSeq > 0) {
            problems.add(positions.amount(lagSeq) + " behind the primary");
        }
        String addr = s.upstream().map(MariaDbNodeState.Upstream::addr).orElse("");
        // MariaDB's own apply delay (Seconds_Behind_Master); none while a thread is stopped, and none needed when caught up.
        Duration lag = s.upstream().flatMap(MariaDbNodeState.Upstream::behind).orElse(Duration.ZERO);
        return new NodeStatus(n.failoverNode(), new NodeRole.Replica(addr, s.term()), Math.max(received, applied),
                applied, lagSeq, lag, rates.next(n.id(), applied), condition.health(), String.join("; ", problems),
                condition);
    }

    @Override
    public FailoverTransport transportFor(FailoverRequest request, Duration pollInterval) throws ClusterException {
        // Refused before anything is frozen when the primary or its term is no longer the planned one, or when more
        // than one node takes writes: a switchover would pick one history and strand the other's writes.
        ClusterSnapshot now = status();
        if (now.verdict() instanceof dev.handover.cluster.ClusterVerdict.SplitBrain split) {
            throw new ClusterException(split.text() + "; nothing was frozen");
        }
        Optional<String> mismatch = ExpectedPrimary.of(request).mismatch(now);
        if (mismatch.isPresent()) {
            throw new ClusterException(mismatch.get());
        }
        return transport(request.target().id(), request.currentTerm(), pollInterval);
    }

    /** The transport itself, for callers (tests, reports) that want its commit report. */
    public MariaDbTransport transport(String targetId, long expectedTerm, Duration pollInterval) throws ClusterException {
        if (definition.node(targetId).isEmpty()) {
            throw new ClusterException("no node " + targetId + " in " + definition.fileName());
        }
        return new MariaDbTransport(definition, connectors, targetId, expectedTerm, pollInterval, LEASE);
    }

    /** The commit's steps, then every node read back until the replicas follow the new primary (bounded). */
    @Override
    public Optional<AfterRunVerifier> afterRunVerifier() {
        return Optional.of((tx, newTerm) -> {
            if (!(tx instanceof MariaDbTransport mdb)) {
                return AfterRun.couldNotVerify(List.of(), List.of(), "the run did not use a MariaDB transport");
            }
            Optional<MariaDbCommitReport> commit = mdb.commitReport();
            if (commit.isEmpty()) {
                return AfterRun.couldNotVerify(List.of(), List.of(), "the commit did not get as far as promoting the target;"
                        + " check which node takes writes with: handover status --cluster " + name());
            }
            return MariaDbAfterRun.verify(definition, connectors, commit.get(), newTerm, MariaDbAfterRun.VERIFY_WAIT);
        });
    }

    /** MariaDB's read-only probes for {@code handover plan} and {@code run --plan} ({@link MariaDbProbes}). */
    @Override
    public Optional<PlanProbes> planProbes() {
        return Optional.of(new MariaDbProbes(definition, connectors));
    }

    /** A run that died before promoting anything left its old primary read_only: lifted once the nodes show that. */
    @Override
    public Optional<StaleFreezeRelease> staleFreezeRelease() {
        return Optional.of(run -> new MariaDbRecovery(definition, connectors).release(run));
    }

    /** Each node asked whether it takes writes: {@code @@read_only} and its replication source. */
    @Override
    public Optional<dev.handover.cluster.WriteProbe> writeProbe() {
        return Optional.of(() -> {
            List<dev.handover.cluster.WriteProbe.NodeWrites> out = new java.util.ArrayList<>();
            for (MariaDbNodeDefinition n : definition.nodes()) {
                try (Connection c = connectors.get(n.id()).open()) {
                    MariaDbNodeState s = MariaDbNodeState.read(c);
                    java.time.Instant at = java.time.Instant.now();
                    out.add(s.upstream().isPresent() ? new dev.handover.cluster.WriteProbe.NodeWrites(n.id(),
                            dev.handover.cluster.WriteProbe.State.STANDBY, "replicates from " + s.upstream().get().addr(), at)
                            : s.readOnly() ? new dev.handover.cluster.WriteProbe.NodeWrites(n.id(),
                            dev.handover.cluster.WriteProbe.State.FROZEN, "read_only on", at)
                            : new dev.handover.cluster.WriteProbe.NodeWrites(n.id(),
                            dev.handover.cluster.WriteProbe.State.TAKES_WRITES, "read_only off, no replication source", at));
                } catch (SQLException e) {
                    out.add(new dev.handover.cluster.WriteProbe.NodeWrites(n.id(), dev.handover.cluster.WriteProbe.State.UNREACHABLE,
                            String.valueOf(e.getMessage()), java.time.Instant.now()));
                }
            }
            return out;
        });
    }

    /** One writable primary, every other node following it, from what the nodes show; then the after-run checks. */
    @Override
    public Optional<TopologyRepair> topologyRepair() {
        return Optional.of(new TopologyRepair() {
            @Override
            public dev.handover.cluster.RepairPlan plan(Optional<String> primary) {
                return new MariaDbRecovery(definition, connectors).plan(primary);
            }

            @Override
            public AfterRun repair(dev.handover.cluster.RepairApproval approval, dev.handover.cluster.StepJournal journal) {
                return repairWith(approval, journal);
            }
        });
    }

    private AfterRun repairWith(dev.handover.cluster.RepairApproval approval, dev.handover.cluster.StepJournal journal) {
        MariaDbRecovery.Repaired r = new MariaDbRecovery(definition, connectors).repair(approval, journal);
            if (r.primary().isEmpty()) {
                return new AfterRun(r.steps(), r.remaining(), List.of(), MariaDbAfterRun.roles(definition, connectors));
            }
            String p = r.primary().get();
            long term;
            try (Connection c = connectors.get(p).open()) {
                term = MariaDbTerm.read(c);
            } catch (SQLException e) {
                return AfterRun.couldNotVerify(r.steps(), r.remaining(), p + " could not be read after the repair: " + e.getMessage());
            }
            return MariaDbAfterRun.verify(definition, connectors, new MariaDbCommitReport(p, "", "", "", r.steps(),
                    r.remaining()), term, MariaDbAfterRun.VERIFY_WAIT);
    }

    /**
     * Under gtid_strict_mode every seq in the domain is one committed transaction, whose COMMIT returned to
     * its client: the acknowledged writes in a gap are counted, not estimated.
     */
    @Override
    public Optional<Long> acknowledgedWritesIn(long afterSeq, long uptoSeq) {
        return Optional.of(Math.max(0, uptoSeq - afterSeq));
    }

    /**
     * The transactions a forced commit loses, counted from GTIDs: every seq in the primary's domain past the
     * target's position up to the frozen frontier is one committed transaction (Handover writes none there
     * before the commit: the freeze is a read lock, the term is written on the new primary after it).
     */
    @Override
    public Optional<ForceLoss.LostWrites> countLostWrites(long afterSeq, long uptoSeq) {
        long n = Math.max(0, uptoSeq - afterSeq);
        return Optional.of(new ForceLoss.Counted(n, ForceLoss.Unit.TRANSACTIONS, n == 0
                ? "counted from GTIDs: the target holds every seq up to the frontier's " + uptoSeq
                : "counted from GTIDs: seq " + (afterSeq + 1) + " to " + uptoSeq + " of the primary's domain, one "
                  + "committed transaction each (gtid_strict_mode)"));
    }

    /** How long {@link #writeRate()} watches the primary's binlog position. */
    static final Duration RATE_WINDOW = Duration.ofSeconds(2);

    /** Transactions a second on the primary, from its {@code @@gtid_binlog_pos} read twice {@link #RATE_WINDOW} apart. */
    @Override
    public Optional<WriteRate> writeRate() {
        for (MariaDbNodeDefinition n : definition.nodes()) {
            try (Connection c = connectors.get(n.id()).open()) {
                if (!MariaDbNodeState.read(c).isPrimary()) {
                    continue;
                }
                long first = Gtid.seqOf(Sql.string(c, "SELECT @@global.gtid_binlog_pos"));
                long from = System.nanoTime();
                Thread.sleep(RATE_WINDOW.toMillis());
                long second = Gtid.seqOf(Sql.string(c, "SELECT @@global.gtid_binlog_pos"));
                double seconds = (System.nanoTime() - from) / 1e9;
                double perSecond = Math.max(0, second - first) / seconds;
                return Optional.of(new WriteRate(perSecond, OptionalDouble.of(perSecond),
                        Duration.ofNanos((long) (seconds * 1e9)), "transactions in @@gtid_binlog_pos on " + n.id()));
            } catch (SQLException | Gtid.MultiDomainException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public Positions positions() {
        return positions;
    }

    @Override
    public Optional<Duration> freezeLease() {
        return Optional.of(LEASE);
    }

    @Override
    public void close() {
        // sessions are opened per call; nothing is held between them
    }
}
