package dev.handover.mariadb;

import dev.handover.cluster.PlanProbes;
import dev.handover.cluster.PreflightCheck;
import dev.handover.core.FailoverRequest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MariaDB's probes before a switchover, read-only (SELECTs and SHOW only), each what a DBA would check by hand
 * first: what the freeze ({@code FLUSH TABLES WITH READ LOCK}) would wait behind (a running write, not a read) and
 * what the fencing (every client session on the old primary ended) would cut, whether every replica's threads run
 * and replicate by GTID so the re-pointing works, whether the target can serve as a primary (binlog, log_slave_updates), whether the login has
 * the privileges each step needs, and whether another HA manager's sessions are on a node — the last only as far
 * as it can truly be seen: by the user a session logged in as.
 */
final class MariaDbProbes implements PlanProbes {
    static final String HA_MANAGER = "No other HA manager";
    static final String RUNNING_STATEMENTS = "Running statements";
    static final String OPEN_TRANSACTIONS = "Open transactions";
    static final String REPLICATION = "Replication threads";
    static final String GTID = "GTID replication";
    static final String TARGET_BINLOG = "Target binlog";
    static final String PRIVILEGES = "Privileges";
    /** A statement or transaction running longer than this is named. */
    static final Duration LONG = Duration.ofSeconds(5);

    /** Login names the usual managers' documentation creates; a session under one is that manager's, as far as can be seen. */
    private static final Map<String, String> MANAGERS = new LinkedHashMap<>();

    static {
        MANAGERS.put("maxscale", "MaxScale");
        MANAGERS.put("orchestrator", "orchestrator");
        MANAGERS.put("mha", "MHA");
        MANAGERS.put("replication-manager", "replication-manager");
        MANAGERS.put("replication_manager", "replication-manager");
    }

    /** Client sessions, idle ones included: not the server's own threads nor replication's (as the fencing counts them). */
    private static final String CLIENTS = "COMMAND NOT IN ('Binlog Dump', 'Daemon', 'Slave_IO', 'Slave_SQL', 'Slave_worker')"
            + " AND USER NOT IN ('system user', 'event_scheduler')";

    private final MariaDbClusterDefinition definition;
    private final Map<String, MariaDbConnector> connectors;

    MariaDbProbes(MariaDbClusterDefinition definition, Map<String, MariaDbConnector> connectors) {
        this.definition = definition;
        this.connectors = connectors;
    }

    /** What one node answered, or why it could not be read. */
    private record Seen(String id, List<Map<String, String>> sessions, List<Map<String, String>> sources,
                        Map<String, String> vars, Set<String> grants, String login, String error) {
        boolean read() {
            return error == null;
        }
    }

    @Override
    public List<PreflightCheck> probe(FailoverRequest request) {
        String primary = request.oldPrimary().id();
        String target = request.target().id();
        Map<String, Seen> seen = new LinkedHashMap<>();
        for (MariaDbNodeDefinition n : definition.nodes()) {
            seen.put(n.id(), read(n.id()));
        }
        List<PreflightCheck> out = new ArrayList<>();
        out.add(haManagers(seen));
        Seen p = seen.get(primary);
        if (p == null || !p.read()) {
            String why = "the primary " + primary + " could not be probed" + (p == null ? "" : ": " + p.error());
            out.add(PreflightCheck.fail(RUNNING_STATEMENTS, why));
            out.add(PreflightCheck.fail(OPEN_TRANSACTIONS, why));
        } else {
            out.add(runningStatements(p));
            out.add(openTransactions(primary));
        }
        out.add(replication(seen, primary));
        out.add(gtid(seen, primary));
        out.add(targetBinlog(seen.get(target), target));
        out.add(privileges(seen, primary, target));
        return out;
    }

    private Seen read(String id) {
        try (Connection c = connectors.get(id).open()) {
            List<Map<String, String>> sessions = Sql.rows(c, "SELECT ID, USER, HOST, DB, COMMAND, TIME, STATE,"
                    + " LEFT(INFO, 80) AS INFO FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()");
            List<Map<String, String>> sources = Sql.rows(c, "SHOW ALL SLAVES STATUS");
            Map<String, String> vars = Sql.rows(c, "SELECT @@global.gtid_strict_mode AS gtid_strict_mode, @@global.log_bin AS log_bin,"
                    + " @@global.log_slave_updates AS log_slave_updates").get(0);
            String login = Sql.string(c, "SELECT CURRENT_USER()");
            Set<String> grants = new LinkedHashSet<>();
            for (Map<String, String> r : Sql.rows(c, "SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES"
                    + " WHERE GRANTEE = CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''',"
                    + " SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')")) {
                grants.add(normal(r.get("PRIVILEGE_TYPE")));
            }
            return new Seen(id, sessions, sources, vars, grants, login, null);
        } catch (SQLException | RuntimeException e) {
            return new Seen(id, List.of(), List.of(), Map.of(), Set.of(), "", e.getMessage());
        }
    }

