package dev.handover.postgres;

import dev.handover.core.TransportException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The PostgreSQL commit of a handover, in the order that keeps every acknowledged write:
 * <ol>
 *   <li>check the term: the old primary's timeline must be {@code newTerm - 1};</li>
 *   <li>shut the old primary down cleanly ({@code pg_ctl stop -m fast}): its walsenders send the
 *       last WAL, up to the shutdown checkpoint, to the standbys before they exit;</li>
 *   <li>coordinated: wait until the target holds that last record (bounded) — otherwise restart the
 *       old primary still frozen and promote nothing;</li>
 *   <li>promote the target and check it writes on timeline {@code newTerm};</li>
 *   <li>re-point sibling standbys ({@code ALTER SYSTEM SET primary_conninfo} + reload);</li>
 *   <li>turn the old primary into a standby of the new one ({@code standby.signal}, primary_conninfo,
 *       {@code pg_rewind} first if its WAL went past the fork point) and start it.</li>
 * </ol>
 * Without local control of the old primary it cannot be stopped from here: it stays frozen and the
 * report lists the exact remaining steps. Failures after the promotion do not undo it; they are
 * reported as remaining steps, because the term has already been handed over.
 */
final class PgCommit {
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration FINAL_WAL_WAIT = Duration.ofSeconds(10);
    private static final Duration PROMOTE_WAIT = Duration.ofSeconds(60);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final PgClusterDefinition definition;
    private final PgConnector connector;
    private final PgNodeDefinition oldPrimary;
    private final PgNodeDefinition target;
    private final PgFreeze freeze;
    private Connection control;
    private Connection targetConn;
    private final long frontier;
    private final List<String> done = new Steps();
    private final List<String> remaining = new ArrayList<>();
    private boolean rewound;
    private long lastOldWal;
    private boolean sourceCheckpointed;
    /** Slots the siblings stream through, now on the new primary: their copies on the old one are stale. */
    private final java.util.Set<String> movedSlots = new java.util.HashSet<>();

    PgCommit(PgClusterDefinition definition, PgConnector connector, PgNodeDefinition oldPrimary, PgNodeDefinition target,
             PgFreeze freeze, Connection control, Connection targetSession, long frontier) {
        this.definition = definition;
        this.connector = connector;
        this.oldPrimary = oldPrimary;
        this.target = target;
        this.freeze = freeze;
        this.control = control;
        this.targetConn = targetSession;
        this.frontier = frontier;
    }

    PgCommitReport run(long newTerm) throws TransportException {
        try {
            Conninfo template = beforePromotion(newTerm);
            promote(newTerm);
            long fork;
            try {
                fork = forkPoint(newTerm);
            } catch (SQLException e) {
                remaining.add("read the fork point of timeline " + (newTerm - 1) + " on " + target.id() + " ("
                        + e.getMessage() + "), then re-point or rewind every other node onto " + target.addr());
                return new PgCommitReport(done, remaining, false);
            }
            for (PgNodeDefinition sibling : definition.nodes()) {
                if (!sibling.id().equals(oldPrimary.id()) && !sibling.id().equals(target.id())) {
                    repointSibling(sibling, fork);
                }
            }
            rejoinOldPrimary(template, newTerm, fork);
            return new PgCommitReport(done, remaining, rewound);
        } finally {
            PgTransport.closeQuietly(control);
            PgTransport.closeQuietly(targetConn);
        }
    }

    /** One session to the target for the whole commit: a promotion does not end sessions, and new ones cost time. */
    private Connection targetSession() throws SQLException {
        if (targetConn == null || targetConn.isClosed()) {
            targetConn = connector.open(target, SOCKET_TIMEOUT);
        }
        return targetConn;
    }

