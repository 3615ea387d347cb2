package dev.handover.training;

import dev.handover.journal.Result;
import dev.handover.core.FailoverMode;
import dev.handover.core.ForceDecision;
import dev.handover.journal.CheckInfo;
import dev.handover.journal.EventEntry;
import dev.handover.journal.OutcomeInfo;
import dev.handover.journal.VerificationInfo;
import dev.handover.journal.RunReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The debrief scores known drills as a DBA instructor would. */
class DebriefTest {
    private static final FailoverMode COORDINATED_5S = new FailoverMode.Coordinated(Duration.ofSeconds(5));

    @Test
    void healthyCoordinatedToTheBestTargetScoresFullMarks() throws Exception {
        RunReport record = DrillRecords.play("healthy", "n2", COORDINATED_5S, Optional.empty());
        Debrief d = Debrief.of(record);
        assertEquals(100, d.score(), d.reasons().toString());
        assertEquals(List.of(), d.deductions());
        assertEquals(Result.COMMITTED, d.result());
        assertTrue(d.target().wasBest());
        assertEquals(Optional.of(1), d.target().rank());
        assertEquals(Optional.of("n2"), d.target().best());
        assertTrue(d.mode().wasBest());
        assertEquals(Optional.of(0L), d.lostWrites());
        assertFalse(d.writesLeftFrozen());
        assertTrue(d.writesFrozenFor().orElseThrow().compareTo(Duration.ofSeconds(1)) < 0);
        assertEquals(Optional.empty(), d.forcePrompt());
        assertEquals(String.format(java.util.Locale.ROOT, "writes frozen on n1 at frontier LSN %,d", record.outcome().frontierLsn()),
                d.timeline().get(0).text());
        assertTrue(d.timeline().get(d.timeline().size() - 1).text().startsWith("term 8 committed: n2 promoted"));
    }

    @Test
    void theRemoteReplicaIsASoundButNotTheBestChoice() throws Exception {
        Debrief d = Debrief.of(DrillRecords.play("healthy", "n3", COORDINATED_5S, Optional.empty()));
        assertEquals(80, d.score(), d.reasons().toString());
        assertEquals(Optional.of(2), d.target().rank());
        assertTrue(d.reasons().get(0).startsWith("-20: the target n3 was ranked #2 of 2"), d.reasons().toString());
        assertTrue(d.reasons().get(0).contains("n2 was the best"), d.reasons().toString());
    }

    @Test
    void forceOnTheStalledReplicaWithApprovalScoresLowWithEveryReason() throws Exception {
        RunReport record = DrillRecords.play("stalled-replica", "n2", new FailoverMode.Force(Duration.ofSeconds(1)),
                Optional.of(ForceDecision.APPROVE));
        Debrief d = Debrief.of(record);
        long lost = record.invariants().lostWrites();
        assertTrue(lost > 0);
        assertEquals(Optional.of(lost), d.lostWrites());
        assertEquals(15, d.score(), d.reasons().toString());
        assertEquals(List.of(40, 20, 10, 15), d.deductions().stream().map(Deduction::points).toList());
        assertTrue(d.reasons().get(0).contains(lost + " acknowledged writes lost"), d.reasons().get(0));
        assertTrue(d.reasons().get(1).contains("n3 was the best"), d.reasons().get(1));
        assertTrue(d.reasons().get(2).contains("n2 was degraded"), d.reasons().get(2));
        assertTrue(d.reasons().get(3).contains("force mode"), d.reasons().get(3));
        assertFalse(d.mode().wasBest());
        assertEquals("coordinated", d.mode().best());
        PromptTiming prompt = d.forcePrompt().orElseThrow();
        assertEquals(Optional.of(ForceDecision.APPROVE), prompt.answer());
        assertEquals(Duration.ZERO, prompt.took(), "the scripted approval answers at once");
        assertEquals(Duration.ofSeconds(30), prompt.window());
    }

    @Test
    void coordinatedOnTheStalledReplicaLosesNothingButHandsNothingOver() throws Exception {
        Debrief d = Debrief.of(DrillRecords.play("stalled-replica", "n2", new FailoverMode.Coordinated(Duration.ofSeconds(1)),
                Optional.empty()));
        assertEquals(45, d.score(), d.reasons().toString());
        assertEquals(List.of(20, 10, 25), d.deductions().stream().map(Deduction::points).toList());
        assertEquals(List.of(Deduction.Kind.NOT_BEST_TARGET, Deduction.Kind.UNHEALTHY_TARGET, Deduction.Kind.TIMED_OUT_OR_LAPSED),
                d.deductions().stream().map(Deduction::kind).toList());
        assertTrue(d.reasons().get(2).contains("1s deadline"), d.reasons().get(2));
        assertEquals(Optional.of(0L), d.lostWrites());
        assertEquals(Duration.ofSeconds(1), d.writesFrozenFor().orElseThrow());
    }

