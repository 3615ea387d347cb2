package dev.handover.ui.training;

import dev.handover.app.Installed;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.core.Cancellation;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverNode;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.HandoverEvent;
import dev.handover.core.NodeRole;
import dev.handover.core.RoleAssignment;
import dev.handover.journal.RunRecorder;
import dev.handover.journal.RunReport;
import dev.handover.ui.outcome.OutcomeViewModel;
import dev.handover.run.RunEnd;
import dev.handover.ui.run.RunViewModel;
import dev.handover.ui.run.TimedEvent;
import dev.handover.ui.switchover.SwitchoverPlan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 11, point 3: the same run was shown frozen 19 ms in the outcome and 20 ms in the debrief. On a
 * real-time clock events fall between milliseconds; the outcome subtracted the exact instants, the
 * debrief the journal's whole milliseconds. One figure now, computed one way, wherever it is shown.
 */
class FrozenFigureTest {
    private static final FailoverNode N1 = new FailoverNode("n1", "n1:5432", "eu");
    private static final FailoverNode N2 = new FailoverNode("n2", "n2:5432", "eu");
    private static final FailoverRequest REQUEST =
            new FailoverRequest(N1, N2, 4, 900, new FailoverMode.Coordinated(Duration.ofSeconds(5)));

    @Test
    void theOutcomeAndTheDebriefShowTheSameFreeze() throws Exception {
        FailoverOutcome handed = new FailoverOutcome(5, 1000, 1000, 0, false, Duration.ofNanos(20_200_000),
                new RoleAssignment(new NodeRole.Primary(5), new NodeRole.Replica("n2:5432", 5)));
        // Frozen at 0.6 ms, committed at 20.2 ms: 19.6 ms between the instants, 20 ms between their milliseconds.
        List<HandoverEvent> events = List.of(new HandoverEvent.Frozen(Duration.ofNanos(600_000), 1000),
                new HandoverEvent.Polled(Duration.ofNanos(10_300_000), 1000, 1000),
                new HandoverEvent.Committed(Duration.ofNanos(20_200_000), handed));

        RunViewModel run = new RunViewModel();
        run.begin(new SwitchoverPlan(REQUEST, Duration.ofMillis(10), new ClusterSnapshot(List.of())), new Cancellation());
        run.accept(events.stream().map(e -> new TimedEvent(e, LocalTime.NOON)).toList());
        OutcomeViewModel outcome = new OutcomeViewModel();
        outcome.show(REQUEST, new RunEnd.Handed(handed), run.freezeSpan());

        RunRecorder recorder = new RunRecorder();
        events.forEach(recorder::on);
        RunReport record = recorder.report(new RunReport.RunInfo("dba", Instant.EPOCH, "sim:healthy", "dev"),
                RunRecorder.request(REQUEST, Duration.ofMillis(10), Optional.empty(), Optional.of(1L)), Optional.empty());
        DebriefViewModel debrief = new DebriefViewModel(Installed.backends()::positionsOf);
        debrief.show(RunReport.fromJson(record.toJson())); // as the journal holds it

        assertEquals("Writes were frozen for 20ms", outcome.frozenProperty().get());
        assertEquals("20ms", debrief.frozenProperty().get());
    }
}
