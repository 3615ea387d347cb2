package dev.handover.postgres.harness;

import dev.handover.testing.Await;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Looks at a loopback cluster itself, through ordinary SQL sessions, never through Handover: who is
 * writable, who streams from whom on which timeline, inactive slots anywhere, a synchronous standby.
 * A test asserts on this, so that a report that claims more than the cluster shows is caught.
 */
public final class ClusterCheck {
    private ClusterCheck() {
    }

    /** What was seen; {@code problems} is empty when the topology is healthy around {@code primary}. */
    public record Seen(String primary, long timeline, List<String> problems) {
        public boolean healthy() {
            return problems.isEmpty();
        }
    }

    /**
     * Waits (bounded) until the cluster is healthy with {@code expectedPrimary} writable and every
     * other node streaming from it, then returns what it saw; returns the last sighting on timeout.
     */
    public static Seen awaitHealthy(LoopbackCluster cluster, String expectedPrimary, Duration timeout) {
        return Await.upTo(timeout, Duration.ofMillis(50), () -> look(cluster, expectedPrimary), Seen::healthy).last();
    }

    public static Seen look(LoopbackCluster cluster, String expectedPrimary) {
        List<String> problems = new ArrayList<>();
        LoopbackCluster.Node primary = cluster.node(expectedPrimary);
        long timeline = -1;
        boolean sync = cluster.shape().syncStandbys().isPresent();
        try (Connection c = cluster.connect(expectedPrimary); Statement st = c.createStatement()) {
            if (bool(st, "SELECT pg_is_in_recovery()")) {
                problems.add(expectedPrimary + " is in recovery, not the primary");
            } else {
                timeline = longValue(st, "SELECT timeline_id FROM pg_control_checkpoint()");
                timeline = Math.max(timeline, longValue(st,
                        "SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::bigint"));
                if (bool(st, "SELECT current_setting('default_transaction_read_only')::bool")) {
                    problems.add(expectedPrimary + " has default_transaction_read_only = on (frozen)");
                }
                Set<String> streaming = new HashSet<>();
                boolean haveSync = false;
                try (ResultSet rs = st.executeQuery("SELECT application_name, state, sync_state FROM pg_stat_replication")) {
                    while (rs.next()) {
                        if ("streaming".equals(rs.getString(2))) {
                            streaming.add(rs.getString(1));
                        }
                        haveSync |= List.of("sync", "quorum").contains(rs.getString(3));
                    }
                }
                for (LoopbackCluster.Node n : cluster.nodes()) {
                    if (!n.id().equals(expectedPrimary) && !streaming.contains(n.id())) {
                        problems.add(expectedPrimary + "'s pg_stat_replication shows no streaming " + n.id() + " (it has " + streaming + ")");
                    }
                }
                if (sync && !haveSync) {
                    problems.add(expectedPrimary + " has no synchronous standby in pg_stat_replication");
                }
            }
            problems.addAll(inactiveSlots(st, expectedPrimary));
        } catch (SQLException e) {
            problems.add(expectedPrimary + " cannot be reached: " + e.getMessage());
        }
        for (LoopbackCluster.Node n : cluster.nodes()) {
            if (n.id().equals(expectedPrimary)) {
                continue;
            }
            try (Connection c = cluster.connect(n.id()); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), r.status, r.sender_port, r.received_tli "
                         + "FROM (SELECT 1) AS one LEFT JOIN pg_stat_wal_receiver r ON true")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    problems.add(n.id() + " is not in recovery: a second primary");
                } else if (!"streaming".equals(rs.getString(2)) || rs.getInt(3) != primary.port() || rs.getLong(4) != timeline) {
                    problems.add(n.id() + " does not stream from " + expectedPrimary + " on timeline " + timeline + " (walreceiver "
                            + rs.getString(2) + ", sender port " + rs.getInt(3) + ", timeline " + rs.getLong(4) + ")");
                }
                problems.addAll(inactiveSlots(st, n.id()));
            } catch (SQLException e) {
                problems.add(n.id() + " cannot be reached: " + e.getMessage());
            }
        }
        return new Seen(expectedPrimary, timeline, problems);
    }

    /** Waits until every standby has replayed all the primary's WAL, then returns the ids of {@code table} on each node. */
    public static List<Set<Long>> rowsEverywhere(LoopbackCluster cluster, String primaryId, Duration timeout) throws SQLException {
        long target;
        try (Connection c = cluster.connect(primaryId); Statement st = c.createStatement()) {
            target = longValue(st, "SELECT (pg_current_wal_lsn() - '0/0')::bigint");
        }
        for (LoopbackCluster.Node n : cluster.nodes()) {
            if (!n.id().equals(primaryId)) {
                Await.until(n.id() + " replaying up to the primary's WAL end " + target + " (its replay LSN)", timeout, () -> {
                    try (Connection c = cluster.connect(n.id()); Statement st = c.createStatement()) {
                        return longValue(st, "SELECT (pg_last_wal_replay_lsn() - '0/0')::bigint");
                    }
                }, replayed -> replayed >= target);
            }
        }
        List<Set<Long>> out = new ArrayList<>();
        for (LoopbackCluster.Node n : cluster.nodes()) {
            Set<Long> ids = new HashSet<>();
            try (Connection c = cluster.connect(n.id()); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM " + LoopbackCluster.TABLE)) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            out.add(ids);
        }
        return out;
    }

    private static List<String> inactiveSlots(Statement st, String node) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT slot_name, slot_type FROM pg_replication_slots WHERE NOT active")) {
            while (rs.next()) {
                out.add(node + " holds inactive " + rs.getString(2) + " slot " + rs.getString(1));
            }
        }
        return out;
    }

    private static boolean bool(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static long longValue(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
