package dev.handover.mariadb.harness;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/** Reads back what a node really does: whom it replicates from, which acked rows it holds. */
public final class ClusterCheck {
    private ClusterCheck() {
    }

    /** A replica's replication as SHOW ALL SLAVES STATUS reports it; what a wait on it says it last saw. */
    public record Replication(String node, String io, String sql, int sourcePort, String lastError) {
        public boolean streamingFrom(int port) {
            return "Yes".equals(io) && "Yes".equals(sql) && sourcePort == port;
        }

        @Override
        public String toString() {
            return node + ": IO " + io + ", SQL " + sql + ", source port " + sourcePort
                    + (lastError == null || lastError.isEmpty() ? "" : ", last error " + lastError);
        }
    }

    /** {@code replica}'s replication now; "none" threads when no source is configured or the node does not answer. */
    public static Replication replication(MariaDbLoopback c, MariaDbLoopback.Node replica) {
        try (Connection conn = c.admin(replica); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SHOW ALL SLAVES STATUS")) {
            if (!rs.next()) {
                return new Replication(replica.id(), "none", "none", 0, "no source configured");
            }
            String error = String.join(" ", rs.getString("Last_IO_Error"), rs.getString("Last_SQL_Error")).strip();
            return new Replication(replica.id(), rs.getString("Slave_IO_Running"), rs.getString("Slave_SQL_Running"),
                    rs.getInt("Master_Port"), error);
        } catch (SQLException e) {
            return new Replication(replica.id(), "unknown", "unknown", 0, "no answer: " + e.getMessage());
        }
    }

    /** IO and SQL threads running, source port {@code primary}'s. */
    public static boolean streamingFrom(MariaDbLoopback c, MariaDbLoopback.Node replica, MariaDbLoopback.Node primary) {
        return replication(c, replica).streamingFrom(primary.port());
    }

    /** Whether the app table exists on {@code n} (created on the primary, applied here), as words for a wait. */
    public static String table(MariaDbLoopback c, MariaDbLoopback.Node n) {
        try (Connection conn = c.admin(n); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables"
                     + " WHERE table_schema = 'app' AND table_name = 'acked'")) {
            return n.id() + (rs.next() && rs.getInt(1) == 1 ? " holds it" : " lacks it");
        } catch (SQLException e) {
            return n.id() + " no answer: " + e.getMessage();
        }
    }

    /** The app table exists on {@code n}. */
    public static boolean holdsTable(MariaDbLoopback c, MariaDbLoopback.Node n) {
        return table(c, n).endsWith(" holds it");
    }

    public static boolean writable(MariaDbLoopback c, MariaDbLoopback.Node n) {
        try (Connection conn = c.admin(n); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@global.read_only")) {
            return rs.next() && rs.getInt(1) == 0;
        } catch (SQLException e) {
            return false;
        }
    }

    public static Set<Long> ids(MariaDbLoopback c, MariaDbLoopback.Node n) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (Connection conn = c.admin(n); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM " + MariaDbLoopback.TABLE)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    public static long seq(MariaDbLoopback c, MariaDbLoopback.Node n, String variable) throws SQLException {
        try (Connection conn = c.admin(n); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@global." + variable)) {
            rs.next();
            String v = rs.getString(1);
            return v == null || v.isEmpty() ? 0 : Long.parseLong(v.substring(v.lastIndexOf('-') + 1));
        }
    }
}
