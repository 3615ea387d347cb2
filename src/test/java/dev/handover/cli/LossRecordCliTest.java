package dev.handover.cli;

import dev.handover.journal.Result;
import dev.handover.journal.Journal;
import dev.handover.journal.JournalRun;
import dev.handover.journal.EventEntry;
import dev.handover.journal.LossInfo;
import dev.handover.journal.LostInfo;
import dev.handover.journal.OutcomeInfo;
import dev.handover.journal.RunReport;
import dev.handover.metrics.Exposition;
import dev.handover.metrics.Promtool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20, finding 3: what a run lost travels from its record to {@code history} and {@code metrics} as a
 * typed figure — counted, an estimated range with its basis, or unknown — and a run whose outcome nobody
 * knows never reads as 0 lost (it used to: "0 bytes" skipped in history, 0 in the metrics).
 */
class LossRecordCliTest {
    private static final String CLUSTER = "pg:/srv/shop.json";

    @TempDir
    Path dir;

    @Test
    void historyAndMetricsKeepCountedEstimatedAndUnknownLossesApart() throws Exception {
        Journal j = Journal.at(dir);
        record(j, "force", List.of(frozen(0, 5000), committed(1500, 5000, 4000)),
                new OutcomeInfo(Result.FORCED, OutcomeInfo.HEALTHY, false, 8L, 5000, 4000, 1000L, true, 1500,
                        List.of(), null, "forced"),
                new LossInfo(1000, true, LostInfo.exact(85, "committed transactions",
                        "counted in the WAL of pg1 with pg_walinspect"), LostInfo.exact(85,
                        "committed transactions", "counted in the WAL of pg1 with pg_walinspect")));
        record(j, "force", List.of(frozen(0, 9000), committed(1500, 9000, 7000)),
                new OutcomeInfo(Result.FORCED, OutcomeInfo.HEALTHY, false, 9L, 9000, 7000, 2000L, true, 1500,
                        List.of(), null, "forced"),
                new LossInfo(2000, true, LostInfo.estimated(60, 110, "committed transactions",
                        "estimate, basis: transaction ids assigned a MB of WAL on pg1"), null));
        record(j, "force", List.of(frozen(0, 12000)),
                new OutcomeInfo(Result.UNKNOWN, true, 10L, 12000, 11000, null, false, 2000, List.of(), "commit-failed",
                        "pg2 did not promote"),
                new LossInfo(0, true, LostInfo.unknown("the commit's outcome is unknown"), null));
        // A forced run recorded before loss figures were kept: unknown, not 0.
        record(j, "force", List.of(frozen(0, 15000), committed(1500, 15000, 14000)),
                new OutcomeInfo(Result.FORCED, OutcomeInfo.HEALTHY, false, 11L, 15000, 14000, 1000L, true, 1500,
                        List.of(), null, "forced"), null);

        CliRun history = CliRun.of(dir, "history", "--journal", dir.toString());
        assertEquals(0, history.code(), history.err());
        List<String> rows = history.out().lines().filter(l -> l.contains(CLUSTER)).toList();
        assertEquals(4, rows.size(), history.out());
        assertTrue(rows.get(0).matches(".*forced, DATA LOST.*\\s85\\s+1,000 bytes.*"), rows.get(0));
        assertTrue(rows.get(1).matches(".*forced, DATA LOST.*\\s60-110 \\(est\\.\\)\\s+2,000 bytes.*"), rows.get(1));
        assertTrue(rows.get(2).matches(".*unknown.*\\sunknown\\s+unknown\\s*"), rows.get(2));
        assertFalse(rows.get(2).contains("0 bytes"), "an unknown outcome never reads as nothing skipped: " + rows.get(2));
        assertTrue(rows.get(3).matches(".*forced, DATA LOST.*\\sunknown\\s+1,000 bytes.*"), rows.get(3));

        String estimated = history.out().lines().filter(l -> l.contains("60-110")).findFirst().orElseThrow();
        String id = estimated.trim().split("\\s+")[2];
        CliRun show = CliRun.of(dir, "history", "--journal", dir.toString(), "--show", id);
        assertTrue(show.out().contains("Lost: between 60 and 110 committed transactions (estimated: estimate, basis: "
                + "transaction ids assigned a MB of WAL on pg1)"), show.out());

        CliRun metrics = CliRun.of(dir, "metrics", "--journal", dir.toString());
        assertEquals(0, metrics.code(), metrics.err());
        assertEquals(new Promtool.Check(0, ""), Promtool.checkMetrics(metrics.out()), metrics.out());
        Exposition x = Exposition.parse(metrics.out());
        assertEquals(85, x.get("handover_lost_transactions_total", "cluster", CLUSTER, "figure", "exact"));
        assertEquals(60, x.get("handover_lost_transactions_total", "cluster", CLUSTER, "figure", "estimated_low"));
        assertEquals(110, x.get("handover_lost_transactions_total", "cluster", CLUSTER, "figure", "estimated_high"));
        assertEquals(2, x.get("handover_runs_loss_unknown_total", "cluster", CLUSTER),
                "the unknown outcome and the forced run without a figure");
        assertEquals(4000, x.get("handover_skipped_positions_total", "cluster", CLUSTER));
    }

    private static EventEntry frozen(long atMs, long frontier) {
        return new EventEntry(atMs, "frozen", frontier, null, null, null, null, null, null, null, null, null);
    }

    private static EventEntry committed(long atMs, long frontier, long reached) {
        long skipped = frontier - reached;
        return new EventEntry(atMs, "committed", frontier, reached, skipped, null, null, null, 8L, skipped > 0,
                atMs, null);
    }

    private static void record(Journal journal, String mode, List<EventEntry> events, OutcomeInfo outcome,
                               LossInfo loss) throws IOException {
        RunReport.RunInfo who = new RunReport.RunInfo("dba", Instant.parse("2026-11-29T08:00:00Z"), CLUSTER, "0.1.0");
        RunReport.RequestInfo request = new RunReport.RequestInfo("pg1", "10.0.0.1:5432", "eu", "pg2", "10.0.0.2:5432", "eu",
                7, 8, mode, 10_000, 100, 0, "approve", null);
        JournalRun run = journal.start(who, request, List.of());
        RunReport report = new RunReport(who, request, events, outcome, null);
        run.finish(loss == null ? report : report.withLoss(loss));
    }
}
