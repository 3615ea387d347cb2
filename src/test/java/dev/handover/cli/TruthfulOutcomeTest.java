package dev.handover.cli;

import dev.handover.journal.Result;
import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ObservedRole;
import dev.handover.cluster.TopologyCheck;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.RunHooks;
import dev.handover.journal.RunRecorder;
import dev.handover.journal.OutcomeInfo;
import dev.handover.journal.RunReport;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exit code and the printed outcome follow what was verified: a committed run with a degraded
 * topology exits 5, and "X now streams from it" is printed only for a role the record holds.
 */
class TruthfulOutcomeTest {

    private static OutcomeInfo outcome(String result, String topology) {
        return new OutcomeInfo(Result.of(result), topology, false, 8L, 100, 100, 0L, false, 10, List.of(), null, "");
    }

    @Test
    void exitCodes() {
        assertEquals(ExitCode.OK, RunCommand.exitCode(outcome("committed", null)), "a simulation is not verified: as before");
        assertEquals(ExitCode.OK, RunCommand.exitCode(outcome("committed", "healthy")));
        assertEquals(ExitCode.DEGRADED, RunCommand.exitCode(outcome("committed", "degraded")));
        assertEquals(ExitCode.FORCED, RunCommand.exitCode(outcome("forced", "healthy")));
        assertEquals(ExitCode.DEGRADED, RunCommand.exitCode(outcome("forced", "degraded")), "hands needed now outranks 3");
        assertEquals(ExitCode.ABORTED, RunCommand.exitCode(outcome("aborted", null)));
        assertEquals(ExitCode.UNKNOWN, RunCommand.exitCode(outcome("unknown", "degraded")), "unknown outranks degraded");
        assertEquals(5, ExitCode.DEGRADED.code());
    }

    /** A zero-RPO commit n1 -> n2 on the simulator, its record closed with {@code afterRun} as a backend would. */
    private static String printed(Optional<AfterRun> afterRun) throws Exception {
        VirtualClock clock = new VirtualClock();
        try (SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 5, clock)) {
            clock.advance(Duration.ofSeconds(2));
            var s = sim.status();
            var p = s.primary().orElseThrow();
            var t = s.node("n2").orElseThrow();
            FailoverRequest req = new FailoverRequest(p.node(), t.node(), p.role().term(), t.durableLsn(),
                    new FailoverMode.Coordinated(Duration.ofSeconds(5)));
            RunRecorder recorder = new RunRecorder();
            FailoverCoordinator.run(req, sim.uncheckedTransport("n2", Duration.ofMillis(100)), RunHooks.none().withListener(recorder));
            RunReport report = recorder.report(new RunReport.RunInfo("dba", Instant.EPOCH, "pg:x.json", "0"),
                    RunRecorder.request(req, Duration.ofMillis(100), Optional.empty(), Optional.empty()), Optional.empty(),
                    List.of(), afterRun);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            RunPrinter.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), sim, req, recorder.events(), report);
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static final String N2 = "10.0.1.2:5432";
    private static final TopologyCheck N2_WRITABLE = new TopologyCheck("n2 is primary and writable on timeline 8", true,
            "timeline 8", TopologyCheck.Severity.DEGRADING);

    @Test
    void aSimulatedCommitNamesTheOldPrimaryAsAReplicaFromTheClustersOwnState() throws Exception {
        String out = printed(Optional.empty());
        assertTrue(out.contains("COMMITTED: n2 is the primary under term 8; n1 now streams from it. Zero RPO"), out);
        assertFalse(out.contains("Verification"), out);
    }

    @Test
    void aVerifiedHealthyCommitSaysWhoWasSeenStreaming() throws Exception {
        String out = printed(Optional.of(new AfterRun(
                List.of(new AfterRun.Step(Optional.of(Duration.ofMillis(150)), "promoted n2")), List.of(),
                List.of(N2_WRITABLE), List.of(
                        new ObservedRole("n1", ObservedRole.Kind.REPLICA, 8, Optional.of(N2), "streaming from n2"),
                        new ObservedRole("n2", ObservedRole.Kind.PRIMARY, 8, Optional.empty(), "takes writes"),
                        new ObservedRole("n3", ObservedRole.Kind.REPLICA, 8, Optional.of(N2), "streaming from n2")))));
        assertTrue(out.contains("Commit steps:\n  +0.150s promoted n2\n"), out);
        assertTrue(out.contains("Verification: all checks hold\n  ok      n2 is primary and writable on timeline 8 (timeline 8)"), out);
        assertTrue(out.contains("COMMITTED: n2 is the primary under term 8; n1, n3 now stream from it (seen). Zero RPO"), out);
    }

    @Test
    void aDegradedCommitNeverSaysTheOldPrimaryStreamsAndListsTheSteps() throws Exception {
        String out = printed(Optional.of(new AfterRun(List.of(), List.of("on n1: pg_ctl stop -D /data -m fast"),
                List.of(N2_WRITABLE, new TopologyCheck("n1 streams from n2 on timeline 8", false,
                        "not in recovery: it is a primary", TopologyCheck.Severity.DEGRADING)), List.of(
                        new ObservedRole("n1", ObservedRole.Kind.PRIMARY, 7, Optional.empty(), "writes frozen"),
                        new ObservedRole("n2", ObservedRole.Kind.PRIMARY, 8, Optional.empty(), "takes writes"),
                        new ObservedRole("n3", ObservedRole.Kind.REPLICA, 8, Optional.of(N2), "streaming from n2")))));
        assertFalse(out.contains("n1 now streams"), out);
        assertTrue(out.contains("REMAINING STEPS, by hand:\n  1. on n1: pg_ctl stop -D /data -m fast\n"), out);
        assertTrue(out.contains("Verification: SOME CHECKS FAILED (1 of 2): topology degraded"), out);
        assertTrue(out.contains("  FAILED  n1 streams from n2 on timeline 8 (not in recovery: it is a primary)"), out);
        assertTrue(out.contains("COMMITTED, TOPOLOGY DEGRADED: n2 is the primary under term 8; n3 now streams from it "
                + "(seen). NOT streaming from it: n1 (primary on term 7, writes frozen). Zero RPO"), out);
        assertTrue(out.contains("The cluster is NOT fully replicated: take the 1 remaining step(s) listed above"), out);
    }

    @Test
    void aTargetNotSeenAsPrimaryIsNotCalledOne() throws Exception {
        String out = printed(Optional.of(AfterRun.couldNotVerify(List.of(), List.of(), "connection refused")));
        assertTrue(out.contains("COMMITTED, TOPOLOGY DEGRADED: n2 was promoted for term 8 but was NOT seen as primary on it "
                + "(its role could not be read). The nodes' roles could not be read back"), out);
        assertTrue(out.contains("FAILED  the new topology could be verified (connection refused)"), out);
    }
}
