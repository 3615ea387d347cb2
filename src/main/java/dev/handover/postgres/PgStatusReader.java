package dev.handover.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The status queries: one round trip for the node itself, one for a primary's pg_stat_replication. */
final class PgStatusReader {
    private PgStatusReader() {
    }

    // The CASEs keep primary-only functions from being called on a standby, where they raise errors.
    private static final String NODE_SQL = """
            SELECT pg_is_in_recovery(),
              CASE WHEN pg_is_in_recovery() THEN NULL ELSE (pg_current_wal_lsn() - '0/0')::bigint END,
              CASE WHEN pg_is_in_recovery() THEN NULL ELSE (pg_current_wal_flush_lsn() - '0/0')::bigint END,
              CASE WHEN pg_is_in_recovery() THEN NULL
                   ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::bigint END,
              (pg_last_wal_receive_lsn() - '0/0')::bigint,
              (pg_last_wal_replay_lsn() - '0/0')::bigint,
              (SELECT timeline_id FROM pg_control_checkpoint()),
              r.received_tli, r.status, r.sender_host || ':' || r.sender_port,
              coalesce((SELECT setting FROM pg_file_settings WHERE name = 'default_transaction_read_only'
                        AND sourcefile LIKE '%postgresql.auto.conf' ORDER BY seqno DESC LIMIT 1), 'off')
                IN ('on', 'true', 'yes', '1'),
              extract(epoch FROM clock_timestamp() - r.last_msg_receipt_time)::float8, r.pid,
              CASE WHEN pg_is_in_recovery() THEN pg_get_wal_replay_pause_state() END,
              (SELECT setting::int FROM pg_settings WHERE name = 'wal_receiver_status_interval'),
              (SELECT setting::int FROM pg_settings WHERE name = 'wal_receiver_timeout')
            FROM (SELECT 1) AS one LEFT JOIN pg_stat_wal_receiver r ON true
            """;

    // reply_time is the standby's clock at sending, so its age here also holds any clock skew between the two hosts.
    private static final String REPLICATION_SQL = """
            SELECT application_name, coalesce(extract(epoch FROM replay_lag), 0), sync_state,
              extract(epoch FROM clock_timestamp() - reply_time)::float8
            FROM pg_stat_replication
            """;

    static PgNodeStatus readNode(PgNodeDefinition node, Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(NODE_SQL)) {
            rs.next();
            boolean inRecovery = rs.getBoolean(1);
            if (!inRecovery) {
                long wal = rs.getLong(2);
                return new PgNodeStatus(node, Optional.empty(), false, rs.getLong(4), wal, rs.getLong(3), wal,
                        rs.getBoolean(11), Optional.empty(), Optional.empty(), 0, Duration.ZERO, Optional.empty(),
                        PgNodeStatus.Standby.NONE);
            }
            long received = nullable(rs, 5).orElse(0L);
            long replayed = nullable(rs, 6).orElse(0L);
            // Received WAL is flushed to disk; replayed WAL came from disk too, so the larger one is durable.
            long durable = Math.max(received, replayed);
            long tli = nullable(rs, 8).orElse(rs.getLong(7));
            Optional<Duration> messageAge = seconds(rs, 12);
            Optional<Integer> pid = nullable(rs, 13).map(Long::intValue);
            String pause = Optional.ofNullable(rs.getString(14)).orElse("not paused");
            PgNodeStatus.Standby standby = new PgNodeStatus.Standby(pid, messageAge, Optional.empty(),
                    !pause.equals("not paused"), Math.max(0, received - replayed),
                    Duration.ofSeconds(rs.getInt(15)), Duration.ofMillis(rs.getInt(16)));
            return new PgNodeStatus(node, Optional.empty(), true, tli, durable, durable, replayed, rs.getBoolean(11),
                    Optional.ofNullable(rs.getString(10)), Optional.ofNullable(rs.getString(9)), 0, Duration.ZERO,
                    Optional.empty(), standby);
        }
    }

    /**
     * A primary's view of its standbys, keyed by {@code application_name} (Handover sets it to the node id), and its
     * WAL position read after them: every standby read before this call has received at most that much, so a standby
     * past it holds WAL this primary never wrote.
     */
    static ReplicationView readReplication(Connection c) throws SQLException {
        Map<String, Replication> out = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(REPLICATION_SQL)) {
            while (rs.next()) {
                Duration lag = Duration.ofNanos((long) (rs.getDouble(2) * 1e9));
                out.put(rs.getString(1), new Replication(lag, rs.getString(3), seconds(rs, 4)));
            }
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT pg_is_in_recovery(), (pg_current_wal_lsn() - '0/0')::bigint,"
                        + " (pg_current_wal_flush_lsn() - '0/0')::bigint")) {
            rs.next();
            if (rs.getBoolean(1)) {
                throw new SQLException("the primary went into recovery between two reads");
            }
            return new ReplicationView(out, rs.getLong(2), rs.getLong(3));
        }
    }

    private static Optional<Duration> seconds(ResultSet rs, int col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofNanos((long) (Math.max(0, v) * 1e9)));
    }

    /** The durable frontier of a standby: received-and-flushed or replayed, whichever is larger. */
    static long durableLsn(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT pg_is_in_recovery(), greatest(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) - '0/0'")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new SQLException("the target is no longer in recovery (it was promoted outside this run)");
            }
            return rs.getLong(2);
        }
    }

    private static Optional<Long> nullable(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }

    /** @param replyAge how long ago the standby's last reply (sent at least every wal_receiver_status_interval) left it */
    record Replication(Duration replayLag, String syncState, Optional<Duration> replyAge) {
    }

    /** The primary's standbys, and its WAL (and flushed) position read after every node's own read. */
    record ReplicationView(Map<String, Replication> standbys, long walLsnAfter, long flushLsnAfter) {
    }
}