    /** MaxScale, orchestrator, MHA, replication-manager: seen only by a session's login name. */
    private static PreflightCheck haManagers(Map<String, Seen> seen) {
        List<String> found = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        for (Seen s : seen.values()) {
            if (!s.read()) {
                unread.add(s.id());
                continue;
            }
            for (Map<String, String> r : s.sessions()) {
                managerOf(nz(r.get("USER"))).ifPresent(m -> found.add(
                        m + " (session " + r.get("ID") + " of " + r.get("USER") + " from " + r.get("HOST") + " on " + s.id() + ")"));
            }
        }
        if (!found.isEmpty()) {
            return PreflightCheck.fail(HA_MANAGER, "another HA manager looks to be in charge: " + String.join("; ", found)
                    + " (matched by login name); switch over with it, or turn its automatic failover off first");
        }
        String how = "no session of a MaxScale, orchestrator, MHA or replication-manager login on any node"
                + " (seen by login name only: a manager logged in under another name is not seen)";
        return unread.isEmpty() ? PreflightCheck.pass(HA_MANAGER, how)
                : PreflightCheck.fail(HA_MANAGER, String.join(", ", unread) + " could not be read; " + how + " on the others");
    }

    /** Statements that only read: the freeze does not wait for them (tried on 10.11: a long SELECT, then the lock at once). */
    private static final Set<String> READS = Set.of("SELECT", "SHOW", "EXPLAIN", "DESCRIBE", "DESC", "DO", "HANDLER", "HELP");

    /**
     * Statements running on the primary for {@link #LONG} or more. One that writes holds the global read lock's
     * intention lock: FLUSH TABLES WITH READ LOCK waits behind it (every writer queued behind the flush) up to the
     * run's 5 s lock wait, then the run aborts — FAIL. A long read is not waited for, but the fencing ends it — WARN.
     */
    private static PreflightCheck runningStatements(Seen p) {
        List<String> writes = new ArrayList<>();
        List<String> reads = new ArrayList<>();
        for (Map<String, String> r : p.sessions()) {
            String command = r.get("COMMAND");
            String user = r.get("USER");
            if (command == null || List.of("Binlog Dump", "Daemon", "Slave_IO", "Slave_SQL", "Slave_worker", "Sleep").contains(command)
                    || "system user".equals(user) || "event_scheduler".equals(user)) {
                continue;
            }
            long secs = parse(r.get("TIME"));
            if (secs < LONG.toSeconds()) {
                continue;
            }
            String info = r.get("INFO") == null ? "" : r.get("INFO").replaceAll("\\s+", " ").strip();
            String said = "session " + r.get("ID") + " of " + user + " from " + r.get("HOST") + " running " + secs + "s: "
                    + (info.isEmpty() ? command : info);
            String verb = info.isEmpty() ? "" : info.split("[\\s(]", 2)[0].toUpperCase(Locale.ROOT);
            (READS.contains(verb) ? reads : writes).add(said);
        }
        if (!writes.isEmpty()) {
            return PreflightCheck.fail(RUNNING_STATEMENTS, writes.size() + " statement(s) writing on " + p.id() + " for "
                    + LONG.toSeconds() + "s or longer: " + String.join("; ", writes.subList(0, Math.min(5, writes.size())))
                    + ". The freeze (FLUSH TABLES WITH READ LOCK) waits behind a running write, every writer queued behind it,"
                    + " up to the run's 5s lock wait, then the run aborts"
                    + (reads.isEmpty() ? "" : "; also " + reads.size() + " long read(s), ended by the fencing"));
        }
        if (!reads.isEmpty()) {
            return PreflightCheck.warn(RUNNING_STATEMENTS, reads.size() + " read(s) running on " + p.id() + " for "
                    + LONG.toSeconds() + "s or longer: " + String.join("; ", reads.subList(0, Math.min(5, reads.size())))
                    + ". The freeze does not wait for a read, but the fencing at the commit ends its session");
        }
        return PreflightCheck.pass(RUNNING_STATEMENTS, "no statement running " + LONG.toSeconds() + "s or longer on " + p.id()
                + " for the freeze (FLUSH TABLES WITH READ LOCK) to wait behind");
    }

