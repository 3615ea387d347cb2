package dev.handover.postgres;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.AfterRunVerifier;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.NodeRole;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real PostgreSQL streaming-replication cluster behind the console's cluster connection. The
 * timeline is the term: promoting a standby starts timeline + 1.
 */
public final class PgCluster implements ClusterConnection {
    private static final Duration STATUS_SOCKET_TIMEOUT = Duration.ofSeconds(10);

    private final PgClusterDefinition definition;
    private final PgConnector connector;
    private final ExecutorService pool;
    private final Map<String, Sample> lastSample = new ConcurrentHashMap<>();

    public PgCluster(PgClusterDefinition definition, PgConnector connector) {
        this.definition = definition;
        this.connector = connector;
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pg-status");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens the cluster described by a definition file, password from the environment or ~/.pgpass. */
    public static PgCluster open(Path definitionFile) throws ClusterException {
        return new PgCluster(PgClusterDefinition.load(definitionFile), new PgConnector(Duration.ofSeconds(3)));
    }

    public PgClusterDefinition definition() {
        return definition;
    }

    /** The {@code --cluster} spec as given ({@code pg:<file>}), so a journaled run can be reopened for recovery. */
    @Override
    public String name() {
        return "pg:" + definition.source();
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
        try (Connection c = connector.open(primary.get().node(), STATUS_SOCKET_TIMEOUT)) {
            replication = PgStatusReader.readReplication(c);
        } catch (SQLException e) {
            // The standbys' own readings still stand; only lag time and sync state are missing.
        }
        for (int i = 0; i < nodes.size(); i++) {
            PgNodeStatus n = nodes.get(i);
            if (n.reachable() && n.inRecovery()) {
                PgStatusReader.Replication r = replication.get(n.node().id());
                nodes.set(i, n.withReplication(primary.get().walLsn(), r == null ? Duration.ZERO : r.replayLag(),
                        r == null ? Optional.empty() : Optional.of(r.syncState())));
            }
        }
        return nodes;
    }

    @Override
    public ClusterSnapshot status() {
        return new ClusterSnapshot(pgStatus().stream().map(this::toNodeStatus).toList(), positions());
    }

    /** WAL positions as PostgreSQL writes them, distances in bytes. */
    @Override
    public PgPositions positions() {
        return PgPositions.INSTANCE;
    }

    @Override
    public PgTransport transportFor(String targetId, Duration pollInterval) throws ClusterException {
        PgNodeDefinition target = definition.node(targetId).orElseThrow(() -> new ClusterException(
                "unknown target \"" + targetId + "\"; nodes in " + definition.fileName() + ": "
                        + String.join(", ", definition.nodes().stream().map(PgNodeDefinition::id).toList())));
        List<PgNodeStatus> nodes = pgStatus();
        List<PgNodeStatus> primaries = nodes.stream().filter(PgNodeStatus::isPrimary).toList();
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
        PgTransport tx = new PgTransport(definition, connector, primaries.get(0).node(), target, pollInterval);
        try {
            tx.connect();
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
        return Optional.of((tx, newTerm) -> tx instanceof PgTransport pg
                ? PgAfterRun.verify(this, pg, newTerm, PgAfterRun.VERIFY_WAIT)
                : AfterRun.couldNotVerify(List.of(), List.of(), "the run did not use a PostgreSQL transport"));
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
                try (Connection c = connector.open(n.node(), STATUS_SOCKET_TIMEOUT)) {
                    new PgFreeze().resume(c);
                    released.add(n.node().id());
                } catch (SQLException e) {
                    throw new ClusterException("could not resume writes on " + n.node().id() + ": " + e.getMessage(), e);
                }
            }
        }
        return new FreezeRelease(released, kept);
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

    private NodeStatus toNodeStatus(PgNodeStatus n) {
        if (!n.reachable()) {
            return new NodeStatus(n.node().failoverNode(), new NodeRole.Replica("unknown", 0), 0, 0, 0, Duration.ZERO,
                    0, Health.UNREACHABLE, n.error().get());
        }
        double rate = rate(n);
        if (n.isPrimary()) {
            return new NodeStatus(n.node().failoverNode(), new NodeRole.Primary(n.timeline()), n.walLsn(), n.flushedLsn(),
                    0, Duration.ZERO, rate, n.frozen() ? Health.DEGRADED : Health.HEALTHY,
                    "timeline " + n.timeline() + (n.frozen() ? ", WRITES FROZEN (default_transaction_read_only = on "
                            + "in postgresql.auto.conf)" : ""));
        }
        String detail = "timeline " + n.timeline() + ", received " + Lsn.format(n.flushedLsn()) + ", replayed "
                + Lsn.format(n.replayedLsn()) + ", " + n.syncState().orElse("sync state unknown")
                + n.upstream().map(u -> ", streaming from " + u).orElse(", walreceiver " + n.receiver().orElse("not running"));
        return new NodeStatus(n.node().failoverNode(), new NodeRole.Replica(n.upstream().orElse("none"), n.timeline()),
                n.walLsn(), n.flushedLsn(), n.lagBytes(), n.replayLag(), rate,
                n.streaming() ? Health.HEALTHY : Health.DEGRADED, detail);
    }

    /** LSN a second between this status call and the last one (written on a primary, replayed on a standby). */
    private double rate(PgNodeStatus n) {
        long lsn = n.isPrimary() ? n.walLsn() : n.replayedLsn();
        Sample now = new Sample(lsn, System.nanoTime());
        Sample before = lastSample.put(n.node().id(), now);
        if (before == null || now.nanos() <= before.nanos() || lsn < before.lsn()) {
            return 0;
        }
        return (lsn - before.lsn()) / ((now.nanos() - before.nanos()) / 1e9);
    }

    private record Sample(long lsn, long nanos) {
    }
}
