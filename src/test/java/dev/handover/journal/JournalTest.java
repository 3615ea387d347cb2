package dev.handover.journal;

import dev.handover.journal.EndReason;
import dev.handover.journal.EventType;
import dev.handover.journal.Result;
import dev.handover.core.FailoverMode;
import dev.handover.core.ForceDecision;
import dev.handover.core.HandoverEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.handover.journal.Drills.Crash;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal: round trip, crash leftovers, damaged lines, recovery, acknowledgement, export. */
class JournalTest {
    private static final FailoverMode COORDINATED_5S = new FailoverMode.Coordinated(Duration.ofSeconds(5));

    @TempDir
    Path dir;

    private Journal journal() {
        return Journal.at(dir.resolve("journal"));
    }

    private List<String> lines() throws Exception {
        return Files.readAllLines(journal().file(), StandardCharsets.UTF_8);
    }

    private void writeLines(List<String> lines, boolean lastComplete) throws Exception {
        String text = String.join("\n", lines) + (lastComplete ? "\n" : "");
        Files.writeString(journal().file(), text, StandardCharsets.UTF_8);
    }

    @Test
    void aRunRoundTripsThroughTheJournal() throws Exception {
        Journal j = journal();
        Drills.Played played = Drills.play(j, "healthy", COORDINATED_5S, Optional.empty());
        RunReport written = played.finished().orElseThrow();

        JournalContents contents = j.load();
        assertEquals(List.of(), contents.damaged());
        assertEquals(1, contents.runs().size());
        JournaledRun run = contents.runs().get(0);
        assertEquals(played.runId(), run.id());
        assertTrue(run.finished());
        assertEquals(Result.COMMITTED, run.result());
        assertEquals(written, run.report(), "the finished line holds the report exactly");
        assertEquals(written.handoverEvents(), run.events());
        assertTrue(run.freezeBegun() && run.commitBegun());
        assertEquals(List.of("n2", "n3"), run.report().candidates().stream().map(RunReport.CandidateInfo::node).toList());
        assertEquals("sim:healthy", run.cluster());
        assertEquals(List.of(), j.unfinishedRuns());
        assertEquals(List.of(), j.pendingRecoveries());

        // Started, freeze intent, frozen, poll(s), commit intent, committed, finished: one JSON object a line.
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("{\"kind\":\"started\""), lines.get(0));
        assertTrue(lines.get(lines.size() - 1).startsWith("{\"kind\":\"finished\""));
        assertTrue(lines.stream().allMatch(l -> l.contains("\"run\":\"" + played.runId() + "\"")));

