package dev.handover.mariadb;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The freeze: a {@code FLUSH TABLES WITH READ LOCK} held by one dedicated session on the primary.
 * Unlike {@code read_only=1} it stops every commit, sessions with SUPER / READ ONLY ADMIN included
 * (root writes through read_only on 10.11). Writers are held, not refused, so resuming lets them finish.
 *
 * <p>The session is the lease: if this process dies its socket closes and the server drops the lock,
 * and if it hangs the session's {@code wait_timeout} (the lease) ends it. Nothing else is changed at
 * the freeze, so resuming is exactly {@code UNLOCK TABLES}; {@code read_only} is only touched at the
 * commit, where the old primary must stay read-only for good.
 */
final class MariaDbFreeze implements AutoCloseable {
    private final Connection lease;
    private final Duration leaseTime;

    private MariaDbFreeze(Connection lease, Duration leaseTime) {
        this.lease = lease;
        this.leaseTime = leaseTime;
    }

    /** Takes the lock, bounded by {@code lockWait}, and returns the freeze; undone if anything after fails. */
    static MariaDbFreeze take(MariaDbConnector primary, Duration leaseTime, Duration lockWait) throws SQLException {
        Connection c = primary.open();
        try {
            Sql.exec(c, "SET SESSION wait_timeout = " + Math.max(1, leaseTime.toSeconds()));
            Sql.exec(c, "SET SESSION lock_wait_timeout = " + Math.max(1, lockWait.toSeconds()));
            takeRunLock(c);
            Sql.exec(c, "FLUSH TABLES WITH READ LOCK");
            return new MariaDbFreeze(c, leaseTime);
        } catch (SQLException e) {
            try {
                c.close(); // closing the session drops a lock it may hold
            } catch (SQLException ignored) {
                // already broken: the server dropped the session, and the lock with it
            }
            throw e;
        }
    }

    /**
     * One Handover run at a time on a primary: a named lock held by the freeze session, so it ends with the
     * session (the run's end, or this process's death). A second run is refused before it freezes anything.
     */
    private static void takeRunLock(Connection c) throws SQLException {
        if (Sql.number(c, "SELECT GET_LOCK(" + Sql.quote(RUN_LOCK) + ", 0)") == 1) {
            return;
        }
        String holder;
        try {
            holder = Sql.rows(c, "SELECT ID, USER, HOST FROM information_schema.PROCESSLIST WHERE ID = IS_USED_LOCK("
                    + Sql.quote(RUN_LOCK) + ")").stream().findFirst()
                    .map(r -> "session " + r.get("ID") + " of " + r.get("USER") + " from " + r.get("HOST")).orElse("a session that just ended");
        } catch (SQLException e) {
            holder = "another session";
        }
        throw new RunLockHeld("another Handover run holds the run lock (" + holder + "); nothing was frozen. "
                + "Wait for it to finish, or check it with SHOW PROCESSLIST");
    }

    /** The name of the run lock; server-wide, so every Handover process on any host sees it. */
    static final String RUN_LOCK = "handover.run";

    /** Another run holds the run lock on this primary. */
    static final class RunLockHeld extends SQLException {
        RunLockHeld(String message) {
            super(message);
        }
    }

    /** The frozen frontier: the binlog position no commit can pass while the lock is held. */
    String binlogPos() throws SQLException {
        return Sql.string(lease, "SELECT @@global.gtid_binlog_pos");
    }

    /** Any statement restarts the session's wait_timeout: the lease is renewed. Throws when it lapsed. */
    void renew() throws SQLException {
        Sql.exec(lease, "DO 1");
    }

    /** The commit is next: the lease must not lapse under it; throws when the lock is already gone. */
    void holdForCommit() throws SQLException {
        Sql.exec(lease, "SET SESSION wait_timeout = 28800");
    }

    Connection session() {
        return lease;
    }

    Duration leaseTime() {
        return leaseTime;
    }

    /** Resume: exactly the freeze undone. */
    void release() throws SQLException {
        Sql.exec(lease, "UNLOCK TABLES");
    }

    @Override
    public void close() {
        try {
            lease.close();
        } catch (SQLException ignored) {
            // the server drops the lock with the session either way
        }
    }
}
