package dev.handover.cli;

import dev.handover.journal.Result;
import dev.handover.journal.Journal;
import dev.handover.journal.RunReport;
import dev.handover.sim.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.handover.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --journal}, {@code history} and {@code recover} end to end, as issue 4's acceptance reads. */
class HistoryCliTest {
    @TempDir
    Path dir;

    private Path journal() {
        return dir.resolve("journal");
    }

    private CliTest.Result run(String cluster, String target, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--cluster", cluster, "--target", target,
                "--journal", journal().toString()));
        args.addAll(List.of(more));
        return cli(args.toArray(String[]::new));
    }

    @Test
    void twoRunsAreListedAndACutLastLineLeavesTheFirstListedAndTheDamageReported() throws Exception {
        CliTest.Result first = run("sim:healthy", "n2", "--mode", "coordinated", "--deadline", "5s");
        CliTest.Result second = run("sim:stalled-replica", "n2", "--mode", "force", "--deadline", "1s",
                "--force-approval", "approve");
        assertEquals(0, first.code(), first.out() + first.err());
        assertEquals(3, second.code(), second.out() + second.err());
        assertTrue(first.out().contains("Recorded as run "), first.out());

        CliTest.Result history = cli("history", "--journal", journal().toString());
        assertEquals(0, history.code(), history.err());
        assertEquals("", history.err());
        List<String> rows = history.out().lines().toList();
        assertTrue(rows.get(1).startsWith("STARTED"), history.out());
        assertTrue(rows.get(2).contains("sim:healthy") && rows.get(2).contains(" n2 ") && rows.get(2).contains("coordinated")
                && rows.get(2).contains("committed") && rows.get(2).endsWith(" 0 LSN"), rows.get(2));
        assertTrue(rows.get(3).contains("sim:stalled-replica") && rows.get(3).contains("force")
                && rows.get(3).contains("forced") && rows.get(3).matches(".* [1-9][0-9,]* LSN"), rows.get(3));
        assertTrue(history.out().contains("2 runs."), history.out());

        Path file = journal().resolve(Journal.FILE_NAME);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String last = lines.get(lines.size() - 1);
        Files.writeString(file, String.join("\n", lines.subList(0, lines.size() - 1)) + "\n" + last.substring(0, last.length() / 2),
                StandardCharsets.UTF_8);

        CliTest.Result cut = cli("history", "--journal", journal().toString());
        assertEquals(1, cut.code(), "a damaged journal is bad input, yet the readable runs still list: " + cut.err());
        assertTrue(cut.out().lines().anyMatch(l -> l.contains("sim:healthy") && l.contains("committed")), cut.out());
        assertTrue(cut.out().lines().anyMatch(l -> l.contains("sim:stalled-replica") && l.contains("UNFINISHED")), cut.out());
        assertTrue(cut.err().contains("damaged journal line " + file.toAbsolutePath() + ":" + lines.size() + ": truncated"),
                cut.err());
        assertTrue(cut.out().contains("1 damaged line(s) skipped"), cut.out());
    }

    @Test
    void exportWritesTheSameJsonAsTheReport() throws Exception {
        Path report = dir.resolve("report.json");
        CliTest.Result r = run("sim:write-burst", "n2", "--mode", "coordinated", "--deadline", "5s", "--report", report.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        String id = r.out().lines().filter(l -> l.startsWith("Recorded as run ")).findFirst().orElseThrow()
                .split(" ")[3];
        Path exported = dir.resolve("exported.json");
        CliTest.Result ex = cli("history", "--journal", journal().toString(), "--export", id, exported.toString());
        assertEquals(0, ex.code(), ex.err());
        assertEquals(Files.readString(report), Files.readString(exported), "run --report and the journal hold the same JSON");
        RunReport back = RunReport.read(exported);
        assertEquals(List.of(1, 2), back.candidates().stream().map(RunReport.CandidateInfo::rank).toList());

        CliTest.Result show = cli("history", "--journal", journal().toString(), "--show", id.substring(0, 18));
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().startsWith("Run " + id + " on sim:write-burst"), show.out());
        assertTrue(show.out().contains("Result: committed"), show.out());
        assertTrue(show.out().contains("DEBRIEF: score "), show.out());

        CliTest.Result unknown = cli("history", "--journal", journal().toString(), "--export", "1999", exported.toString());
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("no run \"1999\" in the journal"), unknown.err());
        CliTest.Result missing = cli("history", "--journal", journal().toString(), "--export", id);
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("--export needs a run id and a file"), missing.err());
        Path aFile = dir.resolve("a-file");
        Files.writeString(aFile, "x");
        CliTest.Result notADir = cli("history", "--journal", aFile.toString());
        assertEquals(1, notADir.code());
        assertTrue(notADir.err().contains("--journal " + aFile + " is a file"), notADir.err());
    }

    @Test
    void aRunThatCannotBeRecordedDoesNotStart() throws Exception {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file where the journal directory should go");
        CliTest.Result r = cli("run", "--cluster", "sim:healthy", "--target", "n2", "--mode", "coordinated", "--deadline", "5s",
                "--journal", blocker.resolve("journal").toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("cannot write the journal") && r.err().contains("nothing was run"), r.err());
        assertFalse(r.out().contains("writes frozen"), r.out());
    }

    @Test
    void recoverShowsWhatToDoAndAcknowledgingClearsIt() throws Exception {
        // A run that died with writes frozen: its started, intent and event lines, then nothing.
        Journal journal = Journal.at(journal());
        var run = journal.start(new RunReport.RunInfo("dba", java.time.Instant.parse("2026-11-26T07:00:00Z"), "pg:prod", "0.1.0"),
                new RunReport.RequestInfo("n1", "10.0.1.1:5432", "eu-west", "n2", "10.0.1.2:5432", "eu-west", 7, 8,
                        "coordinated", 5000, 100, 900, null, null), List.of());
        run.on(new dev.handover.core.HandoverEvent.Frozen(java.time.Duration.ZERO, 1000));
        run.on(new dev.handover.core.HandoverEvent.Polled(java.time.Duration.ofMillis(100), 950, 1000));

        CliTest.Result r = cli("recover", "--journal", journal().toString());
        assertEquals(4, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Run " + run.id() + " on pg:prod: n1 -> n2 (term 8)"), r.out());
        assertTrue(r.out().contains("UNFINISHED"), r.out());
        assertTrue(r.out().contains("RESUME WRITES on n1: "), r.out());
        assertTrue(r.out().contains("--acknowledge " + run.id()), r.out());

        CliTest.Result next = run("sim:healthy", "n2", "--mode", "coordinated", "--deadline", "5s");
        assertEquals(0, next.code());
        assertTrue(next.out().contains("Note: the journal holds 1 earlier run(s) that may have left writes frozen"), next.out());

        CliTest.Result ack = cli("recover", "--journal", journal().toString(), "--acknowledge", run.id(), "--note", "resumed n1");
        assertEquals(0, ack.code(), ack.err());
        assertTrue(ack.out().contains("Run " + run.id() + " acknowledged"), ack.out());
        CliTest.Result clear = cli("recover", "--journal", journal().toString());
        assertEquals(0, clear.code());
        assertTrue(clear.out().startsWith("Nothing to recover"), clear.out());
        CliTest.Result history = cli("history", "--journal", journal().toString());
        assertTrue(history.out().contains("unfinished (acknowledged)"), history.out());

        CliTest.Result again = cli("recover", "--journal", journal().toString(), "--acknowledge", run.id());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already acknowledged"), again.err());
        CliTest.Result note = cli("recover", "--journal", journal().toString(), "--note", "x");
        assertEquals(1, note.code());
        assertTrue(note.err().contains("--note goes with --acknowledge"), note.err());
    }

    @Test
    void anEmptyJournalSaysSo() {
        CliTest.Result r = cli("history", "--journal", journal().toString());
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("No runs recorded in "), r.out());
    }

    /** Every built-in drill plays headless with its scripted faults, is recorded, and is debriefed. */
    @ParameterizedTest
    @CsvSource({
            "healthy,         5s,    0, COMMITTED, ",
            "lagging-replica, 1s,    0, COMMITTED, ",
            "stalled-replica, 1s,    2, ABORTED,   catch-up-timed-out",
            "target-crash,    5s,    2, ABORTED,   poll-failed",
            "write-burst,     300ms, 2, ABORTED,   catch-up-timed-out",
            "flaky-link,      5s,    2, ABORTED,   poll-failed"})
    void everyScenarioPlaysHeadlessWithItsScriptedFaults(String scenario, String deadline, int code, Result result,
                                                         String reason) throws Exception {
        assertTrue(Scenarios.builtInNames().contains(scenario));
        Path report = dir.resolve(scenario + ".json");
        // The drills play their faults: a preflight that sees them coming is overridden (--run-anyway), as a drill does.
        CliTest.Result r = run("sim:" + scenario, "n2", "--mode", "coordinated", "--deadline", deadline,
                "--report", report.toString(), "--run-anyway");
        assertEquals(code, r.code(), r.out() + r.err());
        RunReport rep = RunReport.read(report);
        assertEquals(result, rep.outcome().result());
        assertEquals(reason, rep.outcome().reason());
        assertEquals(0, rep.invariants().lostWrites());
        assertFalse(rep.invariants().leftFrozen());
        assertTrue(r.out().contains("DEBRIEF: score "), r.out());
        assertEquals(1, Journal.at(journal()).load().runs().size());
        assertEquals(result, Journal.at(journal()).load().runs().get(0).result());
    }
}
