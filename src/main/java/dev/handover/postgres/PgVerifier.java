package dev.handover.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies a handover from the nodes' own words. Standbys may take a moment to reconnect and follow
 * the timeline switch, so each check is retried until it holds or {@code waitUpTo} has passed.
 */
final class PgVerifier {
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    private final PgClusterDefinition definition;
    private final PgConnector connector;

    PgVerifier(PgClusterDefinition definition, PgConnector connector) {
        this.definition = definition;
        this.connector = connector;
    }

    PgVerification verify(String newPrimaryId, long newTerm, Duration waitUpTo) {
        long deadline = System.nanoTime() + waitUpTo.toNanos();
        PgNodeDefinition primary = definition.node(newPrimaryId).orElseThrow(
                () -> new IllegalArgumentException("unknown node " + newPrimaryId));
        List<PgVerification.Check> checks = new ArrayList<>();
        checks.add(retry(deadline, () -> writable(primary, newTerm)));
        for (PgNodeDefinition n : definition.nodes()) {
            if (!n.id().equals(newPrimaryId)) {
                checks.add(retry(deadline, () -> streaming(n, primary, newTerm)));
            }
        }
        return new PgVerification(checks);
    }

    private PgVerification.Check writable(PgNodeDefinition p, long term) {
        String what = p.id() + " is primary and writable on timeline " + term;
        try (Connection c = connector.open(p, SOCKET_TIMEOUT); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return new PgVerification.Check(what, false, "still in recovery");
                }
            }
            long tli = PgCommit.primaryTimeline(c);
            if (PgFreeze.isFrozen(c)) {
                return new PgVerification.Check(what, false, "default_transaction_read_only = on in postgresql.auto.conf");
            }
            // Assigning a transaction id fails on anything that cannot write; the rollback leaves no trace.
            c.setAutoCommit(false);
            st.execute("SET TRANSACTION READ WRITE");
            st.execute("SELECT txid_current()");
            c.rollback();
            return new PgVerification.Check(what, tli == term, "timeline " + tli);
        } catch (SQLException e) {
            return new PgVerification.Check(what, false, e.getMessage());
        }
    }

    private PgVerification.Check streaming(PgNodeDefinition n, PgNodeDefinition primary, long term) {
        String what = n.id() + " streams from " + primary.id() + " on timeline " + term;
        try (Connection c = connector.open(n, SOCKET_TIMEOUT); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), r.status, r.sender_port, r.received_tli "
                     + "FROM (SELECT 1) AS one LEFT JOIN pg_stat_wal_receiver r ON true")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return new PgVerification.Check(what, false, "not in recovery: it is a primary", true);
            }
            String status = rs.getString(2);
            int port = rs.getInt(3);
            long tli = rs.getLong(4);
            boolean ok = "streaming".equals(status) && port == primary.port() && tli == term;
            return new PgVerification.Check(what, ok, "walreceiver " + (status == null ? "not running" : status)
                    + (status == null ? "" : ", sender port " + port + ", timeline " + tli));
        } catch (SQLException e) {
            return new PgVerification.Check(what, false, e.getMessage());
        }
    }

    private static PgVerification.Check retry(long deadline, java.util.function.Supplier<PgVerification.Check> check) {
        PgVerification.Check last = check.get();
        while (!last.settled() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
            last = check.get();
        }
        return last;
    }
}