    /** Open InnoDB transactions on the primary, with who and how old: the fencing ends their sessions, rolling them back. */
    private PreflightCheck openTransactions(String primary) {
        try (Connection c = connectors.get(primary).open()) {
            List<Map<String, String>> trx = Sql.rows(c, "SELECT t.trx_mysql_thread_id AS ID, p.USER, p.HOST, p.DB,"
                    + " TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) AS AGE, t.trx_rows_modified AS ROWS_MODIFIED"
                    + " FROM information_schema.INNODB_TRX t LEFT JOIN information_schema.PROCESSLIST p"
                    + " ON p.ID = t.trx_mysql_thread_id WHERE t.trx_mysql_thread_id <> CONNECTION_ID()"
                    + " AND t.trx_started < NOW() - INTERVAL " + LONG.toSeconds() + " SECOND ORDER BY t.trx_started");
            long clients = Sql.number(c, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND "
                    + CLIENTS);
            String sessions = clients + " client session(s) on " + primary + " now, each ended by the fencing at the commit";
            if (trx.isEmpty()) {
                return PreflightCheck.pass(OPEN_TRANSACTIONS, "none older than " + LONG.toSeconds() + "s on " + primary + "; "
                        + sessions);
            }
            List<String> named = trx.stream().limit(5).map(r -> "session " + r.get("ID") + " of " + r.get("USER") + " from "
                    + r.get("HOST") + (r.get("DB") == null ? "" : " in " + r.get("DB")) + ", open " + r.get("AGE") + "s, "
                    + r.get("ROWS_MODIFIED") + " row(s) changed").toList();
            return PreflightCheck.warn(OPEN_TRANSACTIONS, trx.size() + " transaction(s) open " + LONG.toSeconds()
                    + "s or longer on " + primary + ": " + String.join("; ", named) + ". The freeze does not wait for an idle"
                    + " transaction, but it is rolled back when its session is ended; " + sessions);
        } catch (SQLException e) {
            return PreflightCheck.fail(OPEN_TRANSACTIONS, "the primary " + primary + " could not be probed: " + e.getMessage());
        }
    }

    /** Every replica's IO and SQL threads running: the run restarts them when it re-points, and checks they stream. */
    private static PreflightCheck replication(Map<String, Seen> seen, String primary) {
        List<String> bad = new ArrayList<>();
        List<String> fine = new ArrayList<>();
        for (Seen s : seen.values()) {
            if (s.id().equals(primary)) {
                continue;
            }
            if (!s.read()) {
                bad.add(s.id() + " could not be read (" + s.error() + ")");
                continue;
            }
            if (s.sources().isEmpty()) {
                bad.add(s.id() + " has no replication source");
                continue;
            }
            Map<String, String> r = s.sources().get(0);
            boolean io = "Yes".equals(r.get("Slave_IO_Running"));
            boolean sql = "Yes".equals(r.get("Slave_SQL_Running"));
            if (io && sql) {
                fine.add(s.id());
                continue;
            }
            String error = (nz(r.get("Last_IO_Error")) + " " + nz(r.get("Last_SQL_Error"))).trim();
            bad.add(s.id() + ": " + (io ? "" : "IO thread stopped") + (io || sql ? "" : ", ") + (sql ? "" : "SQL thread stopped")
                    + (error.isEmpty() ? "" : " (" + error + ")"));
        }
        if (!bad.isEmpty()) {
            return PreflightCheck.fail(REPLICATION, String.join("; ", bad) + ". The run re-points every replica and starts its"
                    + " threads again (a thread stopped on purpose is started; one stopped by an error stops again and the"
                    + " topology is left degraded): mend or detach it first");
        }
        return PreflightCheck.pass(REPLICATION, "IO and SQL threads running on " + String.join(", ", fine));
    }

