package dev.handover.cluster;

import dev.handover.core.FailoverNode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.NodeRole;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A run's or plan's reading of a real cluster: read again, once, when a first read left a healthy standby holding
 * WAL it has not replayed with no apply rate (the second read measures one); read once otherwise.
 */
class MeasuredReadingTest {
    private static final NodeStatus PG1 = new NodeStatus(new FailoverNode("pg1", "pg1:5432", "eu"), new NodeRole.Primary(1),
            10_000, 10_000, 0, Duration.ZERO, 0, Health.HEALTHY, "");

    private static NodeStatus pg2(double rate, Condition condition, long backlog) {
        return new NodeStatus(new FailoverNode("pg2", "pg2:5432", "eu"), new NodeRole.Replica("pg1:5432", 1), 9_800, 9_800,
                200, Duration.ofMillis(1), rate, condition.health(), "", condition, backlog);
    }

    @Test
    void aHealthyStandbyWithWalToReplayAndNoRateIsReadAgain() throws Exception {
        ClusterSnapshot first = new ClusterSnapshot(List.of(PG1, pg2(0, Condition.HEALTHY, 176)));
        ClusterSnapshot second = new ClusterSnapshot(List.of(PG1, pg2(4_000_000, Condition.HEALTHY, 0)));
        Reads cluster = new Reads(first, second);
        List<List<String>> said = new ArrayList<>();
        assertSame(second, CatchUp.measuredReading(cluster, said::add));
        assertEquals(List.of(List.of("pg2")), said, "the second read is said first, naming whom it measures");
        assertEquals(2, cluster.reads);
    }

    @Test
    void otherwiseOneReadIsWhatIsJudged() throws Exception {
        for (NodeStatus pg2 : List.of(pg2(0, Condition.HEALTHY, 0), pg2(1_000, Condition.HEALTHY, 176),
                pg2(0, Condition.APPLY_PAUSED, 5_000_000))) {
            ClusterSnapshot only = new ClusterSnapshot(List.of(PG1, pg2));
            Reads cluster = new Reads(only);
            List<List<String>> said = new ArrayList<>();
            assertSame(only, CatchUp.measuredReading(cluster, said::add), pg2.toString());
            assertEquals(List.of(), said);
            assertEquals(1, cluster.reads, "nothing a second read would measure: " + pg2);
        }
    }

    /** A real (not simulated) cluster whose status calls return the given snapshots in turn. */
    private static final class Reads implements ClusterConnection {
        private final Deque<ClusterSnapshot> snapshots;
        int reads;

        Reads(ClusterSnapshot... snapshots) {
            this.snapshots = new ArrayDeque<>(List.of(snapshots));
        }

        @Override
        public String name() {
            return "pg:reads.json";
        }

        @Override
        public ClusterSnapshot status() {
            reads++;
            return snapshots.size() > 1 ? snapshots.poll() : snapshots.peek();
        }

        @Override
        public FailoverTransport transportFor(FailoverRequest request, Duration pollInterval) {
            throw new AssertionError("a reading takes no transport");
        }

        @Override
        public void close() {
        }
    }
}