    @Test
    void theTargetCrashDrillCostsOnlyTheMissedHandover() throws Exception {
        Debrief d = Debrief.of(DrillRecords.play("target-crash", "n2", COORDINATED_5S, Optional.empty()));
        assertEquals(Result.ABORTED, d.result());
        assertTrue(d.reasons().stream().anyMatch(r -> r.contains("the run aborted (poll-failed)")), d.reasons().toString());
        assertFalse(d.writesLeftFrozen());
    }

    @Test
    void aSlowAnswerALongFreezeAndAnUnknownOutcomeEachCost() {
        // n1 frozen at 0, the prompt opens at 1s and is declined after 20s of a 30s window.
        RunReport slow = record("force", 1000, List.of(
                event(0, "frozen", 1000L, null, null, null, null),
                event(1000, "polled", 1000L, 400L, null, null, null),
                event(1000, "awaiting-approval", 1000L, 400L, 600L, 30_000L, null),
                event(21_000, "approval-decided", null, null, null, null, "decline"),
                event(21_000, "resumed", null, null, null, null, null),
                new EventEntry(21_000, "aborted", 1000L, 400L, null, null, null, "force-declined", null, null,
                        null, "declined")),
                outcome("aborted", false, "force-declined", 600), healthyRanking());
        Debrief d = Debrief.of(slow);
        assertEquals(Duration.ofSeconds(21), d.writesFrozenFor().orElseThrow());
        assertEquals(Duration.ofSeconds(20), d.forcePrompt().orElseThrow().took());
        assertEquals(List.of(15, 15, 20, 10), d.deductions().stream().map(Deduction::points).toList(), d.reasons().toString());
        assertEquals(40, d.score());
        assertTrue(d.reasons().get(3).contains("took 20s of its 30s window"), d.reasons().toString());
        assertTrue(d.reasons().get(2).contains("frozen on n1 for 21s"), d.reasons().toString());

        RunReport unknown = record("coordinated", 5000, List.of(
                event(0, "frozen", 1000L, null, null, null, null),
                event(100, "polled", 1000L, 1000L, null, null, null),
                new EventEntry(120, "outcome-unknown", 1000L, 1000L, null, null, null, null, 8L, null, null, "?")),
                outcome("unknown", true, "commit-failed", 0), healthyRanking());
        Debrief u = Debrief.of(unknown);
        assertTrue(u.writesLeftFrozen());
        assertEquals(50, u.score(), u.reasons().toString());
        assertEquals(Deduction.Kind.LEFT_FROZEN_OR_UNKNOWN, u.deductions().get(0).kind());
        assertTrue(u.reasons().get(0).contains("writes were left frozen on n1"), u.reasons().toString());
    }

    @Test
    void brokenInvariantsScoreZeroAndARealClusterIsJudgedOnSkippedLsn() {
        RunReport broken = new RunReport(info(), request("coordinated", 5000), List.of(
                event(0, "frozen", 1000L, null, null, null, null),
                new EventEntry(10, "committed", 1000L, 1000L, 0L, null, null, null, 8L, false, 10L, null)),
                outcome("committed", false, null, 0),
                new RunReport.InvariantsInfo(0, Map.of(8L, 2), false, List.of("2 primaries under term 8")), healthyRanking());
        assertEquals(0, Debrief.of(broken).score());

        RunReport real = new RunReport(info(), request("force", 1000), List.of(
                event(0, "frozen", 1000L, null, null, null, null),
                new EventEntry(1000, "committed", 1000L, 700L, 300L, null, null, null, 8L, true, 1000L, null)),
                outcome("forced", false, null, 300), null, List.of());
        Debrief d = Debrief.of(real);
        assertEquals(Optional.empty(), d.lostWrites());
        assertEquals(Optional.empty(), d.target().rank());
        assertTrue(d.target().verdict().contains("no preflight ranking was recorded"));
        assertEquals(List.of(40, 15), d.deductions().stream().map(Deduction::points).toList(), d.reasons().toString());
        assertTrue(d.reasons().get(0).contains("300 LSN of acknowledged writes skipped"));
    }

    @Test
    void theSameRecordGivesTheSameDebriefAlsoAfterAJsonRoundTrip() throws Exception {
        RunReport record = DrillRecords.play("write-burst", "n2", new FailoverMode.Force(Duration.ofMillis(300)),
                Optional.of(ForceDecision.APPROVE));
        Debrief a = Debrief.of(record);
        assertEquals(a, Debrief.of(DrillRecords.play("write-burst", "n2", new FailoverMode.Force(Duration.ofMillis(300)),
                Optional.of(ForceDecision.APPROVE))), "the same drill again: the same debrief");
        assertEquals(a, Debrief.of(RunReport.fromJson(record.toJson())));
        assertEquals(a, Debrief.of(record, Optional.ofNullable(record.invariants()), record.candidates()));
        List<String> text = DebriefText.lines(a);
        assertTrue(text.get(0).startsWith("DEBRIEF: score " + a.score() + "/100"), text.get(0));
        assertTrue(text.stream().anyMatch(l -> l.startsWith("  Why not 100:")));
    }

