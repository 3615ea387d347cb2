package dev.handover.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a repair reads out of a node's WAL: where the WAL of a stopped node really ends (its last
 * checkpoint is only a lower bound: a crashed primary wrote past it, and even a clean shutdown's
 * checkpoint record has a length), and how many transactions committed in a range — the count a repair
 * shows before it discards that range. Running nodes are asked through pg_walinspect ({@link PgWalCount},
 * the one count of commits in a range); nodes on this host that do not answer are read with pg_waldump.
 */
final class PgWalReading {
    private static final Pattern RECORD = Pattern.compile("len \\(rec/tot\\):\\s*\\d+/\\s*(\\d+), tx:\\s*\\d+, lsn: ([0-9A-F]+/[0-9A-F]+)");

    private PgWalReading() {
    }

    /** A count of committed transactions, exact or not, and how it was made. */
    record Count(long transactions, boolean exact, String basis) {
    }

    /** The highest timeline any WAL segment or history file in the node's pg_wal names. */
    static long lastTimeline(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("pg_wal"))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("[0-9A-F]{24}") || n.matches("[0-9A-F]{8}\\.history"))
                    .mapToLong(n -> Long.parseLong(n.substring(0, 8), 16)).max().orElse(1);
        }
    }

    /** Where the WAL of a stopped node ends: past the last record pg_waldump reads on {@code tli} from {@code from}. */
    static OptionalLong end(PgCtl ctl, long tli, long from) {
        try {
            String out = ctl.waldump("-t", Long.toString(tli), "-s", Lsn.format(from));
            long end = -1;
            Matcher m = RECORD.matcher(out);
            while (m.find()) {
                long lsn = Lsn.parse(m.group(2));
                long len = Long.parseLong(m.group(1));
                end = Math.max(end, align(lsn + len));
            }
            return end < 0 ? OptionalLong.empty() : OptionalLong.of(end);
        } catch (IOException | IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }

    /** Records start MAXALIGNed (8 bytes on every platform PostgreSQL 15 runs on). */
    private static long align(long lsn) {
        return (lsn + 7) & ~7L;
    }

    /**
     * Transactions committed in {@code [from, to)} on {@code holder}: pg_walinspect on a reachable node (the
     * extension created when missing, its own commit past {@code to} so never counted), else pg_waldump on
     * this host; else no count.
     */
    static Optional<Count> commits(PgNodeView holder, PgConnector connector, long tli, long from, long to) {
        String why = "";
        if (holder.status().reachable()) {
            try (Connection c = connector.open(holder.node(), java.time.Duration.ofSeconds(30))) {
                return Optional.of(walinspect(c, from, to));
            } catch (SQLException e) {
                why = "pg_walinspect: " + e.getMessage();
            }
        }
        if (holder.node().local().isPresent()) {
            try {
                PgCtl ctl = new PgCtl(holder.id(), holder.node().local().get());
                String out = ctl.waldump("-t", Long.toString(tli), "-s", Lsn.format(from), "-e", Lsn.format(to), "-r", "Transaction");
                long commits = out.lines().filter(l -> l.contains("desc: COMMIT")).count();
                return Optional.of(new Count(commits, true, "commit records counted with pg_waldump in " + holder.id()
                        + "'s pg_wal"));
            } catch (IOException e) {
                why = (why.isEmpty() ? "" : why + "; ") + "pg_waldump: " + e.getMessage();
            }
        }
        return Optional.of(new Count(-1, false, "the WAL could not be read (" + (why.isEmpty() ? holder.id()
                + " is neither reachable nor on this host" : why) + "); the number is unknown"));
    }

    private static Count walinspect(Connection c, long from, long to) throws SQLException {
        PgWalCount.ensureOnFrozen(c);
        // The transaction that created the extension (Handover's own, made for this count) is not the application's.
        return new Count(PgWalCount.count(c, from, to, PgWalCount.creator(c)), true, "commit records counted with "
                + "pg_walinspect on the node, less the one that created pg_walinspect");
    }
}
