package dev.handover.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Watches a newly promoted primary, on its own session and thread, for its first synchronous standby
 * ({@code sync_state} sync or quorum in {@code pg_stat_replication}): until then every commit on it waits.
 * Started right after the promotion so the time it reports is promotion → first synchronous standby,
 * whatever else the commit is doing meanwhile.
 */
final class SyncWatch {
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
    static final Duration LIMIT = Duration.ofSeconds(60);

    /** The first synchronous standby and how long after the promotion it appeared. */
    record FirstSync(String standby, String syncState, Duration afterPromotion) {
    }

    private final CompletableFuture<Optional<FirstSync>> result = new CompletableFuture<>();
    private volatile boolean stopped;

    private SyncWatch() {
    }

    static SyncWatch start(PgConnector connector, PgNodeDefinition primary, long promotedAtNanos) {
        SyncWatch w = new SyncWatch();
        Thread t = new Thread(() -> w.watch(connector, primary, promotedAtNanos), "pg-sync-watch");
        t.setDaemon(true);
        t.start();
        return w;
    }

    private void watch(PgConnector connector, PgNodeDefinition primary, long promotedAtNanos) {
        long deadline = promotedAtNanos + LIMIT.toNanos();
        try (Connection c = connector.open(primary, SOCKET_TIMEOUT); Statement st = c.createStatement()) {
            while (!stopped && System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery("SELECT application_name, sync_state FROM pg_stat_replication "
                        + "WHERE sync_state IN ('sync', 'quorum') LIMIT 1")) {
                    if (rs.next()) {
                        result.complete(Optional.of(new FirstSync(rs.getString(1), rs.getString(2),
                                Duration.ofNanos(System.nanoTime() - promotedAtNanos))));
                        return;
                    }
                }
                PgFreeze.pause(5);
            }
            result.complete(Optional.empty());
        } catch (SQLException | RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    /** Waits for the answer up to {@code waitUpTo}; empty when no synchronous standby appeared in time. */
    Optional<FirstSync> await(Duration waitUpTo) throws SQLException {
        try {
            return result.get(waitUpTo.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stopped = true;
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
            throw new SQLException("interrupted while waiting for a synchronous standby", e);
        } catch (ExecutionException e) {
            throw new SQLException("watching for a synchronous standby failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