    /** Replicas on GTID (the run re-points with MASTER_USE_GTID = slave_pos), gtid_strict_mode on every node. */
    private static PreflightCheck gtid(Map<String, Seen> seen, String primary) {
        List<String> fail = new ArrayList<>();
        List<String> warn = new ArrayList<>();
        for (Seen s : seen.values()) {
            if (!s.read()) {
                fail.add(s.id() + " could not be read");
                continue;
            }
            if (!"1".equals(s.vars().get("gtid_strict_mode"))) {
                warn.add("gtid_strict_mode is off on " + s.id() + " (writes lost by a forced run are then estimated, and a"
                        + " diverged node is not refused by replication)");
            }
            if (!s.id().equals(primary) && !s.sources().isEmpty()) {
                String using = nz(s.sources().get(0).get("Using_Gtid"));
                if (using.isEmpty() || using.equalsIgnoreCase("No")) {
                    fail.add(s.id() + " replicates by file and position (Using_Gtid " + (using.isEmpty() ? "unknown" : using)
                            + "): the run re-points it by GTID (slave_pos) from a position it never kept; CHANGE MASTER TO"
                            + " MASTER_USE_GTID = slave_pos first");
                }
            }
        }
        if (!fail.isEmpty()) {
            return PreflightCheck.fail(GTID, String.join("; ", fail) + (warn.isEmpty() ? "" : "; " + String.join("; ", warn)));
        }
        if (!warn.isEmpty()) {
            return PreflightCheck.warn(GTID, String.join("; ", warn));
        }
        return PreflightCheck.pass(GTID, "every replica replicates by GTID; gtid_strict_mode on every node");
    }

    /** The target will be a primary: its binlog must hold what it applied, for the others to follow it by GTID. */
    private static PreflightCheck targetBinlog(Seen t, String target) {
        if (t == null || !t.read()) {
            return PreflightCheck.fail(TARGET_BINLOG, target + " could not be read" + (t == null ? "" : ": " + t.error()));
        }
        List<String> off = new ArrayList<>();
        if (!"1".equals(t.vars().get("log_bin"))) {
            off.add("log_bin is off (nothing could replicate from it)");
        }
        if (!"1".equals(t.vars().get("log_slave_updates"))) {
            off.add("log_slave_updates is off (its binlog lacks what it replicated: the others, re-pointed by GTID, would ask"
                    + " it for transactions it does not have)");
        }
        return off.isEmpty() ? PreflightCheck.pass(TARGET_BINLOG, target + " writes a binlog with what it replicates"
                + " (log_bin, log_slave_updates): the others can follow it")
                : PreflightCheck.fail(TARGET_BINLOG, target + ": " + String.join("; ", off));
    }

    /**
     * The login's global grants for what the run does on each node: the freeze (RELOAD), read_only (READ_ONLY ADMIN or
     * SUPER), ending the old primary's sessions (CONNECTION ADMIN or SUPER), re-pointing (REPLICATION SLAVE ADMIN or
     * SUPER), and on the target REPLICATION SLAVE, since the others replicate from it as its login.
     */
    private static PreflightCheck privileges(Map<String, Seen> seen, String primary, String target) {
        List<String> lacking = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        for (Seen s : seen.values()) {
            if (!s.read()) {
                unread.add(s.id());
                continue;
            }
            List<List<String>> needs = new ArrayList<>();
            needs.add(List.of("READ_ONLY ADMIN", "SUPER"));
            needs.add(List.of("REPLICATION SLAVE ADMIN", "SUPER"));
            if (s.id().equals(primary)) {
                needs.add(List.of("RELOAD"));
                needs.add(List.of("CONNECTION ADMIN", "SUPER"));
            }
            if (s.id().equals(target)) {
                needs.add(List.of("REPLICATION SLAVE"));
            }
            List<String> missing = needs.stream().filter(any -> any.stream().noneMatch(g -> s.grants().contains(normal(g))))
                    .map(any -> String.join(" or ", any)).toList();
            if (!missing.isEmpty()) {
                lacking.add(s.login() + " on " + s.id() + " lacks " + String.join(", ", missing));
            }
        }
        if (!lacking.isEmpty()) {
            return PreflightCheck.fail(PRIVILEGES, String.join("; ", lacking) + " (global grants of the login; privileges"
                    + " through a role are not read)");
        }
        String how = "the login holds what the freeze, fencing, promotion and re-pointing need on every node";
        return unread.isEmpty() ? PreflightCheck.pass(PRIVILEGES, how)
                : PreflightCheck.fail(PRIVILEGES, String.join(", ", unread) + " could not be read; " + how.replace("every node", "the others"));
    }

    private static String normal(String privilege) {
        return privilege == null ? "" : privilege.toUpperCase(Locale.ROOT).replace("_", " ").replaceAll("\\s+", " ").trim();
    }

    private static long parse(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Which manager a login name is, if any: the name itself or a word of it ({@code maxscale_monitor}, {@code orchestrator}). */
    static Optional<String> managerOf(String login) {
        String l = login.toLowerCase(Locale.ROOT);
        return MANAGERS.entrySet().stream().filter(m -> l.matches("(.*[^a-z0-9])?" + java.util.regex.Pattern.quote(m.getKey())
                + "([^a-z0-9].*)?")).map(Map.Entry::getValue).findFirst();
    }
}
