package dev.handover.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** One-value queries and literal quoting, shared by the room's SQL. */
final class Sql {
    private Sql() {
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    static String string(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            String v = rs.getString(1);
            return v == null ? "" : v;
        }
    }

    static boolean bool(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    static long longValue(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
