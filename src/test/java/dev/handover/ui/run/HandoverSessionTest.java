package dev.handover.ui.run;

import dev.handover.run.RunEnd;
import dev.handover.journal.Result;
import dev.handover.run.HookSet;
import dev.handover.run.PreFreezeStep;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.OpenOptions;
import dev.handover.core.Cancellation;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.ForceDecision;
import dev.handover.core.HandoverEvent;
import dev.handover.core.HandoverListener;
import dev.handover.journal.Journal;
import dev.handover.journal.RunReport;
import dev.handover.sim.SimBackend;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.concurrent.ManualExecutor;
import dev.handover.ui.force.ForcePromptPresenter;
import dev.handover.ui.switchover.SwitchoverPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's side of a run: what reaches the window, in which order, in its words. */
class HandoverSessionTest {
    private static final FailoverMode COORDINATED = new FailoverMode.Coordinated(Duration.ofSeconds(5));

    private final ManualExecutor executor = new ManualExecutor();
    private final List<String> window = new ArrayList<>();
    private final List<RunEnd> results = new ArrayList<>();
    private final List<RunRecord> records = new ArrayList<>();
    private final List<TimedStep> steps = new ArrayList<>();

    @TempDir
    Path dir;

    @Test
    void theWindowHearsTheWaitsBeforeTheFreezeThenTheEventsThenTheResultThenTheRecord() throws Exception {
        Journal journal = Journal.at(dir.resolve("journal"));
        try (ClusterConnection sim = sim()) {
            start(sim, plan(sim, 7), Optional.of(journal), HandoverListener.NONE);

            assertEquals("result", window.get(window.size() - 2), window.toString());
            assertEquals("recorded", window.get(window.size() - 1), window.toString());
            assertEquals("step", window.get(0), "the wait before the freeze is said before anything is frozen: " + window);
            assertTrue(window.subList(1, window.size() - 2).stream().allMatch(w -> w.equals("events")), window.toString());
            assertEquals(List.of(new PreFreezeStep.TakingTheCluster("n1", "n2")), steps.stream().map(TimedStep::step).toList());
            assertInstanceOf(RunEnd.Handed.class, results.get(0));
            RunRecord record = records.get(0);
            String id = journal.load().runs().get(0).id();
            assertEquals(Optional.of("Recorded as run " + id + " in " + journal.file()), record.journalLine());
            assertFalse(record.journalTrouble());
            assertEquals("prompt", record.report().request().forceApproval(), "the console always asks a person");
        }
    }

    @Test
    void aRunTheClusterRefusesIsNotStartedAndLeavesNoRecord() throws Exception {
        Journal journal = Journal.at(dir.resolve("journal"));
        try (ClusterConnection sim = sim()) {
            start(sim, plan(sim, 6), Optional.of(journal), HandoverListener.NONE); // planned on a term gone by

            assertEquals(List.of("step", "result"), window, "said while it tried, then refused");
            RunEnd.NotStarted refused = assertInstanceOf(RunEnd.NotStarted.class, results.get(0));
            assertEquals(RunEnd.NotStarted.Cause.CLUSTER, refused.cause(), refused.why());
            assertTrue(refused.why().endsWith(". Nothing was frozen and nothing changed."), refused.why());
            assertTrue(journal.load().runs().isEmpty());
        }
    }

    @Test
    void aJournalThatFailsAtTheEndIsAWarningAndTheDebriefStillHasTheRun() throws Exception {
        Path journalDir = dir.resolve("journal");
        HandoverListener journalGoesAway = e -> {
            if (e instanceof HandoverEvent.Committed) {
                replaceWithAFile(journalDir);
            }
        };
        try (ClusterConnection sim = sim()) {
            start(sim, plan(sim, 7), Optional.of(Journal.at(journalDir)), journalGoesAway);

            RunRecord record = records.get(0);
            assertTrue(record.journalTrouble());
            assertTrue(record.journalLine().orElseThrow().contains("could not record the end of run"),
                    record.journalLine().toString());
            assertEquals(Result.COMMITTED, record.report().outcome().result());
        }
    }

