package dev.handover.postgres;

import dev.handover.cluster.PlanProbes;
import dev.handover.cluster.PreflightCheck;
import dev.handover.postgres.bouncer.BouncerFleet;
import dev.handover.core.FailoverRequest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL's probes before a switchover, read-only, each a check a DBA would make by hand first: is another
 * HA manager in charge (two managers fighting is the worst outcome), would the old primary's restart break a
 * base backup or end long transactions, can a forced handover's old primary be rewound, what replication
 * slots and synchronous settings the run meets.
 */
final class PgProbes implements PlanProbes {
    static final String HA_MANAGER = "No other HA manager";
    static final String BASE_BACKUP = "No base backup running";
    static final String OPEN_TRANSACTIONS = "Open transactions";
    static final String PREPARED = "Prepared transactions";
    static final String REWIND = "Old primary rewindable";
    static final String SLOTS = "Replication slots";
    static final String SYNC = "Synchronous standbys";
    /** A transaction open longer than this is named: the old primary's restart ends it. */
    static final Duration LONG_TRANSACTION = Duration.ofSeconds(5);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private final PgClusterDefinition definition;
    private final PgConnector connector;

    PgProbes(PgClusterDefinition definition, PgConnector connector) {
        this.definition = definition;
        this.connector = connector;
    }

    @Override
    public List<PreflightCheck> everyRun(FailoverRequest request) {
        return new PgLocalChecks(definition, connector).check();
    }

    @Override
    public List<PreflightCheck> probe(FailoverRequest request) {
        List<PreflightCheck> out = new ArrayList<>(new PgLocalChecks(definition, connector).check());
        out.add(haManagers());
        out.add(baseBackups());
        PgNodeDefinition primary = definition.node(request.oldPrimary().id()).orElseThrow();
        try (Connection c = connector.open(primary, PROBE_TIMEOUT)) {
            out.add(openTransactions(c, primary.id()));
            out.add(prepared(c, primary.id()));
            out.add(rewindable(c, primary.id(), request.mode().isForce()));
            out.add(slots(c, primary.id()));
            out.add(sync(c, primary.id()));
        } catch (SQLException e) {
            out.add(PreflightCheck.fail(OPEN_TRANSACTIONS, "the primary " + primary.id() + " could not be probed: " + e.getMessage()));
        }
        if (!definition.bouncers().isEmpty()) {
            out.add(new BouncerFleet(definition.bouncers(), connector.env()).probe(primary.id(), request.target().id(),
                    definition::nodeAt));
        }
        return out;
    }

    /** Patroni, repmgr and pg_auto_failover all keep sessions (and repmgr, pg_auto_failover an extension) on the nodes. */
    private PreflightCheck haManagers() {
        List<String> seen = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        for (PgNodeDefinition n : definition.nodes()) {
            try (Connection c = connector.open(n, PROBE_TIMEOUT)) {
                for (List<String> r : rows(c, "SELECT application_name, usename, coalesce(host(client_addr), 'local')"
                        + " FROM pg_stat_activity WHERE application_name ILIKE 'patroni%' OR application_name ILIKE 'repmgr%'"
                        + " OR application_name ILIKE 'pg_autoctl%' OR usename = 'pgautofailover_monitor'")) {
                    seen.add(managerName(r.get(0), r.get(1)) + " (session \"" + r.get(0) + "\" of " + r.get(1) + " from " + r.get(2)
                            + " on " + n.id() + ")");
                }
                for (List<String> r : rows(c, "SELECT extname FROM pg_extension WHERE extname IN ('repmgr', 'pgautofailover')")) {
                    seen.add(managerName(r.get(0), "") + " (extension " + r.get(0) + " installed on " + n.id() + ")");
                }
            } catch (SQLException e) {
                unread.add(n.id());
            }
        }
        if (!seen.isEmpty()) {
            return PreflightCheck.fail(HA_MANAGER, "another HA manager is in charge: " + String.join("; ", seen)
                    + ". Two managers fighting over one cluster is the worst outcome: switch over with it, or hand the"
                    + " cluster to Handover first (e.g. patronictl pause, stop repmgrd)");
        }
        String read = unread.isEmpty() ? "" : " (" + String.join(", ", unread) + " could not be read)";
        return unread.isEmpty() ? PreflightCheck.pass(HA_MANAGER, "no Patroni, repmgr or pg_auto_failover session or extension on any node")
                : PreflightCheck.warn(HA_MANAGER, "none seen on the nodes that answered" + read);
    }

    private static String managerName(String applicationOrExtension, String user) {
        String a = applicationOrExtension.toLowerCase(java.util.Locale.ROOT);
        return a.startsWith("patroni") ? "Patroni" : a.startsWith("repmgr") ? "repmgr"
                : a.startsWith("pg_autoctl") || a.startsWith("pgautofailover") || user.startsWith("pgautofailover")
                ? "pg_auto_failover" : applicationOrExtension;
    }

    /** A base backup streams from a node the switchover restarts (the old primary) or promotes: it would break. */
    private PreflightCheck baseBackups() {
        List<String> running = new ArrayList<>();
        for (PgNodeDefinition n : definition.nodes()) {
            try (Connection c = connector.open(n, PROBE_TIMEOUT)) {
                for (List<String> r : rows(c, "SELECT pid::text, phase FROM pg_stat_progress_basebackup")) {
                    running.add(n.id() + " (pid " + r.get(0) + ", " + r.get(1) + ")");
                }
            } catch (SQLException e) {
                // named by the HA-manager probe's reading of the same node
            }
        }
        return running.isEmpty() ? PreflightCheck.pass(BASE_BACKUP, "no pg_basebackup streams from any node")
                : PreflightCheck.fail(BASE_BACKUP, "a base backup is streaming from " + String.join(", ", running)
                + ": the old primary's restart would break it; wait for it to finish");
    }

