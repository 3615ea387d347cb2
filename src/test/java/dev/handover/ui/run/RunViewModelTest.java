package dev.handover.ui.run;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.core.Cancellation;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverNode;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FreezeSpan;
import dev.handover.core.FailoverRequest;
import dev.handover.core.HandoverEvent;
import dev.handover.core.NodeRole;
import dev.handover.core.RoleAssignment;
import dev.handover.postgres.PgPositions;
import dev.handover.ui.switchover.SwitchoverPlan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunViewModelTest {
    private static final FailoverNode N1 = new FailoverNode("n1", "n1:5432", "eu");
    private static final FailoverNode N2 = new FailoverNode("n2", "n2:5432", "eu");

    private static SwitchoverPlan plan(long hint) {
        return new SwitchoverPlan(new FailoverRequest(N1, N2, 4, hint, new FailoverMode.Coordinated(Duration.ofSeconds(30))),
                Duration.ofMillis(10), new ClusterSnapshot(List.of()));
    }

    private static TimedEvent at(HandoverEvent e) {
        // Stamped when made, after begin(), as the relay stamps them: the log orders lines by wall time, and a fixed
        // NOON sorted before the Start line (stamped now) every afternoon.
        return new TimedEvent(e, LocalTime.now());
    }

    @Test
    void progressIsTheShareOfTheGapClosed() {
        RunViewModel vm = new RunViewModel();
        vm.begin(plan(1000), new Cancellation());
        assertTrue(vm.runningProperty().get());
        assertEquals(-1, vm.progressProperty().get(), "indeterminate until the frontier is known");

        vm.accept(List.of(at(new HandoverEvent.Frozen(Duration.ZERO, 2000)),
                at(new HandoverEvent.Polled(Duration.ofMillis(10), 1250, 2000)),
                at(new HandoverEvent.Polled(Duration.ofMillis(20), 1500, 2000))));

        assertEquals(0.5, vm.progressProperty().get(), 1e-9);
        assertEquals("50% of the gap closed · n2 at LSN 1,500 of 2,000", vm.progressTextProperty().get());
        assertEquals("20ms of 30s deadline", vm.elapsedTextProperty().get());
        assertEquals(3, vm.series().size(), "the freeze point and two readings");
        assertEquals(2000, vm.series().frontier().getAsLong());
    }

    @Test
    void onPostgresTheLogProgressAndChartReadPositionsAsPostgresWritesThem() {
        RunViewModel vm = new RunViewModel();
        long frontier = 0x4009D88L;
        long start = frontier - 4_108_463;
        vm.begin(new SwitchoverPlan(new FailoverRequest(N1, N2, 4, start, new FailoverMode.Force(Duration.ofSeconds(30))),
                Duration.ofMillis(10), new ClusterSnapshot(List.of(), PgPositions.INSTANCE)), new Cancellation());

        vm.accept(List.of(at(new HandoverEvent.Frozen(Duration.ZERO, frontier)),
                at(new HandoverEvent.Polled(Duration.ofMillis(10), frontier - 1024, frontier)),
                at(new HandoverEvent.Committed(Duration.ofMillis(20), new FailoverOutcome(5, frontier, frontier - 1024, 1024,
                        true, Duration.ofMillis(20), new RoleAssignment(new NodeRole.Primary(5),
                        new NodeRole.Replica("n2:5432", 5)))))));

        List<String> log = vm.log().stream().map(LogLine::text).toList();
        assertTrue(log.contains("Froze writes on n1 at frontier LSN\u00a00/4009D88"), log.toString());
        assertTrue(log.contains("n2 durable at LSN\u00a00/4009988, 1.0\u00a0kB\u00a0to\u00a0go"),
                log.toString());
        assertTrue(log.stream().anyMatch(l -> l.endsWith("1,024\u00a0bytes\u00a0(1.0\u00a0kB)\u00a0skipped")), log.toString());
        assertTrue(vm.progressTextProperty().get().endsWith("n2 at LSN 0/4009988 of 0/4009D88"),
                vm.progressTextProperty().get());
        assertEquals(PgPositions.INSTANCE, vm.series().positions(), "the chart labels its axis the PostgreSQL way");
        assertEquals(PgPositions.INSTANCE, vm.positions());
    }

    @Test
    void fastPollsAreLoggedAboutOnceASecondButTheEndIsAlwaysLogged() {
        RunViewModel vm = new RunViewModel();
        vm.begin(plan(0), new Cancellation());
        List<TimedEvent> batch = new ArrayList<>();
        batch.add(at(new HandoverEvent.Frozen(Duration.ZERO, 300_000)));
        for (int i = 1; i <= 300; i++) {   // three seconds of 10 ms polls
            batch.add(at(new HandoverEvent.Polled(Duration.ofMillis(10L * i), 1000L * i, 300_000)));
        }
        vm.accept(batch);

        long polledLines = vm.log().stream().filter(l -> l.text().startsWith("n2 durable")).count();
        assertTrue(polledLines <= 4, "logged " + polledLines + " poll lines");
        assertTrue(vm.log().get(vm.log().size() - 1).text().endsWith("frontier reached"));
        assertEquals(301, vm.series().size());
    }

    @Test
    void frozenForRunsFromTheFreezeToTheCommit() {
        RunViewModel vm = new RunViewModel();
        vm.begin(plan(1000), new Cancellation());
        FailoverOutcome outcome = new FailoverOutcome(5, 2000, 2000, 0, false, Duration.ofMillis(400),
                new RoleAssignment(new NodeRole.Primary(5), new NodeRole.Replica("n2:5432", 5)));

        vm.accept(List.of(at(new HandoverEvent.Frozen(Duration.ofMillis(100), 2000)),
                at(new HandoverEvent.Committed(Duration.ofMillis(600), outcome))));

        assertEquals(new FreezeSpan.Ended(Duration.ofMillis(500)), vm.freezeSpan());
        assertFalse(vm.abortableProperty().get());
        assertEquals(LogLine.Level.GOOD, vm.log().get(vm.log().size() - 1).level());
        assertEquals("+600ms", vm.log().get(vm.log().size() - 1).at());
    }

    /** A run refused before the coordinator began (preflight, lock, veto) stops spinning and says nothing was frozen. */
    @Test
    void aRunThatNeverStartedSaysSoInsteadOfFreezing() {
        RunViewModel vm = new RunViewModel();
        vm.begin(plan(1000), new Cancellation());
        assertEquals("Checking", vm.phaseProperty().get(), "the checks before the freeze come first");
        vm.finish();
        assertEquals("Not started", vm.phaseProperty().get());
        assertEquals(0, vm.progressProperty().get(), 1e-9);
        assertEquals("Not started: nothing was frozen", vm.progressTextProperty().get());

        vm.begin(plan(1000), new Cancellation()); // froze, then broke off with no terminal event: no claim about the freeze
        vm.accept(List.of(at(new HandoverEvent.Frozen(Duration.ZERO, 2000))));
        vm.finish();
        assertEquals("Ended", vm.phaseProperty().get());
        assertFalse(vm.progressTextProperty().get().contains("nothing was frozen"), vm.progressTextProperty().get());
    }

    @Test
    void abortCancelsTheRunOnce() {
        RunViewModel vm = new RunViewModel();
        Cancellation cancellation = new Cancellation();
        vm.begin(plan(1000), cancellation);

        vm.abort();

        assertTrue(cancellation.isCancelled());
        assertFalse(vm.abortableProperty().get());
        assertTrue(vm.log().get(vm.log().size() - 1).text().startsWith("Abort requested"));
        int lines = vm.log().size();
        vm.abort();
        assertEquals(lines, vm.log().size(), "a second press does nothing");
    }

    @Test
    void resetForgetsTheLastRunsChartAndLogButNotARunInProgress() {
        RunViewModel vm = new RunViewModel();
        vm.begin(plan(1000), new Cancellation());
        vm.accept(List.of(at(new HandoverEvent.Frozen(Duration.ZERO, 2000))));
        vm.reset();
        assertEquals(1, vm.series().size(), "a run in progress keeps its chart");

        vm.finish();
        vm.reset();
        assertEquals(0, vm.series().size());
        assertEquals("Idle", vm.phaseProperty().get());
        assertEquals("No run yet", vm.progressTextProperty().get());
        assertTrue(vm.log().isEmpty(), "the last cluster's log goes with it (another cluster is on screen)");
    }
}
