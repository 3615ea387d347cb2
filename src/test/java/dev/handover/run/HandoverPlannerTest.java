package dev.handover.run;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.OpenOptions;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.run.HandoverPlanner.Planned;
import dev.handover.sim.SimBackend;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one request builder, on the simulator's healthy cluster (n1 primary under term 7; n2, n3 replicas). */
class HandoverPlannerTest {
    private static final FailoverMode MODE = new FailoverMode.Coordinated(Duration.ofSeconds(5));

    @Test
    void aReplicaGetsTheRequestUnderThePrimarysTermWithItsOwnDurablePosition() throws Exception {
        ClusterSnapshot now = healthy();
        Planned.Ready ready = assertInstanceOf(Planned.Ready.class, HandoverPlanner.plan(now, "n2", MODE));
        FailoverRequest r = ready.request();
        assertEquals("n1", r.oldPrimary().id());
        assertEquals("n2", r.target().id());
        assertEquals(now.primary().orElseThrow().role().term(), r.currentTerm());
        assertEquals(now.node("n2").orElseThrow().durableLsn(), r.targetFrontierHint());
        assertEquals(MODE, r.mode());
    }

    @Test
    void whyThereIsNoRequestIsTyped() throws Exception {
        ClusterSnapshot now = healthy();
        Planned.NoSuchTarget none = assertInstanceOf(Planned.NoSuchTarget.class, HandoverPlanner.plan(now, "n9", MODE));
        assertEquals(List.of("n1", "n2", "n3"), none.nodes());
        Planned.TargetIsPrimary same = assertInstanceOf(Planned.TargetIsPrimary.class, HandoverPlanner.plan(now, "n1", MODE));
        assertEquals(List.of("n2", "n3"), same.replicas());
        assertInstanceOf(Planned.NoPrimary.class, HandoverPlanner.plan(new ClusterSnapshot(now.nodes().stream()
                .filter(n -> !n.isPrimary()).toList()), "n2", MODE));
        assertTrue(HandoverPlanner.request(now, "n1", MODE).isEmpty());
    }

    @Test
    void aLaterReadingKeepsTheRequestOnlyWhileThePrimaryAndItsTermHold() throws Exception {
        ClusterSnapshot now = healthy();
        FailoverRequest asked = HandoverPlanner.request(now, "n2", MODE).orElseThrow();
        assertEquals(asked, HandoverPlanner.again(now, asked, MODE).orElseThrow());
        FailoverRequest olderTerm = new FailoverRequest(asked.oldPrimary(), asked.target(), asked.currentTerm() - 1,
                asked.targetFrontierHint(), MODE);
        assertTrue(HandoverPlanner.again(now, olderTerm, MODE).isEmpty(), "the term moved on since it was asked");
        FailoverRequest fromN3 = new FailoverRequest(now.node("n3").orElseThrow().node(), asked.target(),
                asked.currentTerm(), asked.targetFrontierHint(), MODE);
        assertTrue(HandoverPlanner.again(now, fromN3, MODE).isEmpty(), "another node is the primary now");
    }

    private static ClusterSnapshot healthy() throws Exception {
        try (ClusterConnection sim = new SimBackend().open("healthy", OpenOptions.virtualTime(1))) {
            return sim.status();
        }
    }
}