    /** Everything up to the promotion; any failure here leaves the target a standby and says what state the old primary is in. */
    private Conninfo beforePromotion(long newTerm) throws TransportException {
        Conninfo template;
        long lastOldWal;
        boolean caughtUp;
        try {
            control = control != null && control.isValid(2) ? control : connector.open(oldPrimary, SOCKET_TIMEOUT);
            long tli = primaryTimeline(control);
            if (newTerm != tli + 1) {
                freeze.resume(control);
                throw new TransportException("term mismatch: the request hands over term " + newTerm + " but "
                        + oldPrimary.id() + " writes on timeline " + tli + " (PostgreSQL's term), so the new term must be "
                        + (tli + 1) + "; nothing was promoted and writes were resumed on " + oldPrimary.id());
            }
            try (Statement st = targetSession().createStatement()) {
                template = Conninfo.parse(string(st, "SHOW primary_conninfo"));
                // Read afresh: the coordinator's fast path commits without ever polling.
                caughtUp = PgStatusReader.durableLsn(targetSession()) >= frontier;
            }
        } catch (SQLException e) {
            throw new TransportException("before promotion: " + e.getMessage() + "; nothing was promoted and "
                    + oldPrimary.id() + " is still frozen", e);
        }
        if (oldPrimary.local().isPresent()) {
            PgCtl ctl = new PgCtl(oldPrimary.id(), oldPrimary.local().get());
            PgTransport.closeQuietly(control);
            control = null;
            try {
                ctl.stopFast(STOP_WAIT);
                lastOldWal = ctl.shutdownCheckpoint();
            } catch (IOException e) {
                throw new TransportException("stopping " + oldPrimary.id() + " failed: " + e.getMessage()
                        + "; nothing was promoted. Check whether " + oldPrimary.id() + " is running; if it is, its "
                        + "writes are still frozen", e);
            }
            done.add("stopped " + oldPrimary.id() + " cleanly (fast shutdown); its last WAL record, the shutdown "
                    + "checkpoint, is at " + Lsn.format(lastOldWal));
            if (caughtUp && !awaitTargetPast(lastOldWal, true)) {
                String restart;
                try {
                    ctl.start(STOP_WAIT);
                    restart = oldPrimary.id() + " was started again as primary, writes still frozen";
                } catch (IOException e) {
                    restart = oldPrimary.id() + " could not be started again (" + e.getMessage() + "): start it by hand";
                }
                throw new TransportException(target.id() + " did not receive " + oldPrimary.id() + "'s last WAL record ("
                        + Lsn.format(lastOldWal) + ") within " + FINAL_WAL_WAIT.toSeconds() + "s; nothing was promoted; "
                        + restart);
            }
        } else {
            try (Statement st = control.createStatement()) {
                lastOldWal = longValue(st, "SELECT (pg_current_wal_flush_lsn() - '0/0')::bigint");
            } catch (SQLException e) {
                throw new TransportException("reading the WAL end of " + oldPrimary.id() + " failed: " + e.getMessage()
                        + "; nothing was promoted and " + oldPrimary.id() + " is still frozen", e);
            }
            if (caughtUp && !awaitTargetPast(lastOldWal - 1, false)) {
                throw new TransportException(target.id() + " did not reach " + oldPrimary.id() + "'s flushed WAL ("
                        + Lsn.format(lastOldWal) + ") within " + FINAL_WAL_WAIT.toSeconds() + "s; nothing was promoted and "
                        + oldPrimary.id() + " is still frozen");
            }
            done.add(oldPrimary.id() + " has no local control: it stays running and frozen (read-only) at "
                    + Lsn.format(lastOldWal));
        }
        this.lastOldWal = lastOldWal;
        return template;
    }

    private void promote(long newTerm) throws TransportException {
        try (Statement st = targetSession().createStatement()) {
            // pg_promote(wait => true) polls only every 100 ms; we signal and watch recovery end ourselves.
            st.execute("SELECT pg_promote(false)");
            long deadline = System.nanoTime() + PROMOTE_WAIT.toNanos();
            while (bool(st, "SELECT pg_is_in_recovery()")) {
                if (System.nanoTime() > deadline) {
                    throw new TransportException(target.id() + " was asked to promote but is still in recovery after "
                            + PROMOTE_WAIT.toSeconds() + "s; " + oldPrimary.id() + " is stopped or frozen");
                }
                PgFreeze.pause(2);
            }
            long tli = primaryTimeline(targetSession());
            if (tli != newTerm) {
                throw new TransportException(target.id() + " was promoted but writes on timeline " + tli + ", not term "
                        + newTerm + "; check the timeline history before going on");
            }
            done.add("promoted " + target.id() + "; it writes on timeline " + tli);
        } catch (SQLException e) {
            throw new TransportException("promoting " + target.id() + " failed: " + e.getMessage()
                    + "; it may or may not be primary now, and " + oldPrimary.id() + " is stopped or frozen", e);
        }
    }

