package dev.handover.postgres;

import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.WriteRate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a forced commit loses on PostgreSQL, in transactions: counted in the WAL with pg_walinspect at the
 * prompt, else a range estimated from write transactions a byte of WAL, sampled before the freeze. Never
 * {@code pg_stat_database.xact_commit}, which counts read-only transactions too (an idle WAL and a busy
 * read load once made 85 lost transactions read as 178,304).
 *
 * <p>Keeps the xids of Handover's own commits (the extension's creation, each freeze's flushing transaction)
 * so a count leaves them out. The freeze's commit writes no WAL before its commit record, so PostgreSQL does
 * not wait for it to be flushed and it usually lies just past the frontier; left out all the same where not.
 */
final class PgLoss {
    /** Two samples of this long each make the rate and its spread. */
    static final Duration SAMPLE = Duration.ofSeconds(1);

    private final Set<Long> own = ConcurrentHashMap.newKeySet();

    /** A commit of Handover's own, never a client's write. */
    void own(long xid) {
        own.add(xid);
    }

    /**
     * Before a force run's freeze, on the primary behind {@code c}: creates pg_walinspect if it can (so the
     * prompt can count), then reads two {@link #SAMPLE}s of WAL bytes against write transactions — commit records
     * counted in the WAL where pg_walinspect is there, else transaction ids assigned. Blocks two samples long.
     */
    WriteRate sample(Connection c, String nodeId) throws SQLException, InterruptedException {
        String walinspect;
        boolean counts;
        try {
            OptionalLong created = PgWalCount.ensure(c);
            created.ifPresent(this::own);
            counts = true;
            walinspect = created.isPresent() ? " (pg_walinspect created for the count)" : "";
        } catch (SQLException e) {
            counts = false;
            walinspect = " (pg_walinspect could not be used: " + firstLine(e.getMessage()) + ")";
        }
        long[] a = counters(c);
        long started = System.nanoTime();
        Thread.sleep(SAMPLE.toMillis());
        long[] b = counters(c);
        Thread.sleep(SAMPLE.toMillis());
        long[] d = counters(c);
        double seconds = (System.nanoTime() - started) / 1e9;
        long first;
        long second;
        if (counts) {
            first = PgWalCount.commitsBetween(c, a[0], b[0]);
            second = PgWalCount.commitsBetween(c, b[0], d[0]);
        } else {
            first = Math.max(0, b[1] - a[1]);
            second = Math.max(0, d[1] - b[1]);
        }
        long bytes = Math.max(0, d[0] - a[0]);
        Optional<WriteRate.PerPosition> spread = spread(first, b[0] - a[0], second, d[0] - b[0]);
        String window = String.format(Locale.ROOT, "over the last %.0f s before the freeze", seconds);
        String what = counts
                ? "write transactions a MB of WAL on " + nodeId + ", commit records counted with pg_walinspect "
                  + window + " in two samples" + perMb(spread) + walinspect + "; read-only transactions write none"
                : "transaction ids assigned a MB of WAL on " + nodeId + " " + window + " in two samples" + perMb(spread)
                  + walinspect + "; read-only transactions take none, aborted ones and subtransactions do, so it may "
                  + "read high";
        return new WriteRate(bytes / seconds, OptionalDouble.of((first + second) / seconds),
                Duration.ofNanos((long) (seconds * 1e9)), what, spread, ForceLoss.Unit.TRANSACTIONS);
    }

    /**
     * The transactions committed on the primary behind {@code c} whose commit record ends past {@code after},
     * Handover's own left out; empty when pg_walinspect is not there or cannot read it. The scan runs to the
     * primary's flushed WAL now, not only to the frozen frontier {@code upto}: a commit acknowledged without a
     * flush (synchronous_commit off) or made past the freeze (a session that turned read-only off for itself)
     * is lost by a forced commit all the same, and is counted, and said.
     */
    Optional<ForceLoss.LostWrites> count(Connection c, String nodeId, long after, long upto) {
        try {
            if (!PgWalCount.installed(c) || inRecovery(c)) {
                // A node that follows another (the old primary after the commit, rewound) holds that node's
                // history, not the WAL the target missed: no count from it.
                return Optional.empty();
            }
            long end = Math.max(upto, flushed(c));
            PgWalCount.Commits commits = PgWalCount.commitsEndingIn(c, after, end, Set.copyOf(own));
            long n = commits.ends().length;
            long past = java.util.Arrays.stream(commits.ends()).filter(e -> e > upto).count();
            String basis = "counted in the WAL of " + nodeId + " with pg_walinspect: commit records between "
                    + Lsn.format(after) + " and " + Lsn.format(end)
                    + (end > upto ? " (the frozen frontier is " + Lsn.format(upto) + (past == 0 ? ", none past it"
                       : "; " + past + " committed past it, acknowledged without a flush or made during the freeze")
                       + ")" : "")
                    + (commits.leftOut() == 0 ? "" : ", Handover's own " + commits.leftOut() + " left out")
                    + "; read-only transactions write none";
            if (commits.edgeMissed().isPresent()) {
                return Optional.of(new ForceLoss.Estimated(n, n + 1, ForceLoss.Unit.TRANSACTIONS, "estimate, basis: "
                        + basis + "; the WAL just below " + Lsn.format(after) + " could not be read ("
                        + commits.edgeMissed().get() + "), so one commit crossing it may be missing"));
            }
            return Optional.of(new ForceLoss.Counted(n, ForceLoss.Unit.TRANSACTIONS, basis, commits.ends(), commits.span()));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private static boolean inRecovery(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static long flushed(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (pg_current_wal_flush_lsn() - '0/0')::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The lowest and highest transactions a byte of the two samples; empty when neither wrote WAL. */
    static Optional<WriteRate.PerPosition> spread(long n1, long bytes1, long n2, long bytes2) {
        double lo = Double.MAX_VALUE;
        double hi = -1;
        for (double r : new double[]{bytes1 > 0 ? n1 / (double) bytes1 : -1, bytes2 > 0 ? n2 / (double) bytes2 : -1}) {
            if (r >= 0) {
                lo = Math.min(lo, r);
                hi = Math.max(hi, r);
            }
        }
        return hi < 0 ? Optional.empty() : Optional.of(new WriteRate.PerPosition(lo, hi));
    }

    private static String perMb(Optional<WriteRate.PerPosition> spread) {
        return spread.map(s -> String.format(Locale.ROOT, " (%,.0f to %,.0f a MB)", s.low() * 1048576, s.high() * 1048576))
                .orElse(" (no WAL written)");
    }

    /** The WAL flush position (pg_walinspect reads no further) and the next transaction id not yet completed: neither assigns an xid. */
    private static long[] counters(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT (pg_current_wal_flush_lsn() - '0/0')::bigint, pg_snapshot_xmax(pg_current_snapshot())::text::bigint")) {
            rs.next();
            return new long[]{rs.getLong(1), rs.getLong(2)};
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no reason given";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
