package dev.handover.postgres;

import dev.handover.testing.RealServer;
import dev.handover.cli.CliRun;
import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.ForceLossText;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.ForceApproval;
import dev.handover.core.ForceDecision;
import dev.handover.core.ForcePrompt;
import dev.handover.core.HandoverEvent;
import dev.handover.core.HandoverListener;
import dev.handover.core.RunHooks;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.journal.Journal;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.LossInfo;
import dev.handover.journal.LostInfo;
import dev.handover.journal.RunReport;
import dev.handover.metrics.Exposition;
import dev.handover.metrics.Promtool;
import dev.handover.postgres.harness.AckedWriter;
import dev.handover.testing.Await;
import dev.handover.postgres.harness.ClusterShape;
import dev.handover.postgres.harness.Faults;
import dev.handover.postgres.harness.LinkProxy;
import dev.handover.postgres.harness.LoopbackCluster;
import dev.handover.run.CompletedRun;
import dev.handover.run.FinishedRun;
import dev.handover.run.PreparedRun;
import dev.handover.run.RunEnd;
import dev.handover.run.RunService;
import dev.handover.run.RunSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20, finding 3, on a real PostgreSQL 15 cluster: the force prompt's loss figure is the number of
 * transactions the target lacks, counted in the frozen primary's WAL with pg_walinspect — not xact_commit
 * (which counts a busy read load) times WAL bytes (which one large transaction swells). The target (pg2)
 * is held behind a paused replication link while an acknowledged writer commits one row a transaction, a
 * reader runs read-only transactions and one transaction inserts 20,000 rows; the figure must equal what
 * the test itself counts with JDBC (rows on the old primary the target lacks, plus the large transaction,
 * plus one committed during the freeze by a session that turned read-only off for itself, past the frontier),
 * and the report, the journal, {@code history} and {@code metrics} must keep it.
 */
@RealServer
class PgForceLossTest {
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration WRITE_EVERY = Duration.ofMillis(5);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final int BIG_ROWS = 20_000;

    @TempDir
    Path dir;