    @Test
    void theRankingPutsHealthyNearbyReplicasFirst() throws Exception {
        var clock = new dev.handover.sim.VirtualClock();
        var stalled = dev.handover.sim.SimCluster.start(dev.handover.sim.Scenarios.builtIn("stalled-replica"), 1, clock);
        clock.advance(Duration.ofSeconds(2));
        List<RunReport.CandidateInfo> ranked = TargetRanking.rank(stalled.status());
        assertEquals(List.of("n3", "n2"), ranked.stream().map(RunReport.CandidateInfo::node).toList());
        assertEquals(List.of(1, 2), ranked.stream().map(RunReport.CandidateInfo::rank).toList());
        assertEquals("degraded", ranked.get(1).health());
        assertTrue(ranked.get(1).reason().contains("stalled"), ranked.get(1).reason());

        var clock2 = new dev.handover.sim.VirtualClock();
        var healthy = dev.handover.sim.SimCluster.start(dev.handover.sim.Scenarios.builtIn("healthy"), 1, clock2);
        clock2.advance(Duration.ofSeconds(2));
        List<RunReport.CandidateInfo> h = TargetRanking.rank(healthy.status());
        assertEquals(List.of("n2", "n3"), h.stream().map(RunReport.CandidateInfo::node).toList());
        assertTrue(h.get(0).reason().contains("same region as n1"), h.get(0).reason());
    }

    private static RunReport record(String mode, long deadlineMs, List<EventEntry> events,
                                    OutcomeInfo outcome, List<RunReport.CandidateInfo> ranking) {
        return new RunReport(info(), request(mode, deadlineMs), events, outcome,
                new RunReport.InvariantsInfo(0, Map.of(7L, 1), outcome.writesFrozen(), List.of()), ranking);
    }

    @Test
    void aCommitThatLeftTheTopologyDegradedLosesThirty() {
        OutcomeInfo degraded = new OutcomeInfo(Result.COMMITTED, "degraded", false, 8L, 1000, 1000, 0L, false,
                10, List.of(new RunReport.RoleInfo("n1", "primary", 7, null, "writes frozen")), null, "");
        RunReport real = new RunReport(info(), request("coordinated", 5000), List.of(
                event(0, "frozen", 1000L, null, null, null, null),
                new EventEntry(10, "committed", 1000L, 1000L, 0L, null, null, null, 8L, false, 10L, null)),
                degraded, new VerificationInfo(List.of(), List.of("on n1: pg_ctl stop", "on n1: pg_rewind"),
                        List.of(new CheckInfo("n1 streams from n2 on timeline 8", false, "a primary", "degrading"))),
                null, healthyRanking());
        Debrief d = Debrief.of(real);
        assertEquals(70, d.score(), d.reasons().toString());
        assertEquals(List.of(30), d.deductions().stream().map(Deduction::points).toList(), d.reasons().toString());
        assertEquals(List.of(Deduction.Kind.TOPOLOGY_DEGRADED), d.deductions().stream().map(Deduction::kind).toList());
    }

    private static RunReport.RunInfo info() {
        return new RunReport.RunInfo("trainee", Instant.parse("2026-11-26T07:00:00Z"), "sim:test", "dev");
    }

    private static RunReport.RequestInfo request(String mode, long deadlineMs) {
        return new RunReport.RequestInfo("n1", "10.0.1.1:5432", "eu-west", "n2", "10.0.1.2:5432", "eu-west", 7, 8, mode,
                deadlineMs, 100, 400, null, 1L);
    }

    private static OutcomeInfo outcome(String result, boolean frozen, String reason, long skipped) {
        return new OutcomeInfo(Result.of(result), frozen, null, 1000, 1000 - skipped, skipped, Result.of(result) == Result.FORCED, 0,
                List.of(), reason, "");
    }

    private static List<RunReport.CandidateInfo> healthyRanking() {
        return List.of(new RunReport.CandidateInfo("n2", 1, "healthy", 0, 0, "eu-west", "healthy, lag 0 LSN"),
                new RunReport.CandidateInfo("n3", 2, "healthy", 10, 1, "us-east", "healthy, region us-east"));
    }

    private static EventEntry event(long at, String type, Long frontier, Long reached, Long skipped, Long window,
                                              String decision) {
        return new EventEntry(at, type, frontier, reached, skipped, window, decision, null, null, null, null, null);
    }
}
