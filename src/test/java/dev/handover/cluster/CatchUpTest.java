package dev.handover.cluster;

import dev.handover.cluster.PreflightCheck.Verdict;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverNode;
import dev.handover.core.NodeRole;
import dev.handover.postgres.PgPositions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catch-up rule (issue 21's trial: healthy standbys behind a constantly written primary failed "would never catch
 * up" on a first read, whose apply rate is 0 because nothing was measured yet) and the lag line's time behind.
 */
class CatchUpTest {
    private static final FailoverMode COORDINATED_10S = new FailoverMode.Coordinated(Duration.ofSeconds(10));
    private static final NodeStatus PG1 = new NodeStatus(new FailoverNode("pg1", "pg1:5432", "eu"),
            new NodeRole.Primary(1), 67_136_280 + 23_136, 67_136_280 + 23_136, 0, Duration.ZERO, 0, Health.HEALTHY, "");

    /** A standby at {@code durable}, {@code lag} bytes behind pg1, {@code backlog} received but not replayed. */
    private static NodeStatus pg2(long lagBytes, Duration lag, double rate, Condition condition, long backlog) {
        long durable = PG1.lsn() - lagBytes;
        return new NodeStatus(new FailoverNode("pg2", "pg2:5432", "eu"), new NodeRole.Replica("pg1:5432", 1), durable,
                durable, lagBytes, lag, rate, condition.health(), "", condition, backlog);
    }

    private static PreflightCheck line(NodeStatus target, String title) {
        List<PreflightCheck> checks = new Preflight(100_000).check(new ClusterSnapshot(List.of(PG1, target),
                PgPositions.INSTANCE), "pg2", COORDINATED_10S);
        return checks.stream().filter(c -> c.title().equals(title)).findFirst().orElseThrow();
    }

    @Test
    void aStreamingStandbyThatAppliedAllItReceivedIsKeepingUpWithNoRateMeasured() {
        // The trial's first read: 23,136 bytes behind (6ms), rate 0 (nothing measured yet), nothing left to replay.
        NodeStatus first = pg2(23_136, Duration.ofMillis(6), 0, Condition.HEALTHY, 0);
        assertTrue(CatchUp.keepingUp(first));
        assertEquals(Optional.of(Duration.ofMillis(6)), CatchUp.projected(first));
        PreflightCheck catchUp = line(first, Preflight.CATCH_UP);
        assertEquals(Verdict.PASS, catchUp.verdict(), catchUp.why());
        assertTrue(catchUp.why().startsWith("about 6ms"), catchUp.why());
        assertEquals(Verdict.PASS, line(first, Preflight.COORDINATED_RUN).verdict());
        assertEquals(Verdict.PASS, line(first, Preflight.FREEZE).verdict());

        // replay_lag idle (no time reported) on the same shape: in moments, never "would never catch up".
        NodeStatus noTime = pg2(704, Duration.ZERO, 0, Condition.HEALTHY, 0);
        assertEquals(Optional.of(Duration.ZERO), CatchUp.projected(noTime));
        PreflightCheck moments = line(noTime, Preflight.CATCH_UP);
        assertEquals(Verdict.PASS, moments.verdict(), moments.why());
        assertTrue(moments.why().startsWith("in moments against a deadline of 10s: pg2 streams"), moments.why());
    }

    @Test
    void aMeasuredRateStillDecides() {
        NodeStatus measured = pg2(3_000_000, Duration.ofMillis(6), 100_000, Condition.HEALTHY, 0);
        assertEquals(Optional.of(Duration.ofSeconds(30)), CatchUp.projected(measured));
        assertEquals(Verdict.FAIL, line(measured, Preflight.CATCH_UP).verdict());
        assertEquals(Optional.of(Duration.ZERO), CatchUp.projected(pg2(0, Duration.ZERO, 0, Condition.HEALTHY, 0)));
    }

    @Test
    void aStandbyThatDoesNotApplyIsNotKeepingUp() {
        // Received but not replayed, rate 0: not keeping up. Healthy otherwise, so the rate is only unmeasured.
        NodeStatus backlog = pg2(23_136, Duration.ofMillis(6), 0, Condition.HEALTHY, 5_000);
        assertFalse(CatchUp.keepingUp(backlog));
        assertEquals(Optional.empty(), CatchUp.projected(backlog));
        PreflightCheck unknown = line(backlog, Preflight.CATCH_UP);
        assertEquals(Verdict.FAIL, unknown.verdict());
        assertTrue(unknown.why().startsWith("unknown: pg2 has 23,136 bytes (23 kB) to go and no apply rate was measured"),
                unknown.why());
        assertFalse(unknown.why().contains("never"), unknown.why());

        // Stopped receiving, stalled, paused: applies nothing, whatever its backlog.
        for (Condition stuck : List.of(Condition.NOT_STREAMING, Condition.RECEIVER_STALLED, Condition.APPLY_PAUSED,
                Condition.STALLED)) {
            NodeStatus n = pg2(6_289_368, Duration.ZERO, 0, stuck, 0);
            assertFalse(CatchUp.keepingUp(n), stuck.name());
            assertEquals(Optional.empty(), CatchUp.projected(n), stuck.name());
            PreflightCheck never = line(n, Preflight.CATCH_UP);
            assertEquals(Verdict.FAIL, never.verdict(), stuck.name());
            assertTrue(never.why().contains("never catch up"), stuck.name() + ": " + never.why());
        }
        assertEquals(Optional.empty(), CatchUp.projected(NodeStatus.unreachable(PG1.node(), "refused")));
    }

    @Test
    void theLagLineSaysTimeUnknownWhenNothingMeasuredItAsStatusDoes() {
        // The trial: walreceiver stopped, 6,289,368 bytes behind "(0ms)".
        PreflightCheck stopped = line(pg2(6_289_368, Duration.ZERO, 0, Condition.NOT_STREAMING, 0), Preflight.LAG);
        assertTrue(stopped.why().startsWith("6,289,368 bytes (6.0 MB) behind (time unknown)"), stopped.why());
        // Applying, under a millisecond behind: 0ms.
        PreflightCheck fast = line(pg2(100, Duration.ZERO, 50_000, Condition.HEALTHY, 0), Preflight.LAG);
        assertTrue(fast.why().startsWith("100 bytes behind (0ms)"), fast.why());
        // A time the node measured stands, rate or not.
        PreflightCheck measured = line(pg2(100, Duration.ofMillis(7), 0, Condition.HEALTHY, 0), Preflight.LAG);
        assertTrue(measured.why().startsWith("100 bytes behind (7ms)"), measured.why());
        assertEquals(Optional.empty(), TimeBehind.of(42, Duration.ZERO, 0));
        assertEquals(Optional.of(Duration.ZERO), TimeBehind.of(0, Duration.ZERO, 0));
    }
}
