package dev.handover.cluster;

import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A target that did not answer has no lag and no backlog to judge: before, the preflight passed its
 * "0 LSN behind (0ms), within 10,000 LSN" and a catch-up of "about 0ms", and Force promised to skip 0 LSN.
 */
class PreflightUnknownTest {

    @Test
    void anUnreachableTargetIsNotReadAsCaughtUp() {
        NodeStatus primary = Nodes.primary("n1", "eu", 50_000, 4);
        NodeStatus hung = NodeStatus.unreachable(new FailoverNode("n2", "n2:5432", "eu"), "connection timed out");
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary, hung));

        List<PreflightCheck> checks = new Preflight().check(s, "n2", new FailoverMode.Force(Duration.ofSeconds(5)));

        PreflightCheck lag = checks.stream().filter(c -> c.title().equals(Preflight.LAG)).findFirst().orElseThrow();
        assertTrue(lag.failed(), lag.toString());
        assertEquals("unknown: n2 did not answer the status call", lag.why());
        PreflightCheck catchUp = checks.stream().filter(c -> c.title().equals(Preflight.CATCH_UP)).findFirst().orElseThrow();
        assertTrue(catchUp.failed(), catchUp.toString());
        assertTrue(catchUp.why().startsWith("unknown"), catchUp.why());
        assertTrue(Preflight.projectedCatchUp(hung).isEmpty());
        for (PreflightCheck c : checks) {
            assertFalse(c.why().contains("0 LSN") || c.why().contains("0ms"), c.toString());
        }
        assertTrue(checks.get(checks.size() - 1).why().endsWith("skip an unknown amount of acknowledged writes"),
                checks.get(checks.size() - 1).why());
        // The ranking says so too.
        assertTrue(CandidateRanking.rank(s).get(0).reason().contains("lag unknown"), CandidateRanking.rank(s).get(0).reason());
    }
}
