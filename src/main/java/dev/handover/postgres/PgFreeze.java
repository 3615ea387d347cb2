package dev.handover.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The write fence on a PostgreSQL primary.
 *
 * <p>Freeze: {@code ALTER SYSTEM SET default_transaction_read_only = on} and a reload, wait until
 * the postmaster has re-read the file (our own backend's {@code pg_conf_load_time()} moves only
 * after the postmaster signalled it), then terminate every other client backend — that ends open
 * transactions and sessions that had SET the setting off — and only then force a WAL flush and take
 * {@code pg_current_wal_flush_lsn()} as the frontier. Every commit acknowledged before the freeze
 * returned was inserted before our flush, so the frontier covers it.
 *
 * <p>The gap: {@code default_transaction_read_only} is a default. A session that connects after
 * the freeze and explicitly asks for a read-write transaction ({@code SET default_transaction_read_only
 * = off}, {@code BEGIN READ WRITE}; any user may) can still commit, as can background workers such
 * as logical-replication apply workers. A coordinated commit still loses none of those writes — the
 * old primary is shut down cleanly and the target must hold its last WAL record before it is
 * promoted — but they move past the frontier, and a forced handover could drop them uncounted.
 * Roles or databases that pin the setting themselves (ALTER ROLE/DATABASE ... SET) are refused.
 */
final class PgFreeze {
    static final String SETTING = "default_transaction_read_only";
    private static final Duration RELOAD_WAIT = Duration.ofSeconds(10);
    private static final Duration TERMINATE_WAIT = Duration.ofSeconds(5);

    /** The value postgresql.auto.conf held before the freeze, restored on resume; empty means RESET. */
    private Optional<String> previous = Optional.empty();
    /**
     * The xid (32 bits, as the WAL writes it) of the transaction the freeze committed to flush the WAL: its
     * commit record lies just below the frontier and is Handover's, not a client's write.
     */
    private OptionalLong ownXid = OptionalLong.empty();
    /** A freeze failed and undoing it failed too: the setting may still be on. */
    private boolean undoFailed;

    /**
     * Checks run on the control session right before {@code ALTER SYSTEM}, once the freeze's own checks
     * passed: the last moment a run can still be refused with nothing changed. Given the value the
     * freeze will restore.
     */
    @FunctionalInterface
    interface BeforeAlter {
        BeforeAlter NONE = (st, previous) -> { };

        void check(Statement st, Optional<String> previous) throws SQLException;
    }

    PgFreeze() {
    }

    /** A freeze whose resume restores {@code previous}: for the keeper, which lifts a freeze another process set. */
    static PgFreeze restoring(Optional<String> previous) {
        PgFreeze f = new PgFreeze();
        f.previous = previous;
        return f;
    }

    /** Fences writes through {@code c} (a superuser session on the primary) and returns the frontier LSN. */
    long freeze(Connection c, String nodeId) throws SQLException {
        return freeze(c, nodeId, BeforeAlter.NONE);
    }

    /** The same, with {@code guard} checked right before the setting is written. */
    long freeze(Connection c, String nodeId, BeforeAlter guard) throws SQLException {
        undoFailed = false;
        try (Statement st = c.createStatement()) {
            if (bool(st, "SELECT pg_is_in_recovery()")) {
                throw new SQLException(nodeId + " is in recovery (a standby), not the primary");
            }
            List<String> pinned = pinnedOverrides(st);
            if (!pinned.isEmpty()) {
                throw new SQLException("cannot freeze " + nodeId + ": " + String.join(", ", pinned) + " set "
                        + SETTING + " themselves, so the freeze would not hold for those sessions; remove it "
                        + "(ALTER ROLE ... RESET " + SETTING + ") and retry. Nothing was changed.");
            }
            Optional<String> before = autoConfValue(st);
            if (before.isPresent() && isOn(before.get())) {
                throw new SQLException(nodeId + " is already frozen (" + SETTING + " = on in postgresql.auto.conf), "
                        + "perhaps by an unfinished run; resume it first (handover resume, or ALTER SYSTEM RESET "
                        + SETTING + "; SELECT pg_reload_conf()). Nothing was changed.");
            }
            previous = before;
            guard.check(st, before);
            st.execute("ALTER SYSTEM SET " + SETTING + " = on");
        }
        // From here on the setting is on disk: any failure must undo it before it is reported.
        try (Statement st = c.createStatement()) {
            reloadAndAwait(st);
            terminateOtherClients(st, nodeId);
            // A commit with a local synchronous commit flushes all WAL inserted before it, including async
            // commits already acknowledged; a sync standby cannot hold it up. PostgreSQL flushes at commit only
            // when the transaction wrote WAL (an xid alone does not: the commit then goes out asynchronously and
            // the flush position stays behind acknowledged async commits), so it writes one small message.
            c.setAutoCommit(false);
            st.execute("SET LOCAL synchronous_commit = local");
            st.execute("SELECT pg_logical_emit_message(true, 'handover', 'freeze')");
            ownXid = OptionalLong.of(longValue(st, "SELECT txid_current()") & 0xFFFF_FFFFL);
            c.commit();
            c.setAutoCommit(true);
            return longValue(st, "SELECT (pg_current_wal_flush_lsn() - '0/0')::bigint");
        } catch (SQLException | RuntimeException e) {
            try {
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
                resume(c);
            } catch (SQLException undo) {
                undoFailed = true;
                e.addSuppressed(undo);
                throw new SQLException("freezing " + nodeId + " failed (" + e.getMessage() + ") and undoing it failed too ("
                        + undo.getMessage() + "): writes may still be frozen; run ALTER SYSTEM RESET " + SETTING
                        + "; SELECT pg_reload_conf(); on " + nodeId, e);
            }
            throw e;
        }
    }

