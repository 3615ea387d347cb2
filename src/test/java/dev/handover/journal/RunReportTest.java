package dev.handover.journal;

import dev.handover.journal.EndReason;
import dev.handover.journal.Result;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverException;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.ForceApproval;
import dev.handover.core.ForceDecision;
import dev.handover.core.HandoverEvent;
import dev.handover.core.RunHooks;
import dev.handover.sim.InvariantReport;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.SimFaults;
import dev.handover.sim.VirtualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunReportTest {
    private static final RunReport.RunInfo WHO = new RunReport.RunInfo("dba", Instant.parse("2026-11-26T06:00:00Z"),
            "sim:test", "0.1.0");

    @TempDir
    Path dir;

    /** One recorded run on a simulated cluster; {@code setUp} injects faults before it starts. */
    private static RunReport recordRun(String scenario, FailoverMode mode, Optional<ForceDecision> approval,
                                       Consumer<SimFaults> setUp, RunRecorder recorder) throws Exception {
        VirtualClock clock = new VirtualClock();
        SimCluster sim = SimCluster.start(Scenarios.builtIn(scenario), 5, clock);
        clock.advance(Duration.ofSeconds(2));
        var s = sim.status();
        var p = s.primary().orElseThrow();
        var t = s.node("n2").orElseThrow();
        FailoverRequest req = new FailoverRequest(p.node(), t.node(), p.role().term(), t.durableLsn(), mode);
        setUp.accept(sim.faults());
        RunHooks hooks = RunHooks.none().withListener(recorder);
        if (approval.isPresent()) {
            hooks = hooks.withApproval(ForceApproval.always(approval.get(), Duration.ofSeconds(30)));
        }
        try {
            FailoverCoordinator.run(req, sim.uncheckedTransport("n2", Duration.ofMillis(100)), hooks);
        } catch (FailoverException expected) {
            // the terminal event is in the recorder
        }
        InvariantReport inv = sim.invariants();
        return recorder.report(WHO, RunRecorder.request(req, Duration.ofMillis(100), approval.map(d -> d.name().toLowerCase()),
                        Optional.of(5L)),
                Optional.of(new RunReport.InvariantsInfo(inv.lostWrites(), inv.primariesPerTerm(), inv.leftFrozen(),
                        inv.violations())));
    }

    private void assertRoundTrips(RunReport report, RunRecorder recorder) throws Exception {
        assertEquals(report, RunReport.fromJson(report.toJson()));
        assertEquals(report, RunReport.fromJson(report.toJsonLine()));
        assertEquals(1, report.toJsonLine().lines().count());
        Path file = dir.resolve("r.json");
        report.write(file);
        RunReport back = RunReport.read(file);
        assertEquals(report, back);
        assertEquals(recorder.events(), back.handoverEvents(), "the events rebuild exactly");
    }

    @Test
    void aCommittedRunRoundTrips() throws Exception {
        RunRecorder rec = new RunRecorder();
        RunReport r = recordRun("healthy", new FailoverMode.Coordinated(Duration.ofSeconds(5)), Optional.empty(), f -> { }, rec);
        assertEquals(Result.COMMITTED, r.outcome().result());
        assertEquals(8L, r.outcome().newTerm());
        assertEquals(2, r.outcome().roles().size());
        assertRoundTrips(r, rec);
        assertTrue(r.toJson().contains("\"primariesPerTerm\" : {\n      \"7\" : 1,\n      \"8\" : 1"), r.toJson());
    }

    @Test
    void aForcedApprovedRunRoundTrips() throws Exception {
        RunRecorder rec = new RunRecorder();
        RunReport r = recordRun("stalled-replica", new FailoverMode.Force(Duration.ofSeconds(1)),
                Optional.of(ForceDecision.APPROVE), f -> { }, rec);
        assertEquals(Result.FORCED, r.outcome().result());
        assertTrue(r.outcome().skippedLsn() > 0);
        assertTrue(r.invariants().lostWrites() > 0);
        assertTrue(r.events().stream().anyMatch(e -> e.type().equals("awaiting-approval") && e.windowMs() == 30_000));
        assertRoundTrips(r, rec);
    }

    @Test
    void anAbortedRunRoundTrips() throws Exception {
        RunRecorder rec = new RunRecorder();
        RunReport r = recordRun("stalled-replica", new FailoverMode.Coordinated(Duration.ofMillis(500)), Optional.empty(),
                f -> { }, rec);
        assertEquals(Result.ABORTED, r.outcome().result());
        assertEquals("catch-up-timed-out", r.outcome().reason());
        assertEquals(null, r.outcome().newTerm());
        assertFalse(r.toJson().contains("\"newTerm\" : null"), "absent fields are left out");
        assertRoundTrips(r, rec);
    }

    @Test
    void aFailedCommitAndAFailedResumeAreUnknownWithWritesFrozen() throws Exception {
        RunRecorder commit = new RunRecorder();
        RunReport c = recordRun("healthy", new FailoverMode.Coordinated(Duration.ofSeconds(5)), Optional.empty(),
                SimFaults::failNextCommit, commit);
        assertEquals(Result.UNKNOWN, c.outcome().result());
        assertEquals("commit-failed", c.outcome().reason());
        assertTrue(c.outcome().writesFrozen());
        assertTrue(c.invariants().leftFrozen());
        assertRoundTrips(c, commit);

        RunRecorder resume = new RunRecorder();
        RunReport r = recordRun("stalled-replica", new FailoverMode.Coordinated(Duration.ofMillis(300)), Optional.empty(),
                SimFaults::failNextResume, resume);
        assertEquals(Result.UNKNOWN, r.outcome().result());
        assertEquals("resume-failed", r.outcome().reason());
        assertTrue(r.outcome().writesFrozen());
        assertTrue(r.outcome().message().contains("WRITES ARE STILL FROZEN"));
        assertRoundTrips(r, resume);
    }

    @Test
    void anUnfinishedRunIsUnknownAndMayHaveWritesFrozen() throws Exception {
        RunRecorder rec = new RunRecorder();
        rec.on(new HandoverEvent.Frozen(Duration.ZERO, 1000));
        rec.on(new HandoverEvent.Polled(Duration.ofMillis(100), 900, 1000));
        RunReport.RequestInfo req = new RunReport.RequestInfo("n1", "a1", "eu", "n2", "a2", "eu", 7, 8, "coordinated",
                5000, 100, 800, null, null);
        RunReport r = rec.report(WHO, req, Optional.empty());
        assertEquals(Result.UNKNOWN, r.outcome().result());
        assertEquals(EndReason.UNFINISHED, r.outcome().why());
        assertTrue(r.outcome().writesFrozen());
        assertNull(r.outcome().skippedLsn(), "the run may have died after a commit: what it skipped is not known");
        assertEquals(100, r.outcome().frontierLsn() - r.outcome().reachedLsn(), "the gap when it stopped");
        assertEquals(null, r.invariants());
        assertEquals(r, RunReport.fromJson(r.toJson()));
    }

    @Test
    void aForcedRunWhoseCommitFailedSaysNothingOfWhatItSkipped() throws Exception {
        RunRecorder rec = new RunRecorder();
        RunReport r = recordRun("stalled-replica", new FailoverMode.Force(Duration.ofSeconds(1)),
                Optional.of(ForceDecision.APPROVE), SimFaults::failNextCommit, rec);
        assertEquals(Result.UNKNOWN, r.outcome().result());
        assertEquals("commit-failed", r.outcome().reason());
        assertTrue(r.outcome().frontierLsn() > r.outcome().reachedLsn(), "it was short of the frontier when it committed");
        assertNull(r.outcome().skippedLsn(), "whether the commit happened, and so what it skipped, is not known");
        assertFalse(new ObjectMapper().readTree(r.toJson()).path("outcome").has("skippedLsn"), r.toJson());
        assertRoundTrips(r, rec);
    }

    @Test
    void anOlderRecordsZeroSkippedOnAnUnknownOutcomeReadsAsNotKnown() throws Exception {
        RunRecorder rec = new RunRecorder();
        RunReport r = recordRun("healthy", new FailoverMode.Coordinated(Duration.ofSeconds(5)), Optional.empty(),
                SimFaults::failNextCommit, rec);
        ObjectNode older = (ObjectNode) new ObjectMapper().readTree(r.toJson());
        ((ObjectNode) older.path("outcome")).put("skippedLsn", 0);
        RunReport back = RunReport.fromJson(older.toString());
        assertEquals(Result.UNKNOWN, back.outcome().result());
        assertNull(back.outcome().skippedLsn());
        assertEquals(r, back);
    }

    @Test
    void readersTolerateFieldsAddedLater() throws Exception {
        RunRecorder rec = new RunRecorder();
        RunReport r = recordRun("healthy", new FailoverMode.Coordinated(Duration.ofSeconds(5)), Optional.empty(), f -> { }, rec);
        String newer = r.toJson().replaceFirst("\\{", "{\n  \"schema\" : 2,");
        assertEquals(r, RunReport.fromJson(newer));
    }
}