        Path exported = dir.resolve("export.json");
        assertEquals(written, j.export(played.runId().substring(0, 18), exported));
        assertEquals(written.toJson() + System.lineSeparator(), Files.readString(exported));
        assertEquals(written, RunReport.read(exported));
    }

    @Test
    void runsAppendAndNothingIsOverwritten() throws Exception {
        Journal j = journal();
        Drills.play(j, "healthy", COORDINATED_5S, Optional.empty());
        byte[] first = Files.readAllBytes(j.file());
        Drills.play(j, "stalled-replica", new FailoverMode.Force(Duration.ofSeconds(1)), Optional.of(ForceDecision.APPROVE));
        byte[] both = Files.readAllBytes(j.file());
        assertArrayEquals(first, java.util.Arrays.copyOf(both, first.length), "the first run's bytes are untouched");
        List<JournaledRun> runs = j.load().runs();
        assertEquals(List.of(Result.COMMITTED, Result.FORCED), runs.stream().map(JournaledRun::result).toList());
        assertTrue(runs.get(1).report().invariants().lostWrites() > 0);
    }

    @Test
    void aTruncatedLastLineIsReportedAndTheRestLoads() throws Exception {
        Journal j = journal();
        Drills.Played first = Drills.play(j, "healthy", COORDINATED_5S, Optional.empty());
        Drills.Played second = Drills.play(j, "healthy", "n3", COORDINATED_5S, Optional.empty(), Crash.NONE, 0);
        List<String> lines = lines();
        String last = lines.get(lines.size() - 1);
        List<String> cut = new ArrayList<>(lines.subList(0, lines.size() - 1));
        cut.add(last.substring(0, last.length() / 2));
        writeLines(cut, false);

        JournalContents contents = j.load();
        assertEquals(List.of(first.runId(), second.runId()), contents.runs().stream().map(JournaledRun::id).toList());
        assertTrue(contents.runs().get(0).finished());
        assertEquals(Result.COMMITTED, contents.runs().get(0).result());
        assertEquals(Result.UNFINISHED, contents.runs().get(1).result(), "its finished line was the one cut");
        assertEquals(1, contents.damaged().size());
        DamagedLine damaged = contents.damaged().get(0);
        assertEquals(lines.size(), damaged.line());
        assertEquals(j.file(), damaged.file());
        assertTrue(damaged.message().startsWith(j.file() + ":" + lines.size() + ": truncated"), damaged.message());

        // The next run closes the cut line off with a newline instead of gluing itself to it.
        Drills.Played third = Drills.play(j, "healthy", COORDINATED_5S, Optional.empty());
        JournalContents after = j.load();
        assertEquals(3, after.runs().size());
        assertTrue(after.run(third.runId()).orElseThrow().finished());
        assertEquals(1, after.damaged().size());
        assertTrue(after.damaged().get(0).problem().startsWith("not a readable journal line"), after.damaged().toString());
    }

    @Test
    void aCorruptedMiddleLineIsNamedByFileAndLineAndTheRestLoads() throws Exception {
        Journal j = journal();
        Drills.Played first = Drills.play(j, "healthy", COORDINATED_5S, Optional.empty());
        Drills.Played second = Drills.play(j, "stalled-replica", new FailoverMode.Coordinated(Duration.ofMillis(500)),
                Optional.empty());
        List<String> lines = new ArrayList<>(lines());
        int pollOfFirst = indexOf(lines, first.runId(), "\"type\":\"polled\"");
        lines.set(pollOfFirst, "{\"kind\":\"event\",\"run\":\"" + first.runId() + "\",\"at\":\"2026-11-26T06:00:00Z\",\"ev");
        int started = indexOf(lines, second.runId(), "\"kind\":\"intent\"");
        lines.set(started, "\u0000\u0001 garbage \u00ff");
        lines.add(2, "{\"kind\":\"rumour\",\"run\":\"x\",\"at\":\"2026-11-26T06:00:00Z\"}");
        lines.add(3, "{\"kind\":\"event\",\"at\":\"2026-11-26T06:00:00Z\",\"event\":{\"atMs\":0,\"type\":\"resumed\"}}");
        writeLines(lines, true);

        JournalContents contents = j.load();
        assertEquals(List.of(Result.COMMITTED, Result.ABORTED), contents.runs().stream().map(JournaledRun::result).toList());
        List<String> messages = contents.damaged().stream().map(DamagedLine::message).toList();
        assertEquals(4, messages.size(), messages.toString());
        assertTrue(messages.get(0).startsWith(j.file() + ":3: unknown kind \"rumour\""), messages.get(0));
        assertTrue(messages.get(1).startsWith(j.file() + ":4: no \"run\" id"), messages.get(1));
        assertTrue(messages.get(2).startsWith(j.file() + ":" + (pollOfFirst + 3) + ": not a readable journal line"),
                messages.get(2));
        assertTrue(messages.get(3).startsWith(j.file() + ":" + (started + 3) + ": not a readable journal line"),
                messages.get(3));
    }

    @Test
    void linesOfARunWhoseStartWasLostAreReportedOnce() throws Exception {
        Journal j = journal();
        Drills.Played played = Drills.play(j, "healthy", COORDINATED_5S, Optional.empty());
        List<String> lines = new ArrayList<>(lines());
        lines.set(0, lines.get(0).substring(0, 40));
        writeLines(lines, true);
        JournalContents contents = j.load();
        assertEquals(List.of(), contents.runs());
        assertEquals(2, contents.damaged().size());
        assertEquals(1, contents.damaged().get(0).line());
        assertEquals(2, contents.damaged().get(1).line());
        assertTrue(contents.damaged().get(1).problem().contains((lines.size() - 1) + " line(s) of run " + played.runId()
                + " whose started line is missing or damaged"), contents.damaged().get(1).problem());
    }

    @Test
    void aRunKilledWhileWritesWereFrozenIsUnfinishedWithResumeAdvice() throws Exception {
        Journal j = journal();
        Drills.play(j, "healthy", COORDINATED_5S, Optional.empty());
        Drills.Played killed = Drills.play(j, "stalled-replica", "n2", COORDINATED_5S, Optional.empty(), Crash.AT_POLL, 4);
        assertTrue(killed.sim().invariants().leftFrozen(), "the simulated primary really is frozen");

        List<Recovery> unfinished = j.unfinishedRuns();
        assertEquals(1, unfinished.size());
        Recovery r = unfinished.get(0);
        assertEquals(killed.runId(), r.runId());
        assertFalse(r.run().finished());
        assertEquals(Result.UNFINISHED, r.run().result());
        assertEquals(RecoveryAction.RESUME_WRITES, r.action());
        assertTrue(r.writesMayBeFrozen());
        assertEquals("n1", r.primary());
        assertEquals("10.0.1.1:5432", r.primaryAddr());
        assertEquals("n2", r.target());
        assertEquals(8, r.newTerm());
        assertEquals("polled", r.lastEvent().orElseThrow().type());
        // Three polls were taken before the fourth killed the process; on a flat stall the record keeps the first
        // reading and one a second (PollThinning), so the last line is the first reading.
        assertEquals(100, r.lastEvent().orElseThrow().atMs(), "the first of three flat readings");
        assertTrue(r.advice().contains("resume writes on it"), r.advice());
        assertTrue(r.advice().contains("n1 (10.0.1.1:5432)"), r.advice());
        assertEquals(Result.UNKNOWN, r.run().report().outcome().result());
        assertEquals(EndReason.UNFINISHED, r.run().report().outcome().why());
        assertTrue(r.run().report().outcome().writesFrozen());
    }

    @Test
    void aRunKilledInsideTheFreezeAsksToResumeWrites() throws Exception {
        Journal j = journal();
        Drills.Played killed = Drills.play(j, "healthy", "n2", COORDINATED_5S, Optional.empty(), Crash.AT_FREEZE, 0);
        Recovery r = j.unfinishedRuns().get(0);
        assertEquals(killed.runId(), r.runId());
        assertEquals(Optional.empty(), r.lastEvent());
        assertTrue(r.run().freezeBegun());
        assertEquals(RecoveryAction.RESUME_WRITES, r.action());
        assertTrue(r.advice().contains("while freezing writes"), r.advice());
    }

    @Test
    void aRunKilledInsideTheCommitAsksToVerifyRoles() throws Exception {
        Journal j = journal();
        Drills.play(j, "healthy", "n2", COORDINATED_5S, Optional.empty(), Crash.AT_COMMIT, 0);
        Recovery r = j.unfinishedRuns().get(0);
        assertTrue(r.run().commitBegun());
        assertEquals(RecoveryAction.VERIFY_ROLES, r.action());
        assertEquals("polled", r.lastEvent().orElseThrow().type());
        assertTrue(r.advice().contains("If n2 serves term 8, finish demoting n1"), r.advice());
        assertTrue(r.advice().contains("if not, resume writes on n1 (10.0.1.1:5432)"), r.advice());
    }

    @Test
    void aRunWhoseLastLineShowsTheTargetCaughtUpAsksToVerifyRolesEvenWithoutAnIntent() throws Exception {
        Journal j = journal();
        Drills.play(j, "healthy", "n2", COORDINATED_5S, Optional.empty(), Crash.AT_COMMIT, 0);
        List<String> lines = new ArrayList<>(lines());
        lines.removeIf(l -> l.contains("\"kind\":\"intent\""));
        writeLines(lines, true);
        assertEquals(RecoveryAction.VERIFY_ROLES, j.unfinishedRuns().get(0).action());
    }

    @Test
    void aRunThatEndedButWasNotMarkedFinishedNeedsNoAction() throws Exception {
        Journal j = journal();
        Drills.play(j, "stalled-replica", "n2", new FailoverMode.Coordinated(Duration.ofMillis(500)), Optional.empty(),
                Crash.BEFORE_FINISH, 0);
        Recovery r = j.unfinishedRuns().get(0);
        assertEquals(RecoveryAction.NONE, r.action());
        assertFalse(r.writesMayBeFrozen());
        assertEquals(EventType.ABORTED, r.lastEvent().orElseThrow().kind());
        assertTrue(r.advice().contains("nothing to do"), r.advice());
    }

    @Test
    void aFinishedRunWithAnUnknownOutcomeIsPendingButNotUnfinished() throws Exception {
        Journal j = journal();
        Drills.Played p = Drills.play(j, "healthy", "n2", COORDINATED_5S, Optional.empty(), Crash.NONE, 0);
        assertEquals(List.of(), j.pendingRecoveries());
        // A commit that failed part-way, recorded to the end.
        Journal other = Journal.at(dir.resolve("other"));
        Drills.Played failed = playWithFailedCommit(other);
        assertEquals(List.of(), other.unfinishedRuns());
        List<Recovery> pending = other.pendingRecoveries();
        assertEquals(1, pending.size());
        assertEquals(failed.runId(), pending.get(0).runId());
        assertEquals(RecoveryAction.VERIFY_ROLES, pending.get(0).action());
        assertTrue(pending.get(0).run().finished());
        assertTrue(p.finished().isPresent());
    }

    private Drills.Played playWithFailedCommit(Journal j) throws Exception {
        // The sim's injected fault is armed through the scenario's own timeline in the CLI; here directly.
        var clock = new dev.handover.sim.VirtualClock();
        var sim = dev.handover.sim.SimCluster.start(dev.handover.sim.Scenarios.builtIn("healthy"), 5, clock);
        clock.advance(Duration.ofSeconds(2));
        var s = sim.status();
        var req = new dev.handover.core.FailoverRequest(s.node("n1").orElseThrow().node(), s.node("n2").orElseThrow().node(),
                7, s.node("n2").orElseThrow().durableLsn(), COORDINATED_5S);
        var asked = RunRecorder.request(req, Drills.POLL, Optional.empty(), Optional.of(5L));
        JournalRun run = j.start(Drills.WHO, asked, List.of());
        RunRecorder rec = new RunRecorder();
        sim.faults().failNextCommit();
        try {
            dev.handover.core.FailoverCoordinator.run(req, run.watch(sim.uncheckedTransport("n2", Drills.POLL)),
                    dev.handover.core.RunHooks.none().withListener(rec.andThen(run)));
        } catch (dev.handover.core.OutcomeUnknownException expected) {
            // recorded below
        }
        RunReport report = run.finish(rec.report(Drills.WHO, asked, Optional.empty()));
        assertEquals(Result.UNKNOWN, report.outcome().result());
        return new Drills.Played(run.id(), Optional.of(report), sim);
    }

    @Test
    void acknowledgingAppendsALineAndClearsTheRecovery() throws Exception {
        Journal j = journal();
        Drills.Played killed = Drills.play(j, "stalled-replica", "n2", COORDINATED_5S, Optional.empty(), Crash.AT_POLL, 2);
        byte[] before = Files.readAllBytes(j.file());
        j.acknowledge(killed.runId(), "dba", "resumed writes on n1 by hand; password=hunter2");
        byte[] after = Files.readAllBytes(j.file());
        assertArrayEquals(before, java.util.Arrays.copyOf(after, before.length), "acknowledging rewrites nothing");
        assertEquals(List.of(), j.unfinishedRuns());
        assertEquals(List.of(), j.pendingRecoveries());
        JournaledRun run = j.find(killed.runId());
        assertEquals("dba", run.acknowledged().orElseThrow().operator());
        assertFalse(Files.readString(j.file()).contains("hunter2"), "records never hold a password");
        assertEquals(RecoveryAction.RESUME_WRITES, j.recoveryFor(run).orElseThrow().action(), "the advice stays readable");

        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> j.acknowledge(killed.runId(), "dba", "again"));
        assertTrue(twice.getMessage().contains("already acknowledged by dba"), twice.getMessage());
        Drills.Played clean = Drills.play(j, "healthy", COORDINATED_5S, Optional.empty());
        IllegalArgumentException notNeeded = assertThrows(IllegalArgumentException.class,
                () -> j.acknowledge(clean.runId(), "dba", "nothing"));
        assertTrue(notNeeded.getMessage().contains("needs no recovery"), notNeeded.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> j.find("1999"));
        assertTrue(unknown.getMessage().contains("no run \"1999\" in the journal " + j.file()), unknown.getMessage());
    }

    @Test
    void aFreezeThatCannotBeRecordedIsRefusedAndNothingIsFrozen() throws Exception {
        Path journalDir = dir.resolve("journal");
        Journal j = Journal.at(journalDir);
        var clock = new dev.handover.sim.VirtualClock();
        var sim = dev.handover.sim.SimCluster.start(dev.handover.sim.Scenarios.builtIn("healthy"), 5, clock);
        clock.advance(Duration.ofSeconds(2));
        var s = sim.status();
        var req = new dev.handover.core.FailoverRequest(s.node("n1").orElseThrow().node(), s.node("n2").orElseThrow().node(),
                7, s.node("n2").orElseThrow().durableLsn(), COORDINATED_5S);
        JournalRun run = j.start(Drills.WHO, RunRecorder.request(req, Drills.POLL, Optional.empty(), Optional.empty()), List.of());
        // The journal's disk goes away between the start and the freeze.
        Files.delete(j.file());
        Files.delete(journalDir);
        Files.writeString(journalDir, "not a directory");
        List<HandoverEvent> events = new ArrayList<>();
        dev.handover.core.HandoverAborted aborted = assertThrows(dev.handover.core.HandoverAborted.class,
                () -> dev.handover.core.FailoverCoordinator.run(req, run.watch(sim.uncheckedTransport("n2", Drills.POLL)),
                        dev.handover.core.RunHooks.none().withListener(events::add)));
        assertEquals(dev.handover.core.AbortReason.FREEZE_FAILED, aborted.reason());
        assertTrue(aborted.getMessage().contains("could not record the freeze"), aborted.getMessage());
        assertFalse(sim.invariants().leftFrozen());
        assertTrue(sim.acceptsWrites("n1"));
        assertTrue(run.failure().orElseThrow().contains("could not record part of run " + run.id()));
    }

    @Test
    void concurrentRunsInterleaveAndStillLoadApart() throws Exception {
        Journal j = journal();
        JournalRun a = j.start(Drills.WHO, request("n2"), List.of());
        JournalRun b = j.start(Drills.WHO, request("n3"), List.of());
        a.on(new HandoverEvent.Frozen(Duration.ZERO, 1000));
        b.on(new HandoverEvent.Frozen(Duration.ZERO, 2000));
        a.on(new HandoverEvent.Polled(Duration.ofMillis(100), 1000, 1000));
        b.on(new HandoverEvent.Resumed(Duration.ofMillis(100)));
        JournalContents contents = j.load();
        assertEquals(List.of(a.id(), b.id()), contents.runs().stream().map(JournaledRun::id).toList());
        assertEquals(List.of("frozen", "polled"), contents.runs().get(0).report().events().stream()
                .map(EventEntry::type).toList());
        assertEquals(List.of("frozen", "resumed"), contents.runs().get(1).report().events().stream()
                .map(EventEntry::type).toList());
        List<Recovery> recoveries = j.unfinishedRuns();
        assertEquals(RecoveryAction.VERIFY_ROLES, recoveries.get(0).action(), "a caught-up target is committed next");
        assertEquals(RecoveryAction.NONE, recoveries.get(1).action(), "writes were resumed");
    }

    @Test
    void credentialsNeverReachTheJournal() throws Exception {
        Journal j = journal();
        RunReport.RunInfo who = new RunReport.RunInfo("dba", Drills.WHO.startedAt(),
                "pg:postgres://admin:s3cret@db.example:5432/app?sslmode=require", "0.1.0");
        JournalRun run = j.start(who, request("n2"), List.of());
        run.on(new HandoverEvent.Frozen(Duration.ZERO, 1000));
        run.on(new HandoverEvent.Aborted(Duration.ofMillis(5), dev.handover.core.AbortReason.POLL_FAILED, 1000, 900,
                "connect failed: password=s3cret rejected"));
        RunRecorder rec = new RunRecorder();
        rec.on(new HandoverEvent.Aborted(Duration.ofMillis(5), dev.handover.core.AbortReason.POLL_FAILED, 1000, 900,
                "connect failed: password=s3cret rejected"));
        RunReport recorded = run.finish(rec.report(who, request("n2"), Optional.empty()));
        String text = Files.readString(j.file());
        assertFalse(text.contains("s3cret"), text);
        assertFalse(recorded.toJson().contains("s3cret"));
        assertTrue(text.contains("postgres://admin:***@db.example"), text);
        assertEquals("pg:postgres://admin:***@db.example:5432/app?sslmode=require", j.load().runs().get(0).cluster());
    }

    @Test
    void anAbsentJournalIsEmpty() throws Exception {
        Journal j = journal();
        assertEquals(List.of(), j.load().runs());
        assertEquals(List.of(), j.load().damaged());
        assertEquals(List.of(), j.unfinishedRuns());
        assertFalse(Files.exists(j.file()), "reading creates nothing");
    }

    private static RunReport.RequestInfo request(String target) {
        return new RunReport.RequestInfo("n1", "10.0.1.1:5432", "eu-west", target, "10.0.1.9:5432", "eu-west", 7, 8,
                "coordinated", 5000, 100, 900, null, null);
    }

    private static int indexOf(List<String> lines, String runId, String needle) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"run\":\"" + runId + "\"") && lines.get(i).contains(needle)) {
                return i;
            }
        }
        throw new AssertionError("no line of run " + runId + " with " + needle);
    }
}
