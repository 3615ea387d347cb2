package dev.handover.postgres.bouncer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the target during the commit and, the moment it writes on the new timeline, retargets and resumes
 * the bouncers while the commit goes on demoting the old primary (its restart as a standby takes a few
 * hundred milliseconds that clients need not wait out). The session to the target is opened before the
 * freeze, so the watch costs no login inside it.
 */
final class PromotionWatch {
    private static final Duration STEP = Duration.ofMillis(2);

    private final Connection target;
    private final BouncerFleet fleet;
    private final String targetId;
    private final String host;
    private final int port;
    private volatile boolean stop;
    private volatile boolean handed;
    private Thread thread;

    PromotionWatch(Connection target, BouncerFleet fleet, String targetId, String host, int port) {
        this.target = target;
        this.fleet = fleet;
        this.targetId = targetId;
        this.host = host;
        this.port = port;
    }

    /** Starts watching for {@code newTerm} on a thread of its own. */
    void start(long newTerm) {
        thread = new Thread(() -> watch(newTerm), "bouncer-promotion-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch(long newTerm) {
        while (!stop) {
            try {
                if (timeline(target) == newTerm) {
                    fleet.note(targetId + " seen writing on timeline " + newTerm + " by the promotion watch");
                    fleet.retarget(targetId, host, port);
                    fleet.resumeAll();
                    handed = true;
                    return;
                }
            } catch (SQLException e) {
                return; // no watch: the commit's end retargets and resumes instead
            }
            LockSupport.parkNanos(STEP.toNanos());
        }
    }

    /**
     * Stops watching and waits for a retarget under way; returns whether the bouncers were handed to the
     * target (retargeted, checked, resumed) by the watch.
     */
    boolean finish() {
        stop = true;
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return handed;
    }

    /** The timeline the node writes on, 0 while it is in recovery. */
    static long timeline(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CASE WHEN pg_is_in_recovery() "
                + "THEN 0 ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::bigint END")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
