package dev.handover.cluster;

import dev.handover.cluster.PreflightCheck.Verdict;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverNode;
import dev.handover.core.NodeRole;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.handover.cluster.Nodes.healthyReplica;
import static dev.handover.cluster.Nodes.primary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The preflight on stuck standbys and a split brain (issue 20, finding 2): a stalled, paused or diverged target
 * fails; the replay backlog counts in the projected freeze, or the freeze says it cannot be projected; two writable
 * nodes fail first, naming them; an unfit sibling is a warning, never a pass.
 */
class StandbyPreflightTest {
    private static final FailoverMode COORDINATED_10S = new FailoverMode.Coordinated(Duration.ofSeconds(10));

    /** A caught-up standby (durable = primary) holding {@code backlog} received but not applied, in {@code condition}. */
    private static NodeStatus standby(String id, long backlog, double rate, Condition condition) {
        return new NodeStatus(new FailoverNode(id, id + ":5432", "eu"), new NodeRole.Replica("p:5432", 1), 5000, 5000, 0,
                Duration.ZERO, rate, condition.health(), condition == Condition.HEALTHY ? "" : condition.label(),
                condition, backlog);
    }

    private static PreflightCheck line(List<PreflightCheck> checks, String title) {
        return checks.stream().filter(c -> c.title().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + title + " in " + checks));
    }

    @Test
    void theReplayBacklogCountsInTheProjectedFreeze() {
        // 3,000,000 to apply at 1,000,000 a second: about 3 s frozen, over half the 5 s budget.
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary("n1", "eu", 5000, 1),
                standby("n2", 3_000_000, 1_000_000, Condition.HEALTHY)));
        PreflightCheck freeze = line(new Preflight().check(s, "n2", COORDINATED_10S), Preflight.FREEZE);
        assertEquals(Verdict.WARN, freeze.verdict(), freeze.why());
        assertTrue(freeze.why().startsWith("about 3s (the catch-up at n2's apply rate, including about 3s to apply"),
                freeze.why());
    }

    @Test
    void aBacklogWithNoRateMeasuredIsUnknownNotZero() {
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary("n1", "eu", 5000, 1),
                standby("n2", 3_000_000, 0, Condition.HEALTHY)));
        PreflightCheck freeze = line(new Preflight().check(s, "n2", COORDINATED_10S), Preflight.FREEZE);
        assertEquals(Verdict.WARN, freeze.verdict(), freeze.why());
        assertTrue(freeze.why().startsWith("unknown: n2 has 3,000,000 LSN received but not yet applied and no apply rate"),
                freeze.why());
        assertTrue(freeze.why().endsWith(" against a freeze budget of 5s"), "every freeze line names its budget: " + freeze.why());
    }

    @Test
    void aPausedTargetFailsItsHealthTheFreezeAndTheRunAndForceIsNotSuggested() {
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary("n1", "eu", 5000, 1),
                standby("n2", 133_000_000, 0, Condition.APPLY_PAUSED)));
        List<PreflightCheck> checks = new Preflight().check(s, "n2", COORDINATED_10S);
        assertEquals(Verdict.FAIL, line(checks, Preflight.TARGET_HEALTHY).verdict());
        assertTrue(line(checks, Preflight.TARGET_HEALTHY).why().startsWith("n2 is apply paused"), checks.toString());
        assertEquals(Verdict.FAIL, line(checks, Preflight.FREEZE).verdict());
        PreflightCheck lag = line(checks, Preflight.LAG);
        assertEquals(Verdict.WARN, lag.verdict(), "durable is not applied: " + lag.why());
        assertTrue(lag.why().contains("and 133,000,000 LSN received but not yet applied"), lag.why());
        assertFalse(line(checks, Preflight.FREEZE).why().contains("about 0"), checks.toString());
        assertEquals(Verdict.FAIL, line(checks, Preflight.COORDINATED_RUN).verdict());
        assertTrue(checks.stream().flatMap(c -> c.suggestions().stream()).noneMatch(x -> x instanceof Suggestion.Force),
                "Force does not mend a paused target: " + checks);
    }

    @Test
    void aStalledReceiverFailsTheTargetAndWarnsAsASibling() {
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary("n1", "eu", 5000, 1),
                standby("n2", 0, 0, Condition.RECEIVER_STALLED), healthyReplica("n3", "eu", 5000, 0, 1000)));
        List<PreflightCheck> toStalled = new Preflight().check(s, "n2", COORDINATED_10S);
        assertEquals(Verdict.FAIL, line(toStalled, Preflight.TARGET_HEALTHY).verdict(), toStalled.toString());
        assertEquals(Verdict.FAIL, line(toStalled, Preflight.COORDINATED_RUN).verdict(), toStalled.toString());
        List<PreflightCheck> toHealthy = new Preflight().check(s, "n3", COORDINATED_10S);
        PreflightCheck others = line(toHealthy, Preflight.OTHER_REPLICAS);
        assertEquals(Verdict.WARN, others.verdict());
        assertTrue(others.why().startsWith("n2 receiver stalled"), others.why());
    }

    @Test
    void aTargetAheadOfThePrimaryIsDivergedNotZeroBehind() {
        NodeStatus ahead = new NodeStatus(new FailoverNode("n2", "n2:5432", "eu"), new NodeRole.Replica("p:5432", 1), 6000,
                6000, -1000, Duration.ZERO, 0, Health.DEGRADED, "ahead", Condition.AHEAD_OF_PRIMARY, 0);
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary("n1", "eu", 5000, 1), ahead));
        List<PreflightCheck> checks = new Preflight().check(s, "n2", COORDINATED_10S);
        PreflightCheck lag = line(checks, Preflight.LAG);
        assertEquals(Verdict.FAIL, lag.verdict());
        assertTrue(lag.why().startsWith("n2 is ahead of the primary by 1,000 LSN"), lag.why());
        assertFalse(lag.why().contains("0 LSN behind"), lag.why());
        assertTrue(ahead.ahead());
    }

    @Test
    void twoWritableNodesAreASplitBrainThatFailsFirstNamingThem() {
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary("n1", "eu", 5000, 1), primary("n3", "eu", 5000, 2),
                healthyReplica("n2", "eu", 5000, 0, 1000)), Positions.PLAIN, List.of(), List.of("n1", "n3"));
        assertEquals(new ClusterVerdict.SplitBrain(List.of("n1", "n3")), s.verdict());
        List<PreflightCheck> checks = new Preflight().check(s, "n2", COORDINATED_10S);
        assertEquals(Preflight.ONE_WRITABLE, checks.get(0).title());
        assertEquals(Verdict.FAIL, checks.get(0).verdict());
        assertTrue(checks.get(0).why().startsWith("SPLIT BRAIN: n1 and n3 all take writes"), checks.get(0).why());
        assertTrue(Preflight.blocksCoordinated(checks));
    }

    @Test
    void theVerdictIsHealthyOnlyWithOnePrimaryAndEveryNodeHealthy() {
        ClusterSnapshot healthy = new ClusterSnapshot(List.of(primary("n1", "eu", 5000, 1),
                healthyReplica("n2", "eu", 5000, 0, 1000)), Positions.PLAIN, List.of(), List.of("n1"));
        assertEquals(ClusterVerdict.Kind.HEALTHY, healthy.verdict().kind());
        ClusterSnapshot degraded = new ClusterSnapshot(List.of(primary("n1", "eu", 5000, 1),
                standby("n2", 10, 0, Condition.APPLY_PAUSED)));
        assertEquals(new ClusterVerdict.Degraded(List.of(new ClusterVerdict.Issue("n2", Condition.APPLY_PAUSED)), true),
                degraded.verdict());
        assertEquals("degraded: n2 apply paused", degraded.verdict().text());
        ClusterSnapshot headless = new ClusterSnapshot(List.of(healthyReplica("n2", "eu", 5000, 0, 1000)));
        assertEquals("degraded: no node serves as primary", headless.verdict().text());
    }
}
