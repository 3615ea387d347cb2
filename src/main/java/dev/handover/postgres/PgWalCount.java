package dev.handover.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts committed transactions in a stretch of a primary's WAL with {@code pg_walinspect} (contrib, shipped
 * with PostgreSQL 15): every COMMIT and COMMIT_PREPARED record of the Transaction resource manager is one
 * transaction that wrote and committed. Read-only transactions take no xid and write no commit record, so
 * they are never counted; Handover's own transactions are left out by xid. Background commits (autovacuum's
 * ANALYZE, which writes pg_statistic) are commits too and are counted.
 *
 * <p>The functions need the extension in the database the session is connected to; it is created before a
 * force run's freeze ({@link #ensure}), never while writes are frozen.
 */
final class PgWalCount {
    static final String EXTENSION = "pg_walinspect";
    /** A transaction that wrote and committed: COMMIT, or COMMIT_PREPARED of a two-phase one. */
    private static final String COMMIT_RECORDS = "resource_manager = 'Transaction' AND record_type IN ('COMMIT', 'COMMIT_PREPARED')";
    /**
     * How far before the target's position the scan starts, so a commit record that began below it and ends
     * above it (the target flushed half of it) is found: commit records are small, a few kB with many
     * subtransactions or invalidations.
     */
    static final long BEFORE = 1024 * 1024;
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(20);
    /** {@code timestamptz_to_str}'s form in a commit record's description, its zone left off. */
    private static final Pattern COMMIT_TIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?)");
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 6, true).toFormatter();

    private PgWalCount() {
    }

    /** Whether the extension is installed in the database {@code c} is connected to. */
    static boolean installed(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 FROM pg_extension WHERE extname = '" + EXTENSION + "'")) {
            return rs.next();
        }
    }

    /**
     * Creates the extension where it is missing (a superuser session on the primary, before any freeze) and
     * gives the xid of the transaction that created it, empty when it already was there: that commit is
     * Handover's own and lies in the WAL a stuck target may miss.
     */
    static OptionalLong ensure(Connection c) throws SQLException {
        if (installed(c)) {
            return OptionalLong.empty();
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS " + EXTENSION);
            OptionalLong xid;
            try (ResultSet rs = st.executeQuery("SELECT txid_current_if_assigned()")) {
                rs.next();
                long v = rs.getLong(1);
                xid = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v & 0xFFFF_FFFFL);
            }
            c.commit();
            return xid;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * {@link #ensure} on a primary that may be frozen or fenced (a repair's count): this one session may write, for
     * the extension only; the session is the count's own.
     */
    static void ensureOnFrozen(Connection c) throws SQLException {
        if (installed(c)) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("SET default_transaction_read_only = off");
        }
        ensure(c);
    }

    /**
     * The xid of the transaction that created the extension, whenever and by whom: Handover's own (a repair's count
     * or a force run's sample made it), never the application's. Empty when it is not installed.
     */
    static Set<Long> creator(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT xmin::text::bigint FROM pg_extension WHERE extname = '" + EXTENSION + "'")) {
            return rs.next() ? Set.of(rs.getLong(1)) : Set.of();
        }
    }

    /**
     * The commits in a WAL range.
     *
     * @param ends       each counted commit record's end, ascending
     * @param span       from the first to the last counted commit's time, when the records gave them
     * @param edgeMissed why the WAL just below the range could not be read, so one commit record crossing its start
     *                   may be missing; empty when it was read
     * @param leftOut    Handover's own commits found and left out
     */
    record Commits(long[] ends, Optional<Duration> span, Optional<String> edgeMissed, int leftOut) {
    }

    /**
     * The commits whose record ends in {@code (after, upto]}, Handover's {@code own} xids left out: what a
     * node that durably holds WAL up to {@code after} lacks of a primary frozen at {@code upto}.
     */
    static Commits commitsEndingIn(Connection c, long after, long upto, Set<Long> own) throws SQLException {
        timeouts(c);
        try {
            return scan(c, Math.max(0, after - BEFORE), after, upto, own, Optional.empty());
        } catch (SQLException e) {
            // The WAL well below the target's position was recycled (no slot keeps it): the target's own
            // segment is there (it is the oldest one a standby still needs), from its start.
            long segment = segmentSize(c);
            long segmentStart = after - after % segment;
            if (after - segmentStart >= EDGE) {
                try {
                    return scan(c, segmentStart, after, upto, own, Optional.empty());
                } catch (SQLException again) {
                    e.addSuppressed(again);
                }
            }
            return scan(c, after, after, upto, own, Optional.of(firstLine(e.getMessage())));
        }
    }

    /** Past this much WAL before the target's position only a commit record larger than it could cross it. */
    static final long EDGE = 64 * 1024;

    private static long segmentSize(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT setting::bigint * CASE unit WHEN 'B' THEN 1 WHEN 'kB' THEN 1024 WHEN 'MB' THEN 1048576 ELSE 1 END "
                        + "FROM pg_settings WHERE name = 'wal_segment_size'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no reason given";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Commit records that start at or after {@code from} and end by {@code upto}: a rate sample's count. */
    static long commitsBetween(Connection c, long from, long upto) throws SQLException {
        timeouts(c);
        return count(c, from, upto, Set.of());
    }

    /**
     * The one count of commits in a WAL range: commit records that start at or after {@code from} and end by
     * {@code upto} (what pg_get_wal_records_info returns), the {@code own} xids left out. No statement timeout of
     * its own: a rate sample sets one ({@link #commitsBetween}), a repair's count of a long range may need longer.
     */
    static long count(Connection c, long from, long upto, Set<Long> own) throws SQLException {
        if (upto <= from) {
            return 0; // pg_get_wal_records_info refuses an empty range
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_get_wal_records_info(?::pg_lsn, ?::pg_lsn) "
                + "WHERE " + COMMIT_RECORDS + " AND xid::text::bigint <> ALL (?)")) {
            ps.setString(1, Lsn.format(from));
            ps.setString(2, Lsn.format(upto));
            ps.setArray(3, c.createArrayOf("bigint", own.toArray(Long[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Commits scan(Connection c, long from, long after, long upto, Set<Long> own, Optional<String> edgeMissed)
            throws SQLException {
        List<Long> ends = new ArrayList<>();
        LocalDateTime first = null;
        LocalDateTime last = null;
        boolean allTimed = true;
        int leftOut = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT (end_lsn - '0/0')::numeric::bigint, xid::text::bigint, "
                + "description FROM pg_get_wal_records_info(?::pg_lsn, ?::pg_lsn) WHERE " + COMMIT_RECORDS
                + " AND end_lsn > ?::pg_lsn AND end_lsn <= ?::pg_lsn "
                + "ORDER BY end_lsn")) {
            ps.setString(1, Lsn.format(from));
            ps.setString(2, Lsn.format(upto));
            ps.setString(3, Lsn.format(after));
            ps.setString(4, Lsn.format(upto));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (own.contains(rs.getLong(2))) {
                        leftOut++;
                        continue;
                    }
                    ends.add(rs.getLong(1));
                    Optional<LocalDateTime> at = commitTime(rs.getString(3));
                    if (at.isEmpty()) {
                        allTimed = false;
                        continue;
                    }
                    first = first == null ? at.get() : first;
                    last = at.get();
                }
            }
        }
        // Local times in the server's log_timezone: the difference is off only across a DST change.
        Optional<Duration> span = allTimed && first != null && !last.isBefore(first)
                ? Optional.of(Duration.between(first, last)) : Optional.empty();
        return new Commits(ends.stream().mapToLong(Long::longValue).toArray(), span, edgeMissed, leftOut);
    }

    static Optional<LocalDateTime> commitTime(String description) {
        if (description == null) {
            return Optional.empty();
        }
        Matcher m = COMMIT_TIME.matcher(description);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(m.group(1), TIME));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A count never holds a frozen prompt for long: a slow scan fails, and the prompt estimates instead. */
    private static void timeouts(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = " + STATEMENT_TIMEOUT.toMillis());
        }
    }
}
