package dev.handover.sim;

import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator writes the one transportFor of the engine contract: a plan the cluster moved away from is refused. */
class SimExpectedPrimaryTest {
    private static final Duration POLL = Duration.ofMillis(100);
    private final VirtualClock clock = new VirtualClock();

    private FailoverRequest planned(SimCluster sim, long term) throws Exception {
        ClusterSnapshot s = sim.status();
        var p = s.primary().orElseThrow();
        var t = s.node("n2").orElseThrow();
        return new FailoverRequest(p.node(), t.node(), term, t.durableLsn(), new FailoverMode.Coordinated(Duration.ofSeconds(5)));
    }

    @Test
    void aPlanOnThePrimaryNowGetsItsTransport() throws Exception {
        SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 1, clock);
        clock.advance(Duration.ofSeconds(1));
        long term = sim.status().primary().orElseThrow().role().term();
        assertNotNull(sim.transportFor(planned(sim, term), POLL));
    }

    @Test
    void aPlanUnderAnotherTermIsRefusedBeforeAnythingIsFrozen() throws Exception {
        SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 1, clock);
        clock.advance(Duration.ofSeconds(1));
        long term = sim.status().primary().orElseThrow().role().term();
        ClusterException e = assertThrows(ClusterException.class, () -> sim.transportFor(planned(sim, term + 1), POLL));
        assertTrue(e.getMessage().contains("nothing was frozen"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one message: " + e.getMessage());
        assertFalse(sim.runStart().isPresent(), "no transport was made: the run's clock never started");
    }
}
