package dev.handover.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The run lock a repair (or its plan) takes on every reachable node, so that it never acts beside a run or
 * a keeper still at work, and lets go of it explicitly. Apart from {@link PgRecovery} because the patience
 * with a lock just released is its own concern.
 */
final class PgRepairLocks {
    private static final Duration LOCK_PATIENCE = Duration.ofSeconds(3);

    private PgRepairLocks() {
    }

    /**
     * Lets the run locks go before the sessions close: a closed session's backend drops its lock only when it
     * exits, and a repair right after this plan (or another repair) would find it still held.
     */
    static void release(List<Connection> locks) {
        for (Connection c : locks) {
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_unlock_all()");
            } catch (SQLException e) {
                // the session is gone, and its lock with it
            }
            PgTransport.closeQuietly(c);
        }
    }

    /** Takes the run lock on every reachable node; the reason when another run or keeper holds one. */
    static Optional<String> lock(PgClusterDefinition definition, PgConnector connector, List<Connection> locks) {
        for (PgNodeDefinition n : definition.nodes()) {
            try {
                Connection c = connector.open(n, PgRecovery.SOCKET_TIMEOUT);
                locks.add(c);
                // A session that just closed (this process's own plan, a run that just ended) holds its lock
                // until its backend exits: a held lock is asked again for a few seconds before it counts.
                long until = System.nanoTime() + LOCK_PATIENCE.toNanos();
                while (true) {
                    try {
                        PgRunLock.acquire(c, n.id(), 0);
                        break;
                    } catch (PgRunLock.Held held) {
                        if (System.nanoTime() > until) {
                            return Optional.of(held.getMessage());
                        }
                        java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
                    }
                }
            } catch (SQLException unreachable) {
                // read by the survey as unreachable
            }
        }
        return Optional.empty();
    }
}
