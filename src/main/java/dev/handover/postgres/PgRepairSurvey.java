package dev.handover.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads every node as a repair needs it, changing nothing: role, timeline and history, where its WAL ends,
 * whether it takes writes, and whether it may still promote itself — a promote signal file, a startup
 * process waiting for its walreceiver to exit (a promotion under way), a walreceiver stopped by a signal
 * (a promotion it holds completes when it is continued). Stopped nodes on this host are read from their
 * control file and pg_wal.
 */
final class PgRepairSurvey {
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    private PgRepairSurvey() {
    }

    static Map<String, PgNodeView> read(PgClusterDefinition definition, PgConnector connector) {
        Map<String, PgNodeView> out = new LinkedHashMap<>();
        for (PgNodeDefinition n : definition.nodes()) {
            out.put(n.id(), read(n, connector));
        }
        // A running primary read before its standbys may have flushed more since: read its end again last,
        // so no standby seems to hold WAL its own primary lacks.
        out.replaceAll((id, v) -> v.kind() != PgNodeView.Kind.PRIMARY ? v : flushedAgain(v, connector));
        return out;
    }

    private static PgNodeView flushedAgain(PgNodeView v, PgConnector connector) {
        try (Connection c = connector.open(v.node(), SOCKET_TIMEOUT); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT CASE WHEN pg_is_in_recovery() THEN NULL "
                     + "ELSE (pg_current_wal_flush_lsn() - '0/0')::bigint END")) {
            rs.next();
            long now = rs.getLong(1);
            return rs.wasNull() || now <= v.end() ? v : new PgNodeView(v.node(), v.kind(), v.timeline(), v.ancestors(), now,
                    v.endBasis(), v.writable(), v.pending(), v.state(), v.status());
        } catch (SQLException e) {
            return v; // gone since: what was read stands
        }
    }

    static PgNodeView read(PgNodeDefinition n, PgConnector connector) {
        try (Connection c = connector.open(n, SOCKET_TIMEOUT)) {
            return running(n, c, PgStatusReader.readNode(n, c));
        } catch (SQLException e) {
            PgNodeStatus unreachable = PgNodeStatus.unreachable(n, e.getMessage() == null ? "unreachable" : e.getMessage());
            if (n.local().isEmpty()) {
                return new PgNodeView(n, PgNodeView.Kind.UNREACHABLE, 0, List.of(), 0, "not read", false, Optional.empty(),
                        Optional.empty(), unreachable);
            }
            return local(n, unreachable);
        }
    }

    private static PgNodeView running(PgNodeDefinition n, Connection c, PgNodeStatus s) throws SQLException {
        List<TimelineHistory.Entry> ancestors = s.timeline() > 1 ? TimelineHistory.parse(readFile(c,
                "pg_wal/" + TimelineHistory.fileName(s.timeline()))) : List.of();
        if (!s.inRecovery()) {
            boolean readOnly;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW default_transaction_read_only")) {
                rs.next();
                readOnly = rs.getString(1).equals("on");
            }
            return new PgNodeView(n, PgNodeView.Kind.PRIMARY, s.timeline(), ancestors, s.flushedLsn(),
                    "pg_current_wal_flush_lsn()", !readOnly && !s.frozen(), Optional.empty(), Optional.empty(), s);
        }
        List<String> pending = new ArrayList<>();
        if (fileExists(c, "promote")) {
            pending.add("a promote signal file is in its data directory");
        }
        long receiverPid = 0;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT (SELECT wait_event FROM pg_stat_activity WHERE backend_type = 'startup'), "
                        + "(SELECT pid FROM pg_stat_wal_receiver)")) {
            rs.next();
            if ("WalReceiverExit".equals(rs.getString(1))) {
                pending.add("its startup process waits for the walreceiver to exit: a promotion is under way");
            }
            receiverPid = rs.getLong(2);
        }
        if (receiverPid > 0 && n.local().isPresent() && PgProcesses.stopped(receiverPid)) {
            pending.add("its walreceiver (pid " + receiverPid + ") is stopped by a signal: a promotion it was asked for "
                    + "completes when it is continued");
        }
        return new PgNodeView(n, PgNodeView.Kind.STANDBY, s.timeline(), ancestors, s.flushedLsn(),
                "received or replayed WAL", false, pending.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", pending)),
                Optional.empty(), s);
    }

    /** A node on this host that did not answer: stopped (its control file and pg_wal), or running but stopped by a signal. */
    private static PgNodeView local(PgNodeDefinition n, PgNodeStatus unreachable) {
        LocalControl l = n.local().orElseThrow();
        Optional<Long> pm = PgProcesses.runningPostmaster(l.dataDir());
        PgCtl ctl = new PgCtl(n.id(), l);
        Optional<String> state;
        try {
            state = Optional.of(ctl.controlData("Database cluster state"));
        } catch (IOException e) {
            state = Optional.empty();
        }
        long tli;
        List<TimelineHistory.Entry> ancestors;
        try {
            tli = PgWalReading.lastTimeline(l.dataDir());
            Path history = l.dataDir().resolve("pg_wal").resolve(TimelineHistory.fileName(tli));
            ancestors = tli > 1 && Files.exists(history) ? TimelineHistory.parse(Files.readString(history)) : List.of();
        } catch (IOException e) {
            tli = 0;
            ancestors = List.of();
        }
        Optional<String> promote = Files.exists(l.dataDir().resolve("promote"))
                ? Optional.of("a promote signal file is in its data directory") : Optional.empty();
        if (pm.isPresent()) {
            boolean anyStopped = PgProcesses.family(pm.get()).stream().anyMatch(PgProcesses::stopped);
            boolean standby = state.filter(s -> s.contains("recovery")).isPresent();
            Optional<String> pending = standby || promote.isPresent() ? Optional.of("it runs here (postmaster " + pm.get()
                    + ") but does not answer" + (anyStopped ? ", a process of it stopped by a signal" : "")
                    + "; its control file says \"" + state.orElse("?") + "\"" + promote.map(p -> "; " + p).orElse(""))
                    : Optional.empty();
            return new PgNodeView(n, PgNodeView.Kind.HUNG, tli, ancestors, 0, "not read: it does not answer", false, pending,
                    state, unreachable);
        }
        long checkpoint = 0;
        try {
            checkpoint = Lsn.parse(ctl.controlData("Latest checkpoint location"));
        } catch (IOException | IllegalArgumentException e) {
            // end unknown below
        }
        long start = checkpoint;
        if (!ancestors.isEmpty()) {
            // pg_waldump reads one timeline's segments only: from where this timeline began at the earliest
            start = Math.max(start, ancestors.get(ancestors.size() - 1).switchPoint());
        }
        OptionalLong end = checkpoint > 0 ? PgWalReading.end(ctl, tli, start) : OptionalLong.empty();
        return new PgNodeView(n, PgNodeView.Kind.STOPPED, tli, ancestors, end.orElse(checkpoint),
                end.isPresent() ? "end of its WAL (pg_waldump)" : checkpoint > 0 ? "its last checkpoint (at least)" : "unknown",
                false, promote, state, unreachable);
    }

    private static String readFile(Connection c, String path) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT pg_read_file('" + path + "', 0, 1000000, true)")) {
            rs.next();
            String s = rs.getString(1);
            return s == null ? "" : s;
        }
    }

    private static boolean fileExists(Connection c, String path) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT (pg_stat_file('" + path + "', true)).size IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
