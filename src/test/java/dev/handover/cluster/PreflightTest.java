package dev.handover.cluster;

import dev.handover.cluster.PreflightCheck.Verdict;
import dev.handover.core.FailoverMode;
import dev.handover.postgres.PgPositions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.handover.cluster.Nodes.healthyReplica;
import static dev.handover.cluster.Nodes.primary;
import static dev.handover.cluster.Nodes.replica;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreflightTest {
    private static final FailoverMode COORDINATED_30S = new FailoverMode.Coordinated(Duration.ofSeconds(30));

    private static PreflightCheck line(List<PreflightCheck> checks, String title) {
        return checks.stream().filter(c -> c.title().equals(title)).findFirst().orElseThrow();
    }

    @Test
    void aHealthyCaughtUpSameRegionReplicaPassesEverything() {
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary("n1", "eu", 5000, 1),
                healthyReplica("n2", "eu", 5000, 20, 2000)));

        List<PreflightCheck> checks = new Preflight().check(s, "n2", COORDINATED_30S);

        assertEquals(6, checks.size());
        assertTrue(checks.stream().allMatch(c -> c.verdict() == Verdict.PASS), checks.toString());
        assertFalse(Preflight.blocksCoordinated(checks));
    }

    @Test
    void aStalledTargetWarnsOnHealthAndFailsCatchUpAndTheCoordinatedRun() {
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary("n1", "eu", 5000, 1),
                replica("n2", "eu", 5000, 800, 0, Health.DEGRADED, "stalled")));

        List<PreflightCheck> checks = new Preflight().check(s, "n2", new FailoverMode.Force(Duration.ofSeconds(5)));

        assertEquals(Verdict.WARN, line(checks, Preflight.TARGET_HEALTHY).verdict());
        assertEquals("n2 is degraded (stalled)", line(checks, Preflight.TARGET_HEALTHY).why());
        assertEquals(Verdict.FAIL, line(checks, Preflight.CATCH_UP).verdict());
        assertTrue(line(checks, Preflight.CATCH_UP).why().contains("never catch up"));
        PreflightCheck run = line(checks, Preflight.COORDINATED_RUN);
        assertEquals(Verdict.FAIL, run.verdict());
        assertTrue(run.why().contains("skip about 800 LSN"), run.why());
        assertTrue(Preflight.blocksCoordinated(checks));
    }

    @Test
    void catchUpIsProjectedFromBacklogAndApplyRate() {
        // 30,000 LSN at 1,000 LSN/s: 30 s against deadlines of 10 s, 45 s and 120 s.
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary("n1", "eu", 100_000, 1),
                healthyReplica("n2", "eu", 100_000, 30_000, 1000)));
        Preflight preflight = new Preflight(50_000);

        assertEquals(Verdict.FAIL, line(preflight.check(s, "n2", new FailoverMode.Coordinated(Duration.ofSeconds(10))),
                Preflight.CATCH_UP).verdict());
        assertEquals(Verdict.WARN, line(preflight.check(s, "n2", new FailoverMode.Coordinated(Duration.ofSeconds(45))),
                Preflight.CATCH_UP).verdict());
        List<PreflightCheck> roomy = preflight.check(s, "n2", new FailoverMode.Coordinated(Duration.ofSeconds(120)));
        assertEquals(Verdict.PASS, line(roomy, Preflight.CATCH_UP).verdict());
        assertEquals("about 30s against a deadline of 2m", line(roomy, Preflight.CATCH_UP).why());
        assertEquals(Duration.ofSeconds(30), Preflight.projectedCatchUp(s.node("n2").orElseThrow()).orElseThrow());
    }

    @Test
    void lagOverTheThresholdWarns() {
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary("n1", "eu", 100_000, 1),
                healthyReplica("n2", "eu", 100_000, 2_000, 100_000)));

        PreflightCheck lag = line(new Preflight(1_000).check(s, "n2", COORDINATED_30S), Preflight.LAG);

        assertEquals(Verdict.WARN, lag.verdict());
        assertEquals("2,000 LSN behind (20ms), over the threshold of 1,000 LSN", lag.why());
    }

    @Test
    void onPostgresTheLagAndTheSkipReadInBytes() {
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary("pg1", "eu", 0x4009D88L, 1),
                replica("pg2", "eu", 0x4009D88L, 4_108_463, 0, Health.DEGRADED, "stalled")), PgPositions.INSTANCE);

        List<PreflightCheck> checks = new Preflight(1_000_000).check(s, "pg2", new FailoverMode.Force(Duration.ofSeconds(5)));

        assertEquals("4,108,463 bytes (3.9 MB) behind (60m), over the threshold of 1,000,000 bytes (977 kB)",
                line(checks, Preflight.LAG).why());
        assertEquals("pg2 applies nothing with 4,108,463 bytes (3.9 MB) to go: it would never catch up",
                line(checks, Preflight.CATCH_UP).why());
        assertTrue(line(checks, Preflight.COORDINATED_RUN).why().endsWith("skip about 4,108,463 bytes (3.9 MB) of "
                + "acknowledged writes"), line(checks, Preflight.COORDINATED_RUN).why());
        assertTrue(CandidateRanking.rank(s).get(0).reason().contains("lag 3.9 MB (60m)"),
                CandidateRanking.rank(s).get(0).reason());
    }

    @Test
    void crossRegionPromotionWarns() {
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary("n1", "eu", 100, 1),
                healthyReplica("n3", "us", 100, 0, 1000)));

        PreflightCheck region = line(new Preflight().check(s, "n3", COORDINATED_30S), Preflight.REGION);

        assertEquals(Verdict.WARN, region.verdict());
        assertEquals("cross-region promotion: the primary moves from eu to us", region.why());
    }

    @Test
    void anUnreachableTargetFailsHealth() {
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary("n1", "eu", 100, 1),
                replica("n2", "eu", 100, 0, 0, Health.UNREACHABLE, "connection refused")));
        List<PreflightCheck> checks = new Preflight().check(s, "n2", COORDINATED_30S);
        assertEquals(Verdict.FAIL, line(checks, Preflight.TARGET_HEALTHY).verdict());
        assertEquals("n2 cannot be reached (connection refused)", line(checks, Preflight.TARGET_HEALTHY).why());
        assertEquals(Verdict.FAIL, line(checks, Preflight.COORDINATED_RUN).verdict());
    }

    @Test
    void unknownTargetOrThePrimaryItselfFails() {
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary("n1", "eu", 100, 1)));
        assertEquals(Verdict.FAIL, new Preflight().check(s, "n9", COORDINATED_30S).get(0).verdict());
        assertEquals("n1 is already the primary; pick a replica",
                new Preflight().check(s, "n1", COORDINATED_30S).get(0).why());
    }

    /**
     * Issue 11, point 6: a coordinated run whose freeze would last about 49 s passed every line ("likely to
     * complete with zero data loss"). The freeze is a line of its own against the budget: pass up to half of
     * it, warn up to all of it, fail above; and the failing lines carry what would pass, Force last.
     */
    @Test
    void aFreezePastTheBudgetFailsWithWhatWouldPass() {
        // n2: 49,000 LSN at 1,000 LSN/s, a 49 s catch-up; n3 caught up.
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary("n1", "eu", 100_000, 1),
                healthyReplica("n2", "eu", 100_000, 49_000, 1000), healthyReplica("n3", "eu", 100_000, 0, 1000)));
        FailoverMode twoMinutes = new FailoverMode.Coordinated(Duration.ofMinutes(2));

        List<PreflightCheck> checks = new Preflight(100_000).check(s, "n2", twoMinutes);
        PreflightCheck freeze = line(checks, Preflight.FREEZE);
        assertEquals(Verdict.FAIL, freeze.verdict());
        assertEquals(Optional.of(Duration.ofSeconds(49)), Preflight.projectedCatchUp(s.node("n2").orElseThrow()));
        assertTrue(freeze.why().contains("freeze budget of 5s"), freeze.why());
        assertEquals(Verdict.PASS, line(checks, Preflight.COORDINATED_RUN).verdict(), "it would complete, frozen 49 s");
        assertTrue(Preflight.blocksCoordinated(checks));
        assertEquals(List.of(new Suggestion.OtherTarget("n3", Duration.ZERO),
                new Suggestion.LargerFreezeBudget(Duration.ofSeconds(98), Duration.ofSeconds(49)),
                new Suggestion.Force("n2", 49_000)), freeze.suggestions());
        assertTrue(line(checks, Preflight.CATCH_UP).suggestions().isEmpty(), "a passing line suggests nothing");

        // The budget is the operator's: half of it passes, all of it warns.
        assertEquals(Verdict.PASS, line(new Preflight(100_000).check(s, "n2", twoMinutes, Duration.ofSeconds(98)),
                Preflight.FREEZE).verdict());
        assertEquals(Verdict.WARN, line(new Preflight(100_000).check(s, "n2", twoMinutes, Duration.ofSeconds(60)),
                Preflight.FREEZE).verdict());
    }

    @Test
    void aDeadlineTooShortForTheCatchUpSuggestsOneThatWouldPass() {
        // 3,000 LSN at 1,000 LSN/s: 3 s, against a 2 s deadline; no other replica.
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary("n1", "eu", 100_000, 1),
                healthyReplica("n2", "eu", 100_000, 3_000, 1000)));

        List<PreflightCheck> checks = new Preflight().check(s, "n2", new FailoverMode.Coordinated(Duration.ofSeconds(2)),
                Duration.ofSeconds(10));

        assertEquals(List.of(new Suggestion.LongerDeadline(Duration.ofSeconds(6), Duration.ofSeconds(3), Optional.empty()),
                new Suggestion.Force("n2", 3_000)), line(checks, Preflight.CATCH_UP).suggestions());
        assertEquals("Set the deadline to 6s: the target needs about 3s to catch up",
                line(checks, Preflight.CATCH_UP).suggestions().get(0).text(Positions.PLAIN));
        assertFalse(Preflight.blocksCoordinated(new Preflight().check(s, "n2",
                new FailoverMode.Coordinated(Duration.ofSeconds(6)), Duration.ofSeconds(10))), "the suggestion passes");
    }

    @Test
    void noDeadlineOrBudgetIsSuggestedThatNoFrontEndWouldTake() {
        // 400,000 LSN at 1,000 LSN/s: 400 s, so twice that (13m20s) is past the 10m either front end takes.
        ClusterSnapshot s = new ClusterSnapshot(List.of(primary("n1", "eu", 1_000_000, 1),
                healthyReplica("n2", "eu", 1_000_000, 400_000, 1000)));

        List<PreflightCheck> late = new Preflight(1_000_000).check(s, "n2", new FailoverMode.Coordinated(Duration.ofMinutes(1)));
        assertEquals(List.of(new Suggestion.Force("n2", 400_000)), line(late, Preflight.CATCH_UP).suggestions());
        List<PreflightCheck> long_ = new Preflight(1_000_000).check(s, "n2", new FailoverMode.Coordinated(Duration.ofMinutes(9)));
        assertEquals(List.of(new Suggestion.Force("n2", 400_000)), line(long_, Preflight.FREEZE).suggestions());
    }
}