    /**
     * A sibling that is not past the fork point only needs its primary_conninfo re-aimed (a reload,
     * no restart); one that received WAL the new timeline does not have (a forced handover past a
     * lagging target) must be rewound first, which needs local control.
     */
    private void repointSibling(PgNodeDefinition sibling, long fork) {
        Conninfo next;
        try (Connection c = connector.open(sibling, SOCKET_TIMEOUT); Statement st = c.createStatement()) {
            if (!bool(st, "SELECT pg_is_in_recovery()")) {
                remaining.add(sibling.id() + " is not a standby; check it by hand");
                return;
            }
            next = streamFromTarget(Conninfo.parse(string(st, "SHOW primary_conninfo")), sibling);
            String slot = string(st, "SHOW primary_slot_name");
            ensureSlot(slot, sibling);
            if (!slot.isBlank()) {
                movedSlots.add(slot);
            }
            long durable = longValue(st, "SELECT (greatest(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) - '0/0')::bigint");
            if (durable <= fork) {
                st.execute("ALTER SYSTEM SET primary_conninfo = " + literal(next.format()));
                st.execute("SELECT pg_reload_conf()");
                done.add("re-pointed standby " + sibling.id() + " to " + target.addr());
                return;
            }
        } catch (SQLException e) {
            remaining.add("re-point standby " + sibling.id() + " to the new primary (" + e.getMessage() + "): on "
                    + sibling.id() + " run ALTER SYSTEM SET primary_conninfo = 'host=" + target.host() + " port="
                    + target.port() + " application_name=" + sibling.id() + " ...'; SELECT pg_reload_conf();");
            return;
        }
        if (sibling.local().isEmpty()) {
            remaining.add("standby " + sibling.id() + " received WAL past the fork point " + Lsn.format(fork)
                    + " that " + target.id() + " never had: stop it, pg_rewind it from " + target.addr()
                    + ", then start it with primary_conninfo = '" + next.redacted().replace("'", "''") + "'");
            return;
        }
        rejoin(sibling, next, true, true, Optional.empty());
    }

    private void rejoinOldPrimary(Conninfo template, long newTerm, long fork) {
        Conninfo conninfo = streamFromTarget(template, oldPrimary);
        if (oldPrimary.local().isEmpty()) {
            String dir = "<data directory of " + oldPrimary.id() + ">";
            remaining.add("on " + oldPrimary.host() + ": stop " + oldPrimary.id() + " (it is frozen, not writable): "
                    + "pg_ctl stop -D " + dir + " -m fast");
            remaining.add("on " + oldPrimary.host() + ": pg_rewind --target-pgdata=" + dir + " --source-server='host="
                    + target.host() + " port=" + target.port() + " user=" + target.user() + " dbname=" + target.database() + "'");
            remaining.add("on " + oldPrimary.host() + ": touch " + dir + "/standby.signal, and in postgresql.auto.conf "
                    + "remove default_transaction_read_only and set primary_conninfo = '" + conninfo.redacted().replace("'", "''") + "'");
            remaining.add("on " + oldPrimary.host() + ": pg_ctl start -D " + dir + ", then check that pg_stat_wal_receiver "
                    + "shows it streaming from " + target.addr() + " on timeline " + newTerm);
            return;
        }
        // Its last record (the shutdown checkpoint) starts before the fork only if the target replayed all of it.
        rejoin(oldPrimary, conninfo, lastOldWal >= fork, false, Optional.of(freeze));
    }

    /** Turns a node on this host into a standby of the target: [stop], [pg_rewind], standby.signal, primary_conninfo, start. */
    private void rejoin(PgNodeDefinition node, Conninfo conninfo, boolean rewind, boolean running, Optional<PgFreeze> lift) {
        PgCtl ctl = new PgCtl(node.id(), node.local().orElseThrow());
        Path dataDir = ctl.local().dataDir();
        boolean didRewind = false;
        try {
            if (running) {
                ctl.stopFast(STOP_WAIT);
            }
            if (rewind) {
                if (!sourceCheckpointed) {
                    try (Statement st = targetSession().createStatement()) {
                        st.execute("CHECKPOINT"); // pg_rewind reads the new timeline from the source's control file
                    }
                    sourceCheckpointed = true;
                }
                Map<String, String> env = new HashMap<>();
                target.passwordEnv().map(System::getenv).ifPresent(p -> env.put("PGPASSWORD", p));
                ctl.rewind("host=" + target.host() + " port=" + target.port() + " user=" + target.user()
                        + " dbname=" + target.database() + " connect_timeout=10", env);
                didRewind = true;
                rewound |= node.id().equals(oldPrimary.id());
                done.add("rewound " + node.id() + " with pg_rewind: it had WAL past the fork point the new timeline does not have");
            }
            ctl.writeOwned(dataDir.resolve("standby.signal"), new byte[0]);
            Path auto = dataDir.resolve("postgresql.auto.conf");
            String current = Files.exists(auto) ? Files.readString(auto, StandardCharsets.UTF_8) : "";
            String line = "primary_conninfo = '" + conninfo.format().replace("'", "''") + "'\n";
            ctl.writeOwned(auto, (current + (current.endsWith("\n") || current.isEmpty() ? "" : "\n") + line)
                    .getBytes(StandardCharsets.UTF_8));
            ctl.start(STOP_WAIT);
            if (lift.isPresent()) {
                try (Connection c = connector.open(node, SOCKET_TIMEOUT)) {
                    lift.get().resume(c); // so it is writable should it be promoted later
                    done.add("started " + node.id() + " as a standby streaming from " + target.addr());
                    dropMovedSlots(c, node);
                }
            } else {
                done.add("started " + node.id() + " as a standby streaming from " + target.addr());
            }
        } catch (IOException | SQLException e) {
            remaining.add("turn " + node.id() + " into a standby of " + target.id() + " by hand (" + e.getMessage()
                    + "): stop it, " + (didRewind ? "" : "pg_rewind it from " + target.addr() + " if it will not follow, ")
                    + "create standby.signal in " + dataDir + ", set primary_conninfo = '"
                    + conninfo.redacted().replace("'", "''") + "', remove default_transaction_read_only from "
                    + "postgresql.auto.conf, and start it");
        }
    }