    @Test
    void withoutAJournalTheRecordSaysNothingAboutOne() throws Exception {
        try (ClusterConnection sim = sim()) {
            start(sim, plan(sim, 7), Optional.empty(), HandoverListener.NONE);

            RunRecord record = records.get(0);
            assertEquals(Optional.empty(), record.journalLine());
            assertFalse(record.journalTrouble());
            RunReport report = record.report();
            assertEquals(Result.COMMITTED, report.outcome().result());
        }
    }

    @Test
    void aVetoReachesTheWindowAsNotStartedWithTheHooksWordsAndIsRecorded() throws Exception {
        Journal journal = Journal.at(dir.resolve("journal"));
        HookSet vetoing = new HookSet(List.of(new HookSet.Command(List.of("sh", "-c", "echo 'change freeze'; exit 4"),
                Duration.ofSeconds(20))), List.of(), List.of(), List.of());
        try (ClusterConnection sim = sim()) {
            start(sim, plan(sim, 7), Optional.of(journal), HandoverListener.NONE, vetoing);

            assertEquals(List.of("step", "step", "result", "recorded"), window, "no event: the coordinator never began");
            assertEquals(new PreFreezeStep.CallingHooks(1), steps.get(1).step());
            RunEnd.NotStarted notStarted = assertInstanceOf(RunEnd.NotStarted.class, results.get(0));
            assertEquals(RunEnd.NotStarted.Cause.VETOED, notStarted.cause());
            assertEquals("The run was vetoed by the pre-switchover hook sh -c echo 'change freeze'; exit 4 (exit 4): change freeze;"
                    + " nothing was frozen.", notStarted.why());
            assertEquals("vetoed", records.get(0).report().outcome().reason());
            assertEquals("vetoed", journal.load().runs().get(0).report().outcome().reason());
        }
    }

    private void start(ClusterConnection cluster, SwitchoverPlan plan, Optional<Journal> journal, HandoverListener observer) {
        start(cluster, plan, journal, observer, HookSet.NONE);
    }

    private void start(ClusterConnection cluster, SwitchoverPlan plan, Optional<Journal> journal, HandoverListener observer,
                       HookSet hooks) {
        ForcePromptPresenter declines = new ForcePromptPresenter() {
            @Override
            public void show(ForceLoss loss, Supplier<Duration> remaining, Consumer<ForceDecision> decide) {
                decide.accept(ForceDecision.DECLINE);
            }

            @Override
            public void dismiss() {
            }
        };
        HandoverSession session = new HandoverSession(cluster, executor, FxRelay.direct(), Duration.ofSeconds(30), declines,
                observer, () -> journal, notice -> window.add("notice"), hooks);
        session.start(plan, new Cancellation(), step -> {
            window.add("step");
            steps.add(step);
        }, events -> window.add("events"), r -> {
            window.add("result");
            results.add(r);
        }, a -> window.add("after-run"), r -> {
            window.add("recorded");
            records.add(r);
        });
        executor.runPending();
    }

    private static ClusterConnection sim() throws Exception {
        return new SimBackend().open("healthy", OpenOptions.virtualTime(1));
    }

    /** n1 → n2 as the form would plan it, under {@code term} (7 is the cluster's). */
    private static SwitchoverPlan plan(ClusterConnection cluster, long term) throws Exception {
        ClusterSnapshot before = cluster.status();
        NodeStatus primary = before.primary().orElseThrow();
        NodeStatus target = before.node("n2").orElseThrow();
        return new SwitchoverPlan(new FailoverRequest(primary.node(), target.node(), term, target.durableLsn(), COORDINATED),
                Duration.ofMillis(100), before);
    }

    private static void replaceWithAFile(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
            Files.writeString(directory, "the journal's directory is a file now");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
