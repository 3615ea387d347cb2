package dev.handover.metrics;

import dev.handover.journal.Result;
import dev.handover.cli.CliRun;
import dev.handover.core.FreezeSpan;
import dev.handover.journal.Journal;
import dev.handover.journal.JournalContents;
import dev.handover.journal.JournalRun;
import dev.handover.journal.JournaledRun;
import dev.handover.journal.EventEntry;
import dev.handover.journal.OutcomeInfo;
import dev.handover.journal.VerificationInfo;
import dev.handover.journal.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code handover metrics} end to end: switchovers run through the CLI in-process into a journal, the verb's
 * output fed to the real {@code promtool check metrics}, and the values read back against the journal.
 */
class MetricsCliTest {
    private static final String HEALTHY = "sim:healthy";
    private static final String STALLED = "sim:stalled-replica";

    @TempDir
    Path dir;

    private Path journal() {
        return dir.resolve("journal");
    }

    private CliRun cli(String... args) {
        return CliRun.of(dir.resolve("default-journal"), args);
    }

    private CliRun run(String cluster, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--cluster", cluster, "--target", "n2",
                "--journal", journal().toString()));
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    /** {@code metrics --journal}, checked by promtool, read back. */
    private Exposition metrics() throws Exception {
        CliRun m = cli("metrics", "--journal", journal().toString());
        assertEquals(0, m.code(), m.err());
        return promtoolAccepts(m.out());
    }

    private static Exposition promtoolAccepts(String text) throws Exception {
        Promtool.Check check = Promtool.checkMetrics(text);
        assertEquals(new Promtool.Check(0, ""), check, "promtool check metrics on:\n" + text);
        return Exposition.parse(text);
    }

    private static String runId(CliRun r) {
        return r.out().lines().filter(l -> l.startsWith("Recorded as run ")).findFirst().orElseThrow(() ->
                new AssertionError("no run id in:\n" + r.out())).split(" ")[3].replaceAll("[^0-9a-f-]", "");
    }

    @Test
    void runsByResultFreezesSkippedAndLostWritesAsTheJournalHasThem() throws Exception {
        CliRun committed = run(HEALTHY, "--mode", "coordinated", "--deadline", "5s");
        CliRun declined = run(STALLED, "--mode", "force", "--deadline", "1s", "--force-approval", "decline");
        CliRun forced = run(STALLED, "--mode", "force", "--deadline", "1s", "--force-approval", "approve");
        assertEquals(0, committed.code(), committed.out() + committed.err());
        assertEquals(2, declined.code(), declined.out() + declined.err());
        assertEquals(3, forced.code(), forced.out() + forced.err());

        CliRun m = cli("metrics", "--journal", journal().toString());
        assertEquals(0, m.code(), m.err());
        assertEquals("", m.err());
        Exposition x = promtoolAccepts(m.out());

        assertEquals(1, x.get("handover_runs_total", "cluster", HEALTHY, "result", "committed"));
        assertEquals(1, x.get("handover_runs_total", "cluster", STALLED, "result", "aborted"));
        assertEquals(1, x.get("handover_runs_total", "cluster", STALLED, "result", "forced"));
        for (String zero : List.of("forced", "aborted", "unknown", "unfinished")) {
            assertEquals(0, x.get("handover_runs_total", "cluster", HEALTHY, "result", zero), zero);
        }
        assertEquals(0, x.get("handover_runs_total", "cluster", STALLED, "result", "committed"));
        assertEquals("counter", x.types().get("handover_runs_total"));
        assertEquals("histogram", x.types().get("handover_write_freeze_seconds"));

        // The figures of the forced run, as its record holds them: the simulator counted what it lost.
        JournalContents contents = Journal.at(journal()).load();
        JournaledRun forcedRun = contents.runs().get(2);
        assertEquals(Result.FORCED, forcedRun.result());
        long skipped = forcedRun.report().outcome().skippedLsn();
        long lost = forcedRun.report().invariants().lostWrites();
        assertTrue(skipped > 0 && lost > 0, skipped + " skipped, " + lost + " lost");
        assertTrue(forced.out().contains(String.format(java.util.Locale.ROOT, "%,d", lost)), forced.out());
        assertEquals(skipped, x.get("handover_skipped_positions_total", "cluster", STALLED));
        assertEquals(lost, x.get("handover_lost_writes_total", "cluster", STALLED));
        assertEquals(0, x.get("handover_skipped_positions_total", "cluster", HEALTHY));
        assertEquals(0, x.get("handover_lost_writes_total", "cluster", HEALTHY));

        // Write freezes: a caught-up target hands over within 50 ms; both stalled runs froze until the 1 s deadline.
        assertEquals(1, x.get("handover_write_freeze_seconds_count", "cluster", HEALTHY));
        assertEquals(1, x.get("handover_write_freeze_seconds_bucket", "cluster", HEALTHY, "le", "0.05"));
        assertEquals(2, x.get("handover_write_freeze_seconds_count", "cluster", STALLED));
        assertEquals(0, x.get("handover_write_freeze_seconds_bucket", "cluster", STALLED, "le", "0.5"));
        assertEquals(2, x.get("handover_write_freeze_seconds_bucket", "cluster", STALLED, "le", "2.5"));
        assertEquals(2, x.get("handover_write_freeze_seconds_bucket", "cluster", STALLED, "le", "+Inf"));
        double stalledFrozen = contents.runs().subList(1, 3).stream()
                .mapToLong(r -> FreezeSpan.of(r.events()).length().orElseThrow().toMillis()).sum() / 1000.0;
        assertTrue(stalledFrozen >= 2.0 && stalledFrozen < 2.5, "frozen " + stalledFrozen + "s");
        assertEquals(stalledFrozen, x.get("handover_write_freeze_seconds_sum", "cluster", STALLED), 1e-9);
        assertEquals(FreezeSpan.of(contents.runs().get(0).events()).length().orElseThrow().toMillis() / 1000.0,
                x.get("handover_write_freeze_seconds_sum", "cluster", HEALTHY), 1e-9);

        // The last run per cluster: the forced one on the stalled replica.
        assertEquals(1, x.get("handover_last_run_result", "cluster", STALLED, "result", "forced"));
        assertEquals(0, x.get("handover_last_run_result", "cluster", STALLED, "result", "aborted"));
        assertEquals(1, x.get("handover_last_run_result", "cluster", HEALTHY, "result", "committed"));
        assertEquals(forcedRun.startedAt().toEpochMilli() / 1000.0,
                x.get("handover_last_run_start_timestamp_seconds", "cluster", STALLED), 1e-3);
        assertEquals(contents.runs().get(0).startedAt().toEpochMilli() / 1000.0,
                x.get("handover_last_run_start_timestamp_seconds", "cluster", HEALTHY), 1e-3);

        // Nothing to recover, nothing damaged.
        assertEquals(0, x.get("handover_runs_unfinished", "cluster", STALLED));
        for (String action : List.of("resume_writes", "verify_roles", "check_topology", "none")) {
            assertEquals(0, x.get("handover_runs_needing_recovery", "cluster", STALLED, "action", action), action);
        }
        assertEquals(0, x.get("handover_journal_damaged_lines"));

        // Bounded labels: no run id in any series.
        for (CliRun r : List.of(committed, declined, forced)) {
            assertFalse(m.out().contains(runId(r)), runId(r));
        }
    }

    @Test
    void outputFileIsWrittenWholeReadableByTheCollectorAndReplaced() throws Exception {
        assertEquals(0, run(HEALTHY, "--mode", "coordinated", "--deadline", "5s").code());
        Path textfiles = Files.createDirectories(dir.resolve("textfile_collector"));
        Path prom = textfiles.resolve("handover.prom");

        CliRun first = cli("metrics", "--journal", journal().toString(), "--output", prom.toString());
        assertEquals(0, first.code(), first.err());
        assertEquals("", first.out() + first.err(), "quiet for cron");
        Exposition x = promtoolAccepts(Files.readString(prom, StandardCharsets.UTF_8));
        assertEquals(1, x.get("handover_runs_total", "cluster", HEALTHY, "result", "committed"));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(prom)));

        assertEquals(0, run(HEALTHY, "--mode", "coordinated", "--deadline", "5s").code());
        CliRun second = cli("metrics", "--journal", journal().toString(), "--output", prom.toString());
        assertEquals(0, second.code(), second.err());
        Exposition y = promtoolAccepts(Files.readString(prom, StandardCharsets.UTF_8));
        assertEquals(2, y.get("handover_runs_total", "cluster", HEALTHY, "result", "committed"));
        assertEquals(List.of(prom), files(textfiles), "no temporary file left beside it");
    }

    @Test
    void aDamagedLineIsCountedAndTheReadableRunsStillExported() throws Exception {
        assertEquals(0, run(HEALTHY, "--mode", "coordinated", "--deadline", "5s").code());
        CliRun forced = run(STALLED, "--mode", "force", "--deadline", "1s", "--force-approval", "approve");
        assertEquals(3, forced.code());
        // Cut the forced run's finished line in half, as a crash while writing it would: that run reads as unfinished.
        Path file = journal().resolve(Journal.FILE_NAME);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String last = lines.get(lines.size() - 1);
        Files.writeString(file, String.join("\n", lines.subList(0, lines.size() - 1)) + "\n"
                + last.substring(0, last.length() / 2), StandardCharsets.UTF_8);

        CliRun m = cli("metrics", "--journal", journal().toString());
        assertEquals(0, m.code(), "the damage is in the exposition, for the pager: " + m.err());
        assertTrue(m.err().startsWith("handover: damaged journal line " + file.toAbsolutePath() + ":" + lines.size()
                + ": truncated"), m.err());
        assertEquals(1, m.err().lines().count(), m.err());
        Exposition x = promtoolAccepts(m.out());
        assertEquals(1, x.get("handover_journal_damaged_lines"));
        assertEquals(1, x.get("handover_runs_total", "cluster", HEALTHY, "result", "committed"));
        assertEquals(1, x.get("handover_runs_unfinished", "cluster", STALLED));
        assertEquals(1, x.get("handover_last_run_result", "cluster", STALLED, "result", "unfinished"));
        assertEquals(0, x.get("handover_last_run_result", "cluster", STALLED, "result", "forced"));
        // A simulated commit needs nothing but an acknowledgement; until then it is not counted as a result.
        assertEquals(1, x.get("handover_runs_needing_recovery", "cluster", STALLED, "action", "none"));
        assertEquals(0, x.get("handover_runs_total", "cluster", STALLED, "result", "unfinished"));
        assertEquals(0, x.get("handover_runs_total", "cluster", STALLED, "result", "forced"));

        CliRun ack = cli("recover", "--journal", journal().toString(), "--acknowledge", runId(forced));
        assertEquals(0, ack.code(), ack.out() + ack.err());
        Exposition y = metrics();
        assertEquals(0, y.get("handover_runs_unfinished", "cluster", STALLED));
        assertEquals(0, y.get("handover_runs_needing_recovery", "cluster", STALLED, "action", "none"));
        assertEquals(1, y.get("handover_runs_total", "cluster", STALLED, "result", "unfinished"));
    }

    @Test
    void aRealClustersDegradedAndUnknownRunsReadAsTheirRecordsSay() throws Exception {
        // Records as a PostgreSQL run writes them, with a cluster name a label must escape: no invariants, so
        // no count of lost writes, and a verification that found the topology degraded.
        String cluster = "pg:/srv/dba \"prod\"\\shop.json";
        Journal j = Journal.at(journal());
        record(j, cluster, "force", List.of(
                frozen(0, 5000), committed(1500, 5000, 4000)),
                new OutcomeInfo(Result.FORCED, OutcomeInfo.DEGRADED, false, 8L, 5000, 4000, 1000L, true, 1500,
                        List.of(), null, "forced; pg3 not streaming"));
        record(j, cluster, "coordinated", List.of(
                frozen(0, 7000), new EventEntry(2000, "still-frozen", 7000L, 6500L, null, null,
                        null, "catch-up-timed-out", null, null, null, "resume failed")),
                new OutcomeInfo(Result.UNKNOWN, true, null, 7000, 6500, null, false, 2000, List.of(), "resume-failed",
                        "resuming writes failed"));

        Exposition x = metrics();
        // The exposition escapes a backslash and a quote in a label value; the samples are read back as written.
        String label = cluster.replace("\\", "\\\\").replace("\"", "\\\"");
        assertEquals(1, x.get("handover_runs_total", "cluster", label, "result", "forced"));
        assertEquals(1, x.get("handover_runs_total", "cluster", label, "result", "unknown"));
        assertEquals(1, x.get("handover_runs_topology_degraded_total", "cluster", label));
        assertEquals(1000, x.get("handover_skipped_positions_total", "cluster", label));
        assertTrue(x.value("handover_lost_writes_total", "cluster", label).isEmpty(), "never counted, so never 0");
        // Only the freeze that ended is measured; one still frozen at the end is a bound, not a measurement.
        assertEquals(1, x.get("handover_write_freeze_seconds_count", "cluster", label));
        assertEquals(1.5, x.get("handover_write_freeze_seconds_sum", "cluster", label));
        assertEquals(1, x.get("handover_runs_needing_recovery", "cluster", label, "action", "check_topology"));
        assertEquals(1, x.get("handover_runs_needing_recovery", "cluster", label, "action", "resume_writes"));
        assertEquals(1, x.get("handover_last_run_result", "cluster", label, "result", "unknown"));
        assertEquals(Instant.parse("2026-11-29T08:00:00Z").getEpochSecond(),
                x.get("handover_last_run_start_timestamp_seconds", "cluster", label));
    }

    @Test
    void theClientStallAPoolerMeasuredIsAHistogramOfTheRunsThatCarryIt() throws Exception {
        String cluster = "pg:/srv/shop.json";
        OutcomeInfo committed = new OutcomeInfo(Result.COMMITTED, OutcomeInfo.HEALTHY, false, 8L,
                10, 10, 0L, false, 120, List.of(), null, "committed");
        Journal j = Journal.at(journal());
        // Through PgBouncer: the longest client wait (maxwait before RESUME) and the pause, as a run records them.
        record(j, cluster, "coordinated", List.of(frozen(0, 10), committed(120, 10, 10)), committed,
                new VerificationInfo(List.of(), List.of(), List.of(), 260L, 290L, "PgBouncer maxwait",
                        "failed client requests: not visible to PgBouncer; count them at the clients"));
        // Without a pooler, or recorded before the stall was: no observation, never a 0.
        record(j, cluster, "coordinated", List.of(frozen(0, 10), committed(120, 10, 10)), committed,
                new VerificationInfo(List.of(), List.of(), List.of()));

        Exposition x = metrics();
        assertEquals("histogram", x.types().get("handover_client_stall_seconds"));
        assertEquals(1, x.get("handover_client_stall_seconds_count", "cluster", cluster));
        assertEquals(0.26, x.get("handover_client_stall_seconds_sum", "cluster", cluster), 1e-9);
        assertEquals(0, x.get("handover_client_stall_seconds_bucket", "cluster", cluster, "le", "0.25"));
        assertEquals(1, x.get("handover_client_stall_seconds_bucket", "cluster", cluster, "le", "0.5"));
        assertEquals(2, x.get("handover_write_freeze_seconds_count", "cluster", cluster));
    }

    @Test
    void aClusterNamedWithAPasswordIsExportedMasked() throws Exception {
        String secret = "s3cret-" + Long.toHexString(System.nanoTime());
        record(Journal.at(journal()), "pg:postgres://dba:" + secret + "@db1/shop?password=" + secret, "coordinated",
                List.of(frozen(0, 10), committed(120, 10, 10)),
                new OutcomeInfo(Result.COMMITTED, OutcomeInfo.HEALTHY, false, 8L, 10, 10, 0L, false, 120,
                        List.of(), null, "committed"));
        CliRun m = cli("metrics", "--journal", journal().toString());
        assertEquals(0, m.code(), m.err());
        assertFalse(m.out().contains(secret), m.out());
        Exposition x = promtoolAccepts(m.out());
        assertEquals(1, x.get("handover_runs_total", "cluster", "pg:postgres://dba:***@db1/shop?password=***",
                "result", "committed"));
    }

    @Test
    void anEmptyJournalIsAValidExpositionWithNothingDamaged() throws Exception {
        Files.createDirectories(journal());
        Exposition x = metrics();
        assertEquals(0, x.get("handover_journal_damaged_lines"));
        assertEquals(1, x.samples().size(), "no run, no series of a run: " + x.samples());
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws Exception {
        assertEquals(0, run(HEALTHY, "--mode", "coordinated", "--deadline", "5s").code());
        Path aFile = Files.writeString(dir.resolve("a-file"), "x");
        List<List<String>> cases = List.of(
                List.of("metrics", "--journal", dir.resolve("no-such-dir").toString()),
                List.of("metrics", "--journal", aFile.toString()),
                List.of("metrics", "--journal", journal().toString(), "--output", dir.resolve("missing/handover.prom").toString()),
                List.of("metrics", "--journal", journal().toString(), "--output", dir.toString()),
                List.of("metrics", "--journal", journal().toString(), "--output", ""),
                List.of("metrics", "--journal", journal().toString(), "--since", "1d"),
                List.of("metrics", "--journal"));
        List<String> expected = List.of("is no directory", "is a file", "must be a file in an existing directory",
                "must be a file in an existing directory", "must be a file in an existing directory",
                "unknown flag --since", "flag --journal needs a value");
        List<Path> before = files(dir);
        for (int i = 0; i < cases.size(); i++) {
            CliRun r = cli(cases.get(i).toArray(String[]::new));
            assertEquals(1, r.code(), cases.get(i) + ": " + r.err());
            assertEquals("", r.out(), cases.get(i).toString());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("handover: metrics: ") && r.err().contains(expected.get(i)),
                    cases.get(i) + ": " + r.err());
        }
        assertEquals(before, files(dir));
    }

    private static EventEntry frozen(long atMs, long frontier) {
        return new EventEntry(atMs, "frozen", frontier, null, null, null, null, null, null, null, null, null);
    }

    private static EventEntry committed(long atMs, long frontier, long reached) {
        long skipped = frontier - reached;
        return new EventEntry(atMs, "committed", frontier, reached, skipped, null, null, null, 8L, skipped > 0,
                atMs, null);
    }

    private static void record(Journal journal, String cluster, String mode, List<EventEntry> events,
                               OutcomeInfo outcome) throws IOException {
        RunReport.RunInfo who = new RunReport.RunInfo("dba", Instant.parse("2026-11-29T08:00:00Z"), cluster, "0.1.0");
        RunReport.RequestInfo request = new RunReport.RequestInfo("pg1", "10.0.0.1:5432", "eu", "pg2", "10.0.0.2:5432", "eu",
                7, 8, mode, 10_000, 100, 0, mode.equals("force") ? "approve" : null, null);
        JournalRun run = journal.start(who, request, List.of());
        run.finish(new RunReport(who, request, events, outcome, null));
    }

    private static void record(Journal journal, String cluster, String mode, List<EventEntry> events,
                               OutcomeInfo outcome, VerificationInfo verification) throws IOException {
        RunReport.RunInfo who = new RunReport.RunInfo("dba", Instant.parse("2026-11-29T08:00:00Z"), cluster, "0.1.0");
        RunReport.RequestInfo request = new RunReport.RequestInfo("pg1", "10.0.0.1:5432", "eu", "pg2", "10.0.0.2:5432", "eu",
                7, 8, mode, 10_000, 100, 0, null, null);
        JournalRun run = journal.start(who, request, List.of());
        run.finish(new RunReport(who, request, events, outcome, verification, null, List.of()));
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
