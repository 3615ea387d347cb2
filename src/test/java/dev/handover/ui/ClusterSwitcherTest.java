package dev.handover.ui;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The switchable cluster: who closes what, and a status call that races a switch. */
class ClusterSwitcherTest {

    private static SimCluster sim(String name) throws ClusterException {
        return SimCluster.start(Scenarios.builtIn(name), 1, new VirtualClock());
    }

    @Test
    void theFirstClusterIsItsOpenersAndLaterOnesAreClosedWhenLeft() throws Exception {
        SimCluster first = sim("healthy");
        ClusterSwitcher drill = ClusterSwitcher.around(first);
        assertSame(drill, ClusterSwitcher.around(drill));
        SimCluster second = sim("lagging-replica");
        SimCluster third = sim("stalled-replica");

        drill.switchTo(second);
        assertEquals("sim:lagging-replica", drill.name());
        assertEquals(3, first.status().nodes().size(), "the first stays open");

        drill.switchTo(third);
        assertThrows(ClusterException.class, second::status, "a cluster switched away from is closed");
        assertSame(third, ClusterSwitcher.actual(drill));

        drill.close();
        assertThrows(ClusterException.class, third::status);
        assertEquals(3, first.status().nodes().size(), "close() leaves the first to whoever opened it");
    }

    @Test
    void aStatusCallOnAClusterClosedByASwitchAsksTheNewOne() throws Exception {
        SimCluster next = sim("stalled-replica");
        ClusterSwitcher[] drill = new ClusterSwitcher[1];
        // The scenario is switched (and this cluster closed) while a refresh is asking it for status.
        ClusterConnection closedUnderTheCall = new ClusterConnection() {
            @Override
            public String name() {
                return "sim:old";
            }

            @Override
            public ClusterSnapshot status() throws ClusterException {
                drill[0].switchTo(next);
                throw new ClusterException("sim:old is closed");
            }

            @Override
            public FailoverTransport transportFor(FailoverRequest request, Duration pollInterval) throws ClusterException {
                throw new ClusterException("not used");
            }

            @Override
            public void close() {
            }
        };
        drill[0] = ClusterSwitcher.around(closedUnderTheCall);

        assertEquals(next.status(), drill[0].status());
        assertEquals("sim:stalled-replica", drill[0].name());
    }
}
