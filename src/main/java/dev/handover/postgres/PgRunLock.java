package dev.handover.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster-wide run lock: one Handover run at a time per cluster, whichever console or machine it
 * comes from. It lives in the cluster as PostgreSQL session-level advisory locks, so it vanishes with
 * the sessions of a process that dies, and nobody has to clean it up.
 *
 * <p>A run takes {@link #RUN} on its session to the primary and on its session to the target: the
 * target's survives the old primary's shutdown during the commit. The freeze keeper (see
 * {@link FreezeKeeper}) takes {@link #KEEPER} on the primary, so a keeper still lifting a dead run's
 * freeze keeps the next run out too. Advisory locks are per database, so besides trying the lock a run
 * looks in {@code pg_locks} for holders in every database of the server: two definitions naming
 * different databases of one cluster still exclude each other. A refused run names the holder from
 * {@code pg_stat_activity}: its {@code application_name} ({@link #runName()}: operator, host, pid) and
 * when its session started (the run's start).
 */
final class PgRunLock {
    /** {@code 'hand'} in ASCII: the first key of Handover's two-int advisory locks. */
    static final int SPACE = 0x68616e64;
    static final int RUN = 1;
    static final int KEEPER = 2;
    private static final int MAX_NAME = 63; // NAMEDATALEN - 1: PostgreSQL truncates application_name there

    private PgRunLock() {
    }

    /** The lock is held by someone else; the message names who and says nothing was changed. */
    static final class Held extends SQLException {
        Held(String message) {
            super(message);
        }
    }

    /**
     * Takes the run lock on {@code c}, a session of this process to {@code nodeId}, unless another run or a
     * keeper holds a Handover lock anywhere on that server. {@code ourKeeperPid} (or 0) is this run's own
     * keeper's backend, which may hold {@link #KEEPER} on the primary.
     */
    static void acquire(Connection c, String nodeId, int ourKeeperPid) throws SQLException {
        try (Statement st = c.createStatement()) {
            boolean got = Sql.bool(st, "SELECT pg_try_advisory_lock(" + SPACE + ", " + RUN + ")");
            List<Holder> others = holders(st, ourKeeperPid);
            if (got && others.isEmpty()) {
                return;
            }
            if (got) {
                st.execute("SELECT pg_advisory_unlock(" + SPACE + ", " + RUN + ")");
            }
            throw new Held(describe(others, nodeId));
        }
    }

    /** Who holds the cluster, in words: the run (operator, host, pid, since when), with its keeper; or a keeper alone. */
    static String describe(List<Holder> others, String nodeId) {
        List<String> runs = others.stream().filter(h -> !h.keeper()).map(Holder::text).toList();
        List<String> keepers = others.stream().filter(Holder::keeper).map(Holder::text).toList();
        if (!runs.isEmpty()) {
            return "another Handover run is in progress on this cluster: " + String.join("; ", runs)
                    + (keepers.isEmpty() ? "" : ", with its freeze keeper " + String.join("; ", keepers))
                    + ". Nothing was frozen. Wait for that run to end (its lock goes with its sessions, also if its "
                    + "process dies), or ask whoever runs it";
        }
        if (!keepers.isEmpty()) {
            return "the freeze keeper of a Handover run that has ended is still at work on this cluster: "
                    + String.join("; ", keepers) + "; it lifts that run's freeze or stands down within seconds. Nothing "
                    + "was frozen. Retry in a moment";
        }
        return "another Handover run is in progress on this cluster (the run lock on " + nodeId + " is held, but its "
                + "holder could not be read). Nothing was frozen. Retry once it ends";
    }

    /** Whether {@code c} holds the run lock now (a session reopened mid-run does not). */
    static boolean holds(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            return Sql.bool(st, "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = pg_backend_pid() AND "
                    + lockedBy(RUN) + ")");
        }
    }

    /** The keeper's lock, tried once: false when another keeper holds it. */
    static boolean tryKeeper(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            return Sql.bool(st, "SELECT pg_try_advisory_lock(" + SPACE + ", " + KEEPER + ")");
        }
    }

    /** One other session holding a Handover lock: a run's or a keeper's, described by its application_name. */
    record Holder(boolean keeper, String text) {
    }

    /**
     * Every other session on the server holding a Handover lock: which run or keeper (its
     * application_name), the database, where it connects from and since when.
     */
    static List<Holder> holders(Statement st, int exceptPid) throws SQLException {
        List<Holder> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT l.objid::int, l.pid, coalesce(a.application_name, ''), "
                + "coalesce(host(a.client_addr), 'local socket'), a.backend_start, coalesce(d.datname, '?') "
                + "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid LEFT JOIN pg_database d ON d.oid = l.database "
                + "WHERE l.locktype = 'advisory' AND l.classid = " + SPACE + " AND l.objsubid = 2 AND l.objid IN ("
                + RUN + ", " + KEEPER + ") AND l.granted AND l.pid <> pg_backend_pid() AND l.pid <> " + exceptPid
                + " ORDER BY a.backend_start")) {
            while (rs.next()) {
                String name = rs.getString(3).isBlank() ? "a session without application_name" : "\"" + rs.getString(3) + "\"";
                Timestamp since = rs.getTimestamp(5);
                out.add(new Holder(rs.getInt(1) == KEEPER, name + " (server pid " + rs.getInt(2) + ", database "
                        + rs.getString(6) + ", from " + rs.getString(4) + (since == null ? "" : ", since " + since.toInstant()) + ")"));
            }
        }
        return out;
    }

    /** The {@code pg_locks} condition for one of Handover's locks. */
    static String lockedBy(int which) {
        return "locktype = 'advisory' AND classid = " + SPACE + " AND objid = " + which + " AND objsubid = 2 AND granted";
    }

    /** The sessions a freeze must not end: every holder of a Handover lock (runs and keepers). */
    static String holderPids() {
        return "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = " + SPACE + " AND objid IN (" + RUN
                + ", " + KEEPER + ") AND objsubid = 2 AND granted";
    }

    /** This process as a run's sessions name it: {@code handover run alice@ws-12 pid 4242}. */
    static String runName() {
        return fit("handover run " + who());
    }

    /** A keeper's sessions: {@code handover keeper for alice@ws-12 pid 4242}, naming the run it keeps. */
    static String keeperName(String runWho) {
        return fit("handover keeper for " + runWho);
    }

    /** {@code alice@ws-12 pid 4242}: operator, host and pid of this process. */
    static String who() {
        String user = System.getProperty("user.name", "unknown");
        return cut(user, 16) + "@" + cut(hostName(), 24) + " pid " + ProcessHandle.current().pid();
    }

    private static String hostName() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private static String cut(String s, int max) {
        String plain = s.replaceAll("[^\\x20-\\x7e]", "?");
        return plain.length() <= max ? plain : plain.substring(0, max);
    }

    private static String fit(String s) {
        String plain = s.replaceAll("[^\\x20-\\x7e]", "?");
        return plain.length() <= MAX_NAME ? plain : plain.substring(0, MAX_NAME);
    }
}