    @Test
    void theForcePromptCountsTheLostTransactionsInTheWalAndTheRecordKeepsThem() throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(ClusterShape.production(3));
             PgCluster pg = new PgCluster(cluster.definition(), cluster.connector());
             LinkProxy link = LinkProxy.to(cluster.node("pg1").port())) {
            Faults.routeLink(cluster, "pg2", link.port());
            try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement()) {
                // Autovacuum's ANALYZE commits too, and a WAL count includes it (the basis says so); off here,
                // so the rows this test counts are the whole truth of what was committed.
                st.execute("ALTER SYSTEM SET autovacuum = off");
                st.execute("SELECT pg_reload_conf()");
                st.execute("CREATE TABLE loss_big (id int, pad text)");
                st.execute("CREATE TABLE loss_during_freeze (id int)");
            }
            AtomicBoolean reading = new AtomicBoolean(true);
            AtomicLong readOnly = new AtomicLong();
            Thread reader = new Thread(() -> readOnlyLoad(cluster, reading, readOnly), "read-only-load");
            reader.setDaemon(true);
            try (AckedWriter writer = AckedWriter.start(cluster.multiHostUrl(), cluster.shape().password(), WRITE_EVERY)) {
                awaitAcks(writer, 20);
                reader.start();

                // pg2 falls behind: rows committed one a transaction, read-only ones, and one large transaction.
                link.pause();
                awaitAcks(writer, 40);
                try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement()) {
                    st.execute("INSERT INTO loss_big SELECT g, repeat('x', 200) FROM generate_series(1, " + BIG_ROWS + ") g");
                }
                awaitAcks(writer, 40);

                Journal journal = Journal.at(dir.resolve("journal"));
                FailoverRequest req = request(pg);
                PreparedRun prepared = RunService.prepare(new RunSpec(pg, pg.status(), req, POLL, Optional.of("approve"),
                        Optional.of(journal)));
                AtomicReference<ForceLoss> shown = new AtomicReference<>();
                AtomicReference<Seen> seen = new AtomicReference<>();
                ForceApproval approval = new ForceApproval() {
                    @Override
                    public Duration window() {
                        return Duration.ofSeconds(120);
                    }

                    @Override
                    public ForceDecision decide(ForcePrompt prompt) {
                        shown.set(prepared.assess(prompt, Optional.empty()));
                        seen.set(lacking(cluster, writer));
                        link.cut(); // the target gets nothing more: the forced commit hands over at the prompt's position
                        return ForceDecision.APPROVE;
                    }
                };
                // The freeze's known gap: a session that turns read-only off for itself commits while frozen,
                // past the frontier (here as the prompt opens). A force loses it as well; the count includes it.
                HandoverListener gap = e -> {
                    if (e instanceof HandoverEvent.AwaitingApproval) {
                        duringFreeze(cluster);
                    }
                };
                CompletedRun ran = prepared.run(RunHooks.none().withListener(gap).withApproval(approval));
                FinishedRun finished = ran.finish();
                reading.set(false);
                reader.join(SETTLE.toMillis());

                FailoverOutcome outcome = assertInstanceOf(RunEnd.Handed.class, ran.end(), ran.events().toString()).outcome();
                assertTrue(outcome.forced(), outcome.toString());
                Seen truth = seen.get();
                ForceLoss loss = shown.get();
                assertEquals(BIG_ROWS, truth.bigOnPrimary(), "the large transaction committed on pg1");
                assertEquals(0, truth.bigOnTarget(), "pg2 lacks the large transaction");
                long expected = truth.rowsLacking() + 1 + 1; // the rows, the large transaction, the one past the frontier
                ForceLoss.Counted counted = assertInstanceOf(ForceLoss.Counted.class, loss.writes(), loss.writes().toString());
                assertEquals(expected, counted.count(), "the prompt's count vs the rows pg2 lacks (" + truth.rowsLacking()
                        + ") and the large transaction: " + counted);
                assertTrue(truth.ackedLacking() >= truth.rowsLacking() - 1 && truth.ackedLacking() <= truth.rowsLacking(),
                        "every committed row pg2 lacks was acknowledged, but for one the freeze may have cut off: " + truth);
                assertTrue(readOnly.get() > 2 * expected, "a read-only load ran alongside: " + readOnly.get()
                        + " read-only transactions, none counted");
                assertTrue(counted.basis().startsWith("counted in the WAL of pg1 with pg_walinspect"), counted.basis());
                assertTrue(counted.basis().contains("Handover's own"), "the freeze's commit is left out: " + counted.basis());
                assertTrue(counted.basis().contains("; 1 committed past it"), "the commit made during the freeze is "
                        + "counted and said: " + counted.basis());
                assertEquals(String.format(java.util.Locale.ROOT, "%,d committed transactions will be lost", expected),
                        ForceLossText.writes(loss));
                assertTrue(ForceLossText.time(loss).endsWith("from the first to the last lost commit's time in the log"),
                        ForceLossText.time(loss));

                // The record: the skipped bytes and the lost transactions as numbers, exact.
                RunReport report = finished.report();
                LossInfo recorded = report.lost().orElseThrow(() -> new AssertionError(report.toJson()));
                assertEquals(outcome.skippedLsn(), recorded.skippedPositions());
                assertTrue(recorded.positionsAreBytes());
                assertEquals(LostInfo.exact(expected, "committed transactions", counted.basis()),
                        recorded.lostTransactions());
                JournaledRun inJournal = journal.load().runs().get(0);
                assertEquals(recorded.lostTransactions(), inJournal.lost(), "the journal keeps the figure");

                // The acknowledged rows the new primary lacks are the ones pg2 lacked at the prompt: no more.
                writer.close();
                Set<Long> onNew = ids(cluster, "pg2", "SELECT id FROM " + LoopbackCluster.TABLE);
                long ackedMissing = writer.acks().stream().filter(a -> !onNew.contains(a.id())).count();
                assertEquals(truth.ackedLacking(), ackedMissing, "acknowledged rows missing on the new primary");

                CliRun history = CliRun.of(dir.resolve("journal"), "history", "--journal", dir.resolve("journal").toString());
                String count = String.format(java.util.Locale.ROOT, "%,d", expected);
                assertTrue(history.out().matches("(?s).*forced, DATA LOST.* " + count + "\\s+[0-9,]+ bytes.*"), history.out());
                CliRun show = CliRun.of(dir.resolve("journal"), "history", "--journal", dir.resolve("journal").toString(),
                        "--show", inJournal.id());
                assertTrue(show.out().contains("Lost: " + count + " committed transactions (exact: counted in the WAL of pg1 "
                        + "with pg_walinspect"), show.out());

                CliRun metrics = CliRun.of(dir.resolve("journal"), "metrics", "--journal", dir.resolve("journal").toString());
                assertEquals(0, metrics.code(), metrics.err());
                assertEquals(new Promtool.Check(0, ""), Promtool.checkMetrics(metrics.out()), metrics.out());
                Exposition x = Exposition.parse(metrics.out());
                String label = inJournal.cluster().replace("\\", "\\\\").replace("\"", "\\\"");
                assertEquals(expected, x.get("handover_lost_transactions_total", "cluster", label, "figure", "exact"));
                assertEquals(0, x.get("handover_lost_transactions_total", "cluster", label, "figure", "estimated_high"));
                assertEquals(outcome.skippedLsn(), x.get("handover_skipped_positions_total", "cluster", label));
                assertEquals(0, x.get("handover_runs_loss_unknown_total", "cluster", label));
                System.out.printf("[loss] prompt counted %d lost transactions (%d rows pg2 lacked + 1 of %d rows + 1 during the freeze), %d "
                                + "read-only transactions alongside, %d bytes skipped; %s; %s%n", expected, truth.rowsLacking(),
                        BIG_ROWS, readOnly.get(), outcome.skippedLsn(), counted.basis(), ForceLossText.time(loss));
            }
        }
    }

    /** One transaction committed on the frozen pg1 by a session that turned the freeze's default off for itself. */
    private static void duringFreeze(LoopbackCluster cluster) {
        try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement()) {
            st.execute("SET default_transaction_read_only = off");
            st.execute("INSERT INTO loss_during_freeze VALUES (1)");
        } catch (SQLException e) {
            throw new IllegalStateException("a write during the freeze failed: " + e.getMessage(), e);
        }
    }

    /** What the test itself sees at the prompt, through its own sessions. */
    record Seen(long rowsLacking, long ackedLacking, long bigOnPrimary, long bigOnTarget) {
    }

    /** pg2 replays all it received, then: the rows pg1 holds and pg2 lacks, acknowledged or not. */
    private static Seen lacking(LoopbackCluster cluster, AckedWriter writer) {
        try {
            Await.until("pg2 replays all it received (replayed, received)", SETTLE, () -> {
                try (Connection c = cluster.connect("pg2"); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT pg_last_wal_replay_lsn() >= pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()::text || ', '"
                                + " || pg_last_wal_receive_lsn()::text")) {
                    rs.next();
                    return java.util.Map.entry(rs.getBoolean(1), rs.getString(2));
                }
            }, java.util.Map.Entry::getKey);
            Set<Long> onPrimary = ids(cluster, "pg1", "SELECT id FROM " + LoopbackCluster.TABLE);
            Set<Long> onTarget = ids(cluster, "pg2", "SELECT id FROM " + LoopbackCluster.TABLE);
            long rows = onPrimary.stream().filter(id -> !onTarget.contains(id)).count();
            long acked = writer.acks().stream().filter(a -> !onTarget.contains(a.id())).count();
            return new Seen(rows, acked, ids(cluster, "pg1", "SELECT id FROM loss_big").size(),
                    ids(cluster, "pg2", "SELECT id FROM loss_big").size());
        } catch (SQLException e) {
            throw new IllegalStateException("counting rows at the prompt failed: " + e.getMessage(), e);
        }
    }

    private static Set<Long> ids(LoopbackCluster cluster, String node, String sql) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (Connection c = cluster.connect(node); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    /** Read-only transactions on pg1, one after another, until told to stop or the freeze ends the session. */
    private static void readOnlyLoad(LoopbackCluster cluster, AtomicBoolean reading, AtomicLong done) {
        try (Connection c = cluster.connect("pg1"); Statement st = c.createStatement()) {
            while (reading.get()) {
                st.execute("BEGIN READ ONLY");
                st.executeQuery("SELECT count(*) FROM " + LoopbackCluster.TABLE).close();
                st.execute("COMMIT");
                st.executeQuery("SELECT now()").close(); // an implicit read-only transaction
                done.addAndGet(2);
            }
        } catch (SQLException e) {
            // ended by the freeze: the load stops there
        }
    }

    private static void awaitAcks(AckedWriter writer, int more) {
        long before = writer.acks().size();
        Await.until(more + " more writes acknowledged", SETTLE, () -> writer.acks().size(), n -> n >= before + more);
    }

    private static FailoverRequest request(PgCluster pg) {
        ClusterSnapshot s = pg.status();
        NodeStatus primary = s.node("pg1").orElseThrow();
        NodeStatus target = s.node("pg2").orElseThrow();
        return new FailoverRequest(primary.node(), target.node(), primary.role().term(), target.durableLsn(),
                new FailoverMode.Force(Duration.ofSeconds(2)));
    }
}
