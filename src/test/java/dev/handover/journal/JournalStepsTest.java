package dev.handover.journal;

import dev.handover.cluster.StepJournal;
import dev.handover.core.HandoverEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A backend's steps around the cluster (a pooler's pause, retarget, resume) in the journal, and what recovery makes of them. */
class JournalStepsTest {
    @TempDir
    Path dir;

    private Journal journal() {
        return Journal.at(dir.resolve("journal"));
    }

    private static RunReport.RequestInfo request() {
        return new RunReport.RequestInfo("pg1", "10.0.1.1:5432", "eu-west", "pg2", "10.0.1.2:5432", "eu-west", 7, 8,
                "coordinated", 5000, 100, 0, null, null);
    }

    @Test
    void pauseRetargetAndResumeReadBackInOrderAndNothingIsLeftPaused() throws Exception {
        Journal j = journal();
        JournalRun run = j.start(Drills.WHO, request(), List.of());
        StepJournal steps = run.steps();
        steps.intent(StepJournal.PAUSE, "pgb1/app");
        steps.done(StepJournal.PAUSE, "pgb1/app", "PAUSE answered after 12 ms");
        run.on(new HandoverEvent.Frozen(Duration.ofMillis(20), 1000));
        steps.intent(StepJournal.RETARGET, "pgb1 -> pg2");
        steps.done(StepJournal.RETARGET, "pgb1 -> pg2", "SHOW DATABASES: app -> 10.0.1.2:5432");
        steps.intent(StepJournal.RESUME, "pgb1/app");
        steps.done(StepJournal.RESUME, "pgb1/app", "SHOW DATABASES: not paused");

        JournalContents contents = j.load();
        assertEquals(List.of(), contents.damaged());
        JournaledRun r = contents.runs().get(0);
        assertEquals(List.of("intent pause pgb1/app", "done pause pgb1/app (PAUSE answered after 12 ms)",
                "intent retarget pgb1 -> pg2", "done retarget pgb1 -> pg2 (SHOW DATABASES: app -> 10.0.1.2:5432)",
                "intent resume pgb1/app", "done resume pgb1/app (SHOW DATABASES: not paused)"),
                r.steps().stream().map(JournaledStep::text).toList());
        assertEquals(List.of(), r.stillPaused());
        // The steps are not coordinator events: the rebuilt report holds only the freeze.
        assertEquals(List.of("frozen"), r.report().events().stream().map(EventEntry::type).toList());
        Recovery advice = j.unfinishedRuns().get(0);
        assertTrue(!advice.advice().contains("connection pools"), advice.advice());
    }

    /** A repair of a finished run (its outcome unknown) journals its steps after the finished line: read back, not damage. */
    @Test
    void aRepairsStepsAfterTheRunsFinishedLineReadBackAsItsSteps() throws Exception {
        Journal j = journal();
        Drills.Played played = Drills.play(j, "healthy", new dev.handover.core.FailoverMode.Coordinated(Duration.ofSeconds(30)),
                java.util.Optional.empty());
        StepJournal steps = j.stepsOf(played.runId());
        steps.done("approved-discard", "pg2", "approved by dba: pg2: 272 committed transactions (exact: pg_walinspect)");
        steps.intent("rejoin", "pg2 -> pg1");
        steps.done("rejoin", "pg2 -> pg1", "rewound pg2");

        JournalContents contents = j.load();
        assertEquals(List.of(), contents.damaged());
        assertEquals(List.of("done approved-discard pg2 (approved by dba: pg2: 272 committed transactions (exact: pg_walinspect))",
                "intent rejoin pg2 -> pg1", "done rejoin pg2 -> pg1 (rewound pg2)"),
                contents.runs().get(0).steps().stream().map(JournaledStep::text).toList());
    }

    @Test
    void aPauseWithoutItsResumeIsNamedInTheRecoveryAdvice() throws Exception {
        Journal j = journal();
        JournalRun run = j.start(Drills.WHO, request(), List.of());
        run.steps().intent(StepJournal.PAUSE, "pgb1/app");
        run.steps().intent(StepJournal.PAUSE, "pgb1/reports");
        run.steps().done(StepJournal.PAUSE, "pgb1/app", "PAUSE answered after 12 ms");
        run.steps().failed(StepJournal.PAUSE, "pgb1/reports", "PAUSE failed: no such database");
        // the process dies here, inside the freeze
        var clock = new dev.handover.sim.VirtualClock();
        var sim = dev.handover.sim.SimCluster.start(dev.handover.sim.Scenarios.builtIn("healthy"), 5, clock);
        run.watch(sim.uncheckedTransport("n2", Drills.POLL)).freezePrimary();

        Recovery r = j.unfinishedRuns().get(0);
        assertEquals(RecoveryAction.RESUME_WRITES, r.action());
        assertEquals(List.of("pgb1/app"), r.stillPaused(), "a PAUSE seen failing holds nothing");
        assertTrue(r.advice().contains("connection pools it was not seen resuming, whose clients may still be waiting: "
                + "pgb1/app."), r.advice());
        assertTrue(r.advice().contains("`handover recover --release " + run.id() + "` (nothing committed)"), r.advice());
    }

    @Test
    void aPauseWhoseIntentCannotBeWrittenThrows() throws Exception {
        Path journalDir = dir.resolve("journal");
        Journal j = Journal.at(journalDir);
        JournalRun run = j.start(Drills.WHO, request(), List.of());
        Files.delete(j.file());
        Files.delete(journalDir);
        Files.writeString(journalDir, "not a directory");
        assertThrows(IOException.class, () -> run.steps().intent(StepJournal.PAUSE, "pgb1/app"));
        assertTrue(run.failure().isPresent());
    }

    @Test
    void olderIntentLinesStillReadAndAStepWithoutItsSubjectIsADamagedLine() throws Exception {
        Journal j = journal();
        JournalRun run = j.start(Drills.WHO, request(), List.of());
        List<String> lines = new ArrayList<>(Files.readAllLines(j.file(), StandardCharsets.UTF_8));
        String at = "\"at\":\"2026-11-29T08:00:00Z\"";
        lines.add("{\"kind\":\"intent\",\"run\":\"" + run.id() + "\"," + at + ",\"step\":\"freeze\"}");
        lines.add("{\"kind\":\"intent\",\"run\":\"" + run.id() + "\"," + at + ",\"step\":\"pause\"}");
        Files.write(j.file(), lines, StandardCharsets.UTF_8);

        JournalContents contents = j.load();
        assertEquals(1, contents.damaged().size());
        assertTrue(contents.damaged().get(0).problem().contains("step \"pause\" and no \"subject\""),
                contents.damaged().get(0).problem());
        assertTrue(contents.runs().get(0).freezeBegun());
        assertEquals(List.of(), contents.runs().get(0).steps());
    }
}
