package dev.handover.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One round of status reads over every node, in parallel, with the standbys' replication as the primary
 * sees it. Apart from {@link PgCluster} because it owns the threads the reads run on.
 */
final class PgStatusRound implements AutoCloseable {
    private final PgClusterDefinition definition;
    private final PgConnector connector;
    private final ExecutorService pool;

    PgStatusRound(PgClusterDefinition definition, PgConnector connector) {
        this.definition = definition;
        this.connector = connector;
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pg-status");
            t.setDaemon(true);
            return t;
        });
    }

    /** Every node read in parallel; a node that cannot be read is reported with its error, the rest still show. */
    List<PgNodeStatus> read() {
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
        try (Connection c = connector.open(primary.get().node(), PgCluster.STATUS_SOCKET_TIMEOUT)) {
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

    private PgNodeStatus readNode(PgNodeDefinition node) {
        try (Connection c = connector.open(node, PgCluster.STATUS_SOCKET_TIMEOUT)) {
            return PgStatusReader.readNode(node, c);
        } catch (SQLException e) {
            return PgNodeStatus.unreachable(node, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
