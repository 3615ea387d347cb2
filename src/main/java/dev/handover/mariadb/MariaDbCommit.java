package dev.handover.mariadb;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The commit's SQL, one node at a time: promote the target, demote the frozen old primary under it,
 * re-point the siblings. The order matters: the old primary is made read-only and its client sessions
 * ended while the freeze still holds, so nothing can commit on it after the target is promoted.
 */
final class MariaDbCommit {
    private MariaDbCommit() {
    }

    /**
     * The old primary, still under the freeze: read_only for good, every client session ended (a held
     * writer would otherwise commit the moment the lock drops, and diverge). Returns its binlog position,
     * which the freeze kept fixed.
     */
    static String fenceOldPrimary(MariaDbFreeze freeze) throws SQLException {
        Connection c = freeze.session();
        Sql.exec(c, "SET GLOBAL read_only = 1");
        for (var row : Sql.rows(c, "SELECT ID FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
                + " AND COMMAND NOT IN ('Binlog Dump', 'Daemon', 'Slave_IO', 'Slave_SQL', 'Slave_worker')"
                + " AND USER NOT IN ('system user', 'event_scheduler')")) {
            try {
                Sql.exec(c, "KILL CONNECTION " + row.get("ID"));
            } catch (SQLException e) {
                if (e.getErrorCode() != 1094) { // unknown thread: it ended by itself
                    throw e;
                }
            }
        }
        return freeze.binlogPos();
    }

    /**
     * The target: stop applying, forget its source, record the new term as its first write, take writes.
     * Returns what it had applied when it stopped (what the new primary holds of the old one's history).
     */
    static String promote(Connection target, long newTerm, String targetId) throws SQLException {
        Sql.exec(target, "STOP ALL SLAVES");
        String applied = Sql.string(target, "SELECT @@global.gtid_slave_pos");
        Sql.exec(target, "RESET SLAVE ALL");
        dev.handover.cluster.FaultPoint.reached("promoting"); // the fault campaign: replication stopped, not yet writable
        MariaDbTerm.write(target, newTerm, targetId);
        Sql.exec(target, "SET GLOBAL read_only = 0");
        return applied == null ? "" : applied;
    }

    /** A replica (old primary or sibling) re-pointed at the new primary by GTID and started. */
    static void follow(Connection replica, MariaDbNodeDefinition newPrimary, String password, boolean demote)
            throws SQLException {
        Sql.exec(replica, "STOP ALL SLAVES");
        Sql.exec(replica, "RESET SLAVE ALL");
        Sql.exec(replica, "SET GLOBAL read_only = 1");
        // The old primary's own writes are in its binlog, not in gtid_slave_pos: MASTER_DEMOTE_TO_SLAVE
        // folds them in, so it asks the new primary for what comes after them.
        Sql.exec(replica, "CHANGE MASTER TO MASTER_HOST = " + Sql.quote(newPrimary.host())
                + ", MASTER_PORT = " + newPrimary.port()
                + ", MASTER_USER = " + Sql.quote(newPrimary.user())
                + ", MASTER_PASSWORD = " + Sql.quote(password)
                + ", MASTER_CONNECT_RETRY = 1, MASTER_USE_GTID = slave_pos"
                + (demote ? ", MASTER_DEMOTE_TO_SLAVE = 1" : ""));
        Sql.exec(replica, "START SLAVE");
    }
}