    private static PreflightCheck openTransactions(Connection c, String primary) throws SQLException {
        List<List<String>> old = rows(c, "SELECT pid::text, usename, coalesce(application_name, ''),"
                + " coalesce(host(client_addr), 'local'), extract(epoch FROM now() - xact_start)::bigint::text"
                + " FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                + " AND xact_start < now() - interval '" + LONG_TRANSACTION.toSeconds() + " seconds' ORDER BY xact_start LIMIT 5");
        long sessions = Long.parseLong(rows(c, "SELECT count(*)::text FROM pg_stat_activity WHERE backend_type = 'client backend'"
                + " AND pid <> pg_backend_pid()").get(0).get(0));
        if (old.isEmpty()) {
            return PreflightCheck.pass(OPEN_TRANSACTIONS, "none older than " + LONG_TRANSACTION.toSeconds() + "s on " + primary + "; its "
                    + sessions + " client session(s) end when it restarts as a standby, and reconnect to the new primary");
        }
        return PreflightCheck.warn(OPEN_TRANSACTIONS, "the freeze and the restart of " + primary + " end these: " + String.join("; ",
                old.stream().map(r -> "pid " + r.get(0) + " of " + r.get(1) + (r.get(2).isEmpty() ? "" : " (" + r.get(2) + ")")
                        + " from " + r.get(3) + ", open " + r.get(4) + "s").toList()));
    }

    private static PreflightCheck prepared(Connection c, String primary) throws SQLException {
        List<List<String>> xacts = rows(c, "SELECT gid, owner, database, extract(epoch FROM now() - prepared)::bigint::text"
                + " FROM pg_prepared_xacts ORDER BY prepared LIMIT 5");
        return xacts.isEmpty() ? PreflightCheck.pass(PREPARED, "none on " + primary)
                : PreflightCheck.warn(PREPARED, "they move to the new primary with the WAL and stay open there, holding their"
                + " locks: " + String.join("; ", xacts.stream().map(r -> "'" + r.get(0) + "' of " + r.get(1) + " in " + r.get(2)
                + ", " + r.get(3) + "s old").toList()));
    }

    /** pg_rewind needs data checksums or wal_log_hints: without, a forced handover's old primary must be rebuilt. */
    private static PreflightCheck rewindable(Connection c, String primary, boolean force) throws SQLException {
        boolean checksums = "on".equals(setting(c, "data_checksums"));
        boolean hints = "on".equals(setting(c, "wal_log_hints"));
        if (checksums || hints) {
            return PreflightCheck.pass(REWIND, (checksums ? "data checksums" : "wal_log_hints") + " on " + primary
                    + ": after a forced handover pg_rewind can bring it back");
        }
        String why = "neither data checksums nor wal_log_hints on " + primary + ": after a forced handover it cannot be"
                + " pg_rewound and must be rebuilt (pg_basebackup)";
        return force ? PreflightCheck.warn(REWIND, why) : PreflightCheck.pass(REWIND, why + "; a coordinated run does not need it");
    }

    private static PreflightCheck slots(Connection c, String primary) throws SQLException {
        List<List<String>> slots = rows(c, "SELECT slot_name, active::text, coalesce(pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(),"
                + " restart_lsn)), 'no WAL held') FROM pg_replication_slots WHERE slot_type = 'physical' ORDER BY slot_name");
        List<String> logical = rows(c, "SELECT slot_name FROM pg_replication_slots WHERE slot_type = 'logical' ORDER BY slot_name")
                .stream().map(r -> r.get(0)).toList();
        if (!logical.isEmpty()) {
            return PreflightCheck.warn(SLOTS, "logical slots on " + primary + " (" + String.join(", ", logical) + ") do not move to"
                    + " the new primary: their consumers stop at the switchover and must be set up there");
        }
        if (slots.isEmpty()) {
            return PreflightCheck.pass(SLOTS, "no replication slots on " + primary);
        }
        List<String> inactive = slots.stream().filter(r -> !"true".equals(r.get(1))).map(r -> r.get(0) + " (holds " + r.get(2) + ")").toList();
        String all = String.join(", ", slots.stream().map(r -> r.get(0) + ("true".equals(r.get(1)) ? "" : " inactive")).toList());
        return inactive.isEmpty() ? PreflightCheck.pass(SLOTS, primary + " holds " + all + "; the run keeps a slot for each standby"
                + " on the new primary") : PreflightCheck.warn(SLOTS, primary + " holds " + all + "; inactive slots retain WAL: "
                + String.join(", ", inactive));
    }

    private static PreflightCheck sync(Connection c, String primary) throws SQLException {
        String names = setting(c, "synchronous_standby_names");
        return names.isBlank() ? PreflightCheck.pass(SYNC, "asynchronous replication on " + primary)
                : PreflightCheck.pass(SYNC, "synchronous_standby_names = '" + names + "' on " + primary
                + "; commits wait for a standby again once one follows the new primary");
    }

    private static String setting(Connection c, String name) throws SQLException {
        return rows(c, "SELECT current_setting('" + name + "')").get(0).get(0);
    }

    private static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(Optional.ofNullable(rs.getString(i)).orElse(""));
                }
                out.add(row);
            }
        }
        return out;
    }
}
