package dev.handover.postgres;

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
        checks.add(retry(deadline, () -> synchronousStandby(primary)));
        Set<String> topologySlots = topologySlots();
        for (PgNodeDefinition n : definition.nodes()) {
            checks.add(retry(deadline, () -> slots(n, topologySlots, newPrimaryId)));
        }
        for (PgNodeDefinition n : definition.nodes()) {
            if (!n.id().equals(newPrimaryId)) {
                checks.add(notFrozen(n));
            }
        }
        return new PgVerification(checks);
    }

    /** On a cluster with synchronous_standby_names, the new primary has a synchronous standby: otherwise its commits wait. */
    private PgVerification.Check synchronousStandby(PgNodeDefinition p) {
        try (Connection c = connector.open(p, SOCKET_TIMEOUT); Statement st = c.createStatement()) {
            SyncStandbyNames names = SyncStandbyNames.parse(Sql.string(st, "SHOW synchronous_standby_names"));
            if (!names.synchronous()) {
                return new PgVerification.Check(p.id() + " replicates asynchronously (synchronous_standby_names is empty)", true, "");
            }
            String what = p.id() + " has a synchronous standby for '" + names.format() + "'";
            List<String> sync = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT application_name || ' (' || sync_state || ')' FROM pg_stat_replication "
                    + "WHERE sync_state IN ('sync', 'quorum') ORDER BY 1")) {
                while (rs.next()) {
                    sync.add(rs.getString(1));
                }
            }
            return new PgVerification.Check(what, !sync.isEmpty(), sync.isEmpty() ? "none yet: commits on " + p.id() + " wait"
                    : String.join(", ", sync));
        } catch (SQLException e) {
            return new PgVerification.Check(p.id() + " has a synchronous standby if it needs one", false, e.getMessage());
        }
    }

    /**
     * No slot of the topology lies inactive on {@code n} (it would hold back WAL removal there without
     * end); inactive slots that are not the topology's are not Handover's: they pass, and are named.
     */
    private PgVerification.Check slots(PgNodeDefinition n, Set<String> topology, String newPrimaryId) {
        String what = "no inactive replication slot of the topology on " + n.id();
        try (Connection c = connector.open(n, SOCKET_TIMEOUT); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT slot_name FROM pg_replication_slots WHERE slot_type = 'physical' "
                     + "AND NOT active ORDER BY 1")) {
            List<String> ours = new ArrayList<>();
            List<String> foreign = new ArrayList<>();
            while (rs.next()) {
                (topology.contains(rs.getString(1)) ? ours : foreign).add(rs.getString(1));
            }
            String note = foreign.isEmpty() ? "" : "NOTE: inactive slot(s) " + String.join(", ", foreign)
                    + " not created for a standby, left alone; they hold back WAL on " + n.id();
            if (!ours.isEmpty()) {
                // On a standby a reconnecting walreceiver can still take its slot; on a fenced old primary nothing will.
                boolean fenced = !n.id().equals(newPrimaryId) && !Sql.bool(st, "SELECT pg_is_in_recovery()");
                return new PgVerification.Check(what, false, "inactive: " + String.join(", ", ours)
                        + (note.isEmpty() ? "" : "; " + note), fenced);
            }
            return new PgVerification.Check(what, true, note);
        } catch (SQLException e) {
            return new PgVerification.Check(what, false, e.getMessage());
        }
    }

    /** A node left with a Handover freeze in postgresql.auto.conf would come up read-only if it were ever promoted. */
    private PgVerification.Check notFrozen(PgNodeDefinition n) {
        String what = n.id() + " holds no write freeze";
        try (Connection c = connector.open(n, SOCKET_TIMEOUT)) {
            boolean frozen = PgFreeze.isFrozen(c);
            return new PgVerification.Check(what, !frozen, frozen ? "default_transaction_read_only = on in postgresql.auto.conf" : "");
        } catch (SQLException e) {
            return new PgVerification.Check(what, false, e.getMessage());
        }
    }

    /** Every slot name a member streams through (its primary_slot_name), and the name Handover gives a node without one. */
    private Set<String> topologySlots() {
        Set<String> out = new HashSet<>();
        for (PgNodeDefinition n : definition.nodes()) {
            out.add(PgPlan.slotName(n.id()));
            try (Connection c = connector.open(n, SOCKET_TIMEOUT); Statement st = c.createStatement()) {
                String slot = Sql.string(st, "SHOW primary_slot_name");
                if (!slot.isBlank()) {
                    out.add(slot);
                }
            } catch (SQLException e) {
                // that node's own check says it cannot be reached
            }
        }
        return out;
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
             ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), r.status, r.sender_port, r.received_tli, r.slot_name "
                     + "FROM (SELECT 1) AS one LEFT JOIN pg_stat_wal_receiver r ON true")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return new PgVerification.Check(what, false, "not in recovery: it is a primary", true);
            }
            String status = rs.getString(2);
            int port = rs.getInt(3);
            long tli = rs.getLong(4);
            boolean ok = "streaming".equals(status) && port == primary.port() && tli == term;
            String slot = rs.getString(5);
            return new PgVerification.Check(what, ok, "walreceiver " + (status == null ? "not running" : status)
                    + (status == null ? "" : ", sender port " + port + ", timeline " + tli
                    + (slot == null || slot.isEmpty() ? "" : ", slot " + slot)));
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