    /**
     * Physical slots are not replicated, so a standby that streams through {@code primary_slot_name}
     * finds no slot on a freshly promoted primary; create it there (reserving WAL from now on).
     */
    private void ensureSlot(String slot, PgNodeDefinition standby) throws SQLException {
        if (slot.isBlank()) {
            return;
        }
        try (var ps = targetSession().prepareStatement("SELECT pg_create_physical_replication_slot(?, true) "
                + "WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = ?)")) {
            ps.setString(1, slot);
            ps.setString(2, slot);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    done.add("created replication slot " + slot + " for " + standby.id() + " on " + target.id());
                }
            }
        }
    }

    /**
     * An inactive slot on a standby still holds back WAL removal there, without end. The slots the
     * siblings moved to the new primary are dropped on the demoted one; any other is left alone and named.
     */
    private void dropMovedSlots(Connection c, PgNodeDefinition node) throws SQLException {
        List<String> stale = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT slot_name FROM pg_replication_slots WHERE slot_type = 'physical' AND NOT active")) {
            while (rs.next()) {
                stale.add(rs.getString(1));
            }
        }
        for (String slot : stale) {
            if (movedSlots.contains(slot)) {
                try (var ps = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                    ps.setString(1, slot);
                    ps.execute();
                }
                done.add("dropped the stale copy of slot " + slot + " on " + node.id() + " (it lives on " + target.id() + " now)");
            } else {
                done.add("NOTE: " + node.id() + " keeps inactive replication slot " + slot + ", which holds back WAL "
                        + "removal on it; drop it (SELECT pg_drop_replication_slot('" + slot + "')) unless something uses it");
            }
        }
    }

    /** Where the old timeline ends on the new primary: the fork point, from its timeline history file. */
    private long forkPoint(long newTerm) throws SQLException {
        try (Statement st = targetSession().createStatement()) {
            String history = string(st, "SELECT pg_read_file('pg_wal/" + TimelineHistory.fileName(newTerm) + "')");
            OptionalLong fork = TimelineHistory.switchPoint(history, newTerm - 1);
            if (fork.isEmpty()) {
                throw new SQLException("timeline history " + TimelineHistory.fileName(newTerm) + " on " + target.id()
                        + " has no entry for timeline " + (newTerm - 1));
            }
            return fork.getAsLong();
        }
    }

    /** Waits until the target's durable LSN is past {@code lsn} (the whole record starting there received). */
    private boolean awaitTargetPast(long lsn, boolean strictly) throws TransportException {
        try (Statement st = targetSession().createStatement()) {
            long deadline = System.nanoTime() + FINAL_WAL_WAIT.toNanos();
            while (true) {
                long reached = longValue(st, "SELECT (greatest(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) - '0/0')::bigint");
                if (strictly ? reached > lsn : reached >= lsn) {
                    done.add(target.id() + " holds the old primary's WAL through " + Lsn.format(reached));
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                PgFreeze.pause(2);
            }
        } catch (SQLException e) {
            throw new TransportException("reading " + target.id() + " before promotion failed: " + e.getMessage()
                    + "; nothing was promoted", e);
        }
    }

    /** A standby's conninfo re-aimed at the target, named after the standby so pg_stat_replication shows which node it is. */
    private Conninfo streamFromTarget(Conninfo base, PgNodeDefinition standby) {
        Conninfo c = base.with("host", target.host()).with("port", Integer.toString(target.port()))
                .with("application_name", standby.id()).without("hostaddr");
        if (c.get("user") == null) {
            c = c.with("user", standby.user());
        }
        return c;
    }

    static long primaryTimeline(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            return longValue(st, "SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::bigint");
        }
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String string(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            String v = rs.getString(1);
            return v == null ? "" : v;
        }
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


    /** Steps taken, each stamped with the time since the commit began, so slow steps show in the outcome. */
    private static final class Steps extends ArrayList<String> {
        private final long start = System.nanoTime();

        @Override
        public boolean add(String step) {
            return super.add(String.format(java.util.Locale.ROOT, "+%.3fs %s", (System.nanoTime() - start) / 1e9, step));
        }
    }
}
