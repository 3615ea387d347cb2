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

    /** IO and SQL threads running, source port {@code primary}'s. */
    public static boolean streamingFrom(MariaDbLoopback c, MariaDbLoopback.Node replica, MariaDbLoopback.Node primary) {
        try (Connection conn = c.admin(replica); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SHOW ALL SLAVES STATUS")) {
            return rs.next() && "Yes".equals(rs.getString("Slave_IO_Running"))
                    && "Yes".equals(rs.getString("Slave_SQL_Running")) && rs.getInt("Master_Port") == primary.port();
        } catch (SQLException e) {
            return false;
        }
    }

    /** The app table exists on {@code n} (created on the primary, applied here). */
    public static boolean holdsTable(MariaDbLoopback c, MariaDbLoopback.Node n) {
        try (Connection conn = c.admin(n); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables"
                     + " WHERE table_schema = 'app' AND table_name = 'acked'")) {
            return rs.next() && rs.getInt(1) == 1;
        } catch (SQLException e) {
            return false;
        }
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
