package dev.handover.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * After a forced commit: where the new primary's timeline begins, i.e. how far it holds the old primary's WAL,
 * and the commit report with a step saying so. Apart from {@link PgTransport} because it is read once, after
 * the commit, from the new primary's timeline history.
 */
final class PgHeldAtHandover {
    /** Where the new timeline begins, and the report with the step that says it. */
    record Held(long at, PgCommitReport report) {
    }

    private PgHeldAtHandover() {
    }

    /**
     * A commit forced past the last reading may still carry more: the old primary's clean shutdown sends
     * its WAL to every connected standby, the lagging target included, before it is promoted (and a
     * partial record at the end of what was received is dropped). The new timeline's switch point says
     * what the new primary really holds; the coordinator counts the skipped LSNs from it, and the
     * report says how it differs from the reading.
     */
    static Optional<Held> read(PgConnector connector, PgNodeDefinition oldPrimary, PgNodeDefinition target, long newTerm,
                               long lastReading, long frontier, PgCommitReport report) {
        try (Connection c = connector.open(target, PgTransport.SOCKET_TIMEOUT); var st = c.createStatement();
             var rs = st.executeQuery("SELECT pg_read_file('pg_wal/" + TimelineHistory.fileName(newTerm) + "')")) {
            rs.next();
            OptionalLong fork = TimelineHistory.switchPoint(rs.getString(1), newTerm - 1);
            if (fork.isEmpty()) {
                return Optional.empty();
            }
            long h = fork.getAsLong();
            List<dev.handover.cluster.AfterRun.Step> steps = new ArrayList<>(report.steps());
            steps.add(new dev.handover.cluster.AfterRun.Step(Optional.empty(), target.id() + "'s timeline " + newTerm
                    + " begins at " + Lsn.format(h) + ": it holds "
                    + oldPrimary.id() + "'s WAL up to there (the last reading before the commit was "
                    + Lsn.format(lastReading) + "), so " + (h >= frontier ? "nothing below the frontier "
                    + Lsn.format(frontier) + " was skipped" : PgPositions.INSTANCE.amount(frontier - h)
                    + " below the frontier " + Lsn.format(frontier) + " were skipped")));
            return Optional.of(new Held(h, new PgCommitReport(steps, report.remaining(), report.rewound())));
        } catch (SQLException e) {
            // the coordinator keeps counting from the last reading
            return Optional.empty();
        }
    }
}