    /**
     * Fences a primary a repair is about to rewind: writes refused to new sessions, every other client session
     * ended, and no transaction of Handover's own (a freeze's flushing commit would add one to the count of
     * what the rewind discards). Undone by {@code ALTER SYSTEM RESET}.
     */
    static void fence(Connection c, String nodeId) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("ALTER SYSTEM SET " + SETTING + " = on");
            reloadAndAwait(st);
            terminateOtherClients(st, nodeId);
        }
    }

    /** Undoes the freeze: restores postgresql.auto.conf as it was and waits until new sessions see it. */
    void resume(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            if (previous.isPresent()) {
                st.execute("ALTER SYSTEM SET " + SETTING + " = " + (isOn(previous.get()) ? "on" : "off"));
            } else {
                st.execute("ALTER SYSTEM RESET " + SETTING);
            }
            reloadAndAwait(st);
        }
    }

    /** The xid of the freeze's own flushing transaction, once it committed. */
    OptionalLong ownXid() {
        return ownXid;
    }

    /** Whether the last freeze failed and could not undo itself: writes may still be frozen. */
    boolean undoFailed() {
        return undoFailed;
    }

    /** The value the resume restores (what postgresql.auto.conf held before the freeze); empty means RESET. */
    Optional<String> previous() {
        return previous;
    }

    /** The timeline the primary behind {@code st} writes: PostgreSQL's term. */
    static long timeline(Statement st) throws SQLException {
        return longValue(st, "SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::bigint");
    }

    /**
     * Reloads the configuration and waits for it: for a node whose file is no longer frozen but whose
     * server may still be, because a resume was cut short between its ALTER SYSTEM and its reload.
     */
    static void reload(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            reloadAndAwait(st);
        }
    }

    /** True when postgresql.auto.conf of the node behind {@code c} holds a freeze (ours, or a dead run's). */
    static boolean isFrozen(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            return autoConfValue(st).map(PgFreeze::isOn).orElse(false);
        }
    }

    static void reloadAndAwait(Statement st) throws SQLException {
        Timestamp before = timestamp(st, "SELECT pg_conf_load_time()");
        st.execute("SELECT pg_reload_conf()");
        long deadline = System.nanoTime() + RELOAD_WAIT.toNanos();
        while (!timestamp(st, "SELECT pg_conf_load_time()").after(before)) {
            if (System.nanoTime() > deadline) {
                throw new SQLException("the server did not reload its configuration within " + RELOAD_WAIT.toSeconds() + "s");
            }
            pause(2);
        }
    }

    /**
     * Ends every other client session and waits until they are gone from the process array. Signals
     * first and polls ourselves: pg_terminate_backend's own wait checks only every 100 ms per backend.
     *
     * <p>Sessions holding one of Handover's advisory locks ({@link PgRunLock}) are spared: this run's
     * freeze keeper must outlive the freeze to be able to lift it, and any other holder is another
     * Handover's run or keeper, which the run lock already kept from freezing alongside us (a name
     * alone would not do: any client can call itself "handover"; a lock that blocks every run cannot
     * be taken quietly).
     */
    private static void terminateOtherClients(Statement st, String nodeId) throws SQLException {
        List<Integer> pids = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT pid FROM pg_stat_activity, pg_terminate_backend(pid) "
                + "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() "
                + "AND pid NOT IN (" + PgRunLock.holderPids() + ")")) {
            while (rs.next()) {
                pids.add(rs.getInt(1));
            }
        }
        if (pids.isEmpty()) {
            return;
        }
        String list = pids.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow();
        long deadline = System.nanoTime() + TERMINATE_WAIT.toNanos();
        while (true) {
            List<String> survivors = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT pid, usename, coalesce(state, 'starting'), coalesce(wait_event, '-') "
                    + "FROM pg_stat_activity WHERE pid IN (" + list + ")")) {
                while (rs.next()) {
                    survivors.add(rs.getInt(1) + " (" + rs.getString(2) + ", " + rs.getString(3) + ", waiting on "
                            + rs.getString(4) + ")");
                }
            }
            if (survivors.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new SQLException("client backends " + String.join(", ", survivors) + " on " + nodeId
                        + " did not terminate within " + TERMINATE_WAIT.toMillis() + "ms");
            }
            pause(2);
        }
    }

    private static List<String> pinnedOverrides(Statement st) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT coalesce('role ' || r.rolname, 'all roles') || ' in ' "
                + "|| coalesce('database ' || d.datname, 'all databases') FROM pg_db_role_setting s "
                + "LEFT JOIN pg_roles r ON r.oid = s.setrole LEFT JOIN pg_database d ON d.oid = s.setdatabase, "
                + "unnest(s.setconfig) AS cfg WHERE cfg ILIKE '" + SETTING + "=%'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static Optional<String> autoConfValue(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT setting FROM pg_file_settings WHERE name = '" + SETTING + "' "
                + "AND sourcefile LIKE '%postgresql.auto.conf' ORDER BY seqno DESC LIMIT 1")) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }

    private static boolean isOn(String v) {
        String s = v.trim().toLowerCase();
        return s.equals("on") || s.equals("true") || s.equals("yes") || s.equals("1");
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

    private static Timestamp timestamp(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getTimestamp(1);
        }
    }

    static void pause(long millis) throws SQLException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", e);
        }
    }
}
