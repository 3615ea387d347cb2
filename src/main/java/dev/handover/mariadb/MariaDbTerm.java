package dev.handover.mariadb;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The fencing term MariaDB lacks, kept in a replicated table: one row {@code handover.term(id=1,
 * term, primary_id)} written on the new primary at each commit, so every replica receives it through
 * the ordinary binlog. A commit proceeds only when the target and the old primary both still hold the
 * term the run was planned under; a stale run (planned before another handover) finds a higher term
 * and is refused before it changes anything. A node holding a lower term than the cluster's highest
 * is a deposed primary: status shows its term, so the ranking never prefers it.
 */
final class MariaDbTerm {
    static final String TABLE = "handover.term";

    private MariaDbTerm() {
    }

    /** The term a node holds, 0 before any handover (no table yet). */
    static long read(Connection c) throws SQLException {
        // Asked first rather than caught: the driver logs every failed statement.
        if (Sql.number(c, "SELECT COUNT(*) FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = 'handover' AND TABLE_NAME = 'term'") == 0) {
            return 0;
        }
        return Sql.number(c, "SELECT term FROM " + TABLE + " WHERE id = 1");
    }

    /** Written on the new primary, as its first transaction: replicas learn the term from the binlog. */
    static void write(Connection c, long term, String primaryId) throws SQLException {
        Sql.exec(c, "CREATE DATABASE IF NOT EXISTS handover");
        Sql.exec(c, "CREATE TABLE IF NOT EXISTS " + TABLE
                + " (id TINYINT PRIMARY KEY, term BIGINT NOT NULL, primary_id VARCHAR(64) NOT NULL) ENGINE=InnoDB");
        Sql.exec(c, "REPLACE INTO " + TABLE + " (id, term, primary_id) VALUES (1, " + term + ", "
                + Sql.quote(primaryId) + ")");
    }
}
