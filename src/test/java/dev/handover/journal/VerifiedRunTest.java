package dev.handover.journal;

import dev.handover.journal.Result;
import com.fasterxml.jackson.databind.JsonNode;
import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ObservedRole;
import dev.handover.cluster.TopologyCheck;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.RunHooks;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run whose backend reads the topology back after the commit (as PostgreSQL does): the verification
 * is in the finished line and the report, the roles recorded are the ones seen, and a degraded one is a
 * run needing attention until acknowledged. The commit itself is the simulator's; the verification is
 * scripted, as a backend would hand it over.
 */
class VerifiedRunTest {
    private static final String CLUSTER = "pg:/etc/handover/cluster.json";

    @TempDir
    Path dir;

    private static final AfterRun.Step STOPPED = new AfterRun.Step(Optional.of(Duration.ofMillis(71)), "stopped n1 cleanly");
    private static final AfterRun.Step UNTIMED = new AfterRun.Step(Optional.empty(), "a step the backend did not time");
    private static final TopologyCheck N2_WRITABLE = new TopologyCheck("n2 is primary and writable on timeline 8", true,
            "timeline 8", TopologyCheck.Severity.DEGRADING);
    private static final ObservedRole N2 = new ObservedRole("n2", ObservedRole.Kind.PRIMARY, 8, Optional.empty(), "takes writes");
    private static final ObservedRole N3 = new ObservedRole("n3", ObservedRole.Kind.REPLICA, 8, Optional.of("10.0.1.2:5432"),
            "streaming from n2 on timeline 8");

    /** n1 had no local control: it stays a fenced primary on the old term, with steps left by hand. */
    static AfterRun fencedOldPrimary() {
        return new AfterRun(List.of(STOPPED, UNTIMED),
                List.of("on n1: pg_ctl stop -D /data -m fast", "on n1: primary_conninfo = 'host=n2 password=hunter2'"),
                List.of(N2_WRITABLE,
                        new TopologyCheck("n1 streams from n2 on timeline 8", false, "not in recovery: it is a primary",
                                TopologyCheck.Severity.DEGRADING),
                        new TopologyCheck("n3 streams from n2 on timeline 8", true, "walreceiver streaming",
                                TopologyCheck.Severity.DEGRADING),
                        new TopologyCheck("no inactive slot left", false, "slot backup on n2, not Handover's: left alone",
                                TopologyCheck.Severity.ADVISORY)),
                List.of(N2, N3, new ObservedRole("n1", ObservedRole.Kind.PRIMARY, 7, Optional.empty(),
                        "writes frozen (default_transaction_read_only = on)")));
    }

    static AfterRun healthy() {
        return new AfterRun(List.of(STOPPED), List.of(), List.of(N2_WRITABLE,
                new TopologyCheck("n1 streams from n2 on timeline 8", true, "walreceiver streaming", TopologyCheck.Severity.DEGRADING)),
                List.of(N2, N3, new ObservedRole("n1", ObservedRole.Kind.REPLICA, 8, Optional.of("10.0.1.2:5432"),
                        "streaming from n2 on timeline 8")));
    }

    private record Recorded(RunRecording recording, RunReport report) {
    }

    /** A zero-RPO commit on the simulator, journaled as a run on {@link #CLUSTER}, finished with {@code afterRun}. */
    private static Recorded commitAndFinish(Journal journal, Optional<AfterRun> afterRun) throws Exception {
        VirtualClock clock = new VirtualClock();
        SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 5, clock);
        clock.advance(Duration.ofSeconds(2));
        var s = sim.status();
        var p = s.primary().orElseThrow();
        var t = s.node("n2").orElseThrow();
        FailoverRequest req = new FailoverRequest(p.node(), t.node(), p.role().term(), t.durableLsn(),
                new FailoverMode.Coordinated(Duration.ofSeconds(5)));
        RunReport.RunInfo who = new RunReport.RunInfo("dba", Drills.WHO.startedAt(), CLUSTER, "0.1.0");
        RunRecording rec = RunRecording.start(journal, who, RunRecorder.request(req, Drills.POLL, Optional.empty(),
                Optional.empty()), List.of());
        FailoverCoordinator.run(req, rec.watch(sim.uncheckedTransport("n2", Drills.POLL)), RunHooks.none().withListener(rec.listener()));
        return new Recorded(rec, afterRun.isEmpty() ? null : rec.finish(Optional.empty(), afterRun));
    }

    @Test
    void aDegradedVerificationIsTheOutcomesTopologyWithEveryCheckAndTheRolesAsSeen() throws Exception {
        Journal journal = Journal.at(dir);
        RunReport report = commitAndFinish(journal, Optional.of(fencedOldPrimary())).report();

        OutcomeInfo o = report.outcome();
        assertEquals(Result.COMMITTED, o.result(), "the handover did commit");
        assertEquals("degraded", o.topology());
        assertTrue(o.degraded());
        assertEquals(List.of("n2", "n3", "n1"), o.roles().stream().map(RunReport.RoleInfo::node).toList(),
                "every node, as read back — not the two roles the coordinator meant to hand out");
        RunReport.RoleInfo n1 = o.roles().get(2);
        assertEquals(new RunReport.RoleInfo("n1", "primary", 7, null, "writes frozen (default_transaction_read_only = on)"), n1);
        assertEquals(new RunReport.RoleInfo("n3", "replica", 8, "10.0.1.2:5432", "streaming from n2 on timeline 8"),
                o.roles().get(1));
        assertEquals(8L, o.newTerm());
        assertEquals(List.of("n2", "primary", 8L), List.of(o.roles().get(0).node(), o.roles().get(0).role(),
                o.roles().get(0).term()), "n2 read back as primary under the new term");
        assertTrue(o.message().endsWith("TOPOLOGY DEGRADED: failed: n1 streams from n2 on timeline 8 (not in recovery: it "
                + "is a primary); 2 step(s) left by hand"), o.message());

        VerificationInfo v = report.verified().orElseThrow();
        assertEquals(List.of(new StepInfo(71L, "stopped n1 cleanly"),
                new StepInfo(null, "a step the backend did not time")), v.steps());
        assertTrue(v.remaining().get(1).startsWith("on n1: primary_conninfo = 'host=n2 password=***"), "credentials scrubbed: "
                + v.remaining().get(1));
        assertEquals(4, v.checks().size(), "every check is recorded, the ones that held too");
        assertEquals(List.of("degrading", "degrading", "degrading", "advisory"),
                v.checks().stream().map(CheckInfo::severity).toList());
        assertEquals(List.of(false, true, false, false), v.checks().stream().map(CheckInfo::degrades).toList());

        // The JSON a script reads, and back.
        JsonNode json = Json.MAPPER.readTree(report.toJson());
        assertEquals("degraded", json.at("/outcome/topology").asText());
        assertEquals("not in recovery: it is a primary", json.at("/verification/checks/1/seen").asText());
        assertFalse(json.at("/verification/checks/1/ok").asBoolean());
        assertEquals(71, json.at("/verification/steps/0/atMs").asLong());
        assertTrue(json.at("/verification/steps/1/atMs").isMissingNode(), "an untimed step has no atMs");
        assertFalse(report.toJson().contains("hunter2"));
        assertEquals(report, RunReport.fromJson(report.toJson()));
        assertEquals(report, RunReport.fromJson(report.toJsonLine()));

        // The journal's finished line holds the same report.
        JournaledRun run = journal.load().runs().get(0);
        assertTrue(run.finished());
        assertTrue(run.degraded());
        assertEquals(report, run.report());
        assertFalse(Files.readString(journal.file()).contains("hunter2"));
        Path exported = dir.resolve("export.json");
        assertEquals(report, journal.export(run.id(), exported));
        assertEquals(report, RunReport.read(exported));
    }

    @Test
    void aDegradedRunNeedsAttentionWithItsStepsUntilAcknowledged() throws Exception {
        Journal journal = Journal.at(dir);
        String id = commitAndFinish(journal, Optional.of(fencedOldPrimary())).recording().id();

        assertEquals(List.of(), journal.unfinishedRuns(), "it finished");
        List<Recovery> pending = journal.pendingRecoveries();
        assertEquals(1, pending.size());
        Recovery r = pending.get(0);
        assertEquals(id, r.runId());
        assertEquals(RecoveryAction.CHECK_TOPOLOGY, r.action());
        assertFalse(r.writesMayBeFrozen(), "the frozen node is a fenced old primary: its freeze must not be lifted");
        assertEquals(2, r.remainingSteps().size());
        assertEquals("on n1: pg_ctl stop -D /data -m fast", r.remainingSteps().get(0));
        assertFalse(r.remainingSteps().get(1).contains("hunter2"));
        assertEquals(List.of("n1 streams from n2 on timeline 8", "no inactive slot left"),
                r.failedChecks().stream().map(CheckInfo::what).toList());
        assertTrue(r.advice().startsWith("The handover committed (n2, term 8) but left the topology degraded: failed: n1 "
                + "streams from n2 on timeline 8; 2 step(s) left by hand."), r.advice());
        assertTrue(r.advice().contains("Take the 2 step(s) left by hand, in order; then check with `handover status "
                + "--cluster " + CLUSTER + "` that n2 is primary under term 8"), r.advice());

        journal.acknowledge(id, "dba", "rewound n1 by hand");
        assertEquals(List.of(), journal.pendingRecoveries());
    }

    @Test
    void aHealthyVerificationIsRecordedWithEveryCheckAndNeedsNothing() throws Exception {
        Journal journal = Journal.at(dir);
        RunReport report = commitAndFinish(journal, Optional.of(healthy())).report();
        assertEquals("healthy", report.outcome().topology());
        assertFalse(report.outcome().degraded());
        assertEquals(2, report.verified().orElseThrow().checks().size());
        assertTrue(report.outcome().message().endsWith("every check of the new topology held"), report.outcome().message());
        assertEquals(List.of(), journal.pendingRecoveries());
        assertFalse(journal.load().runs().get(0).degraded());
    }

    @Test
    void aRunThatDiedBeforeItsVerificationWasRecordedAsksToCheckTheTopology() throws Exception {
        Journal journal = Journal.at(dir);
        commitAndFinish(journal, Optional.empty());
        Recovery r = journal.unfinishedRuns().get(0);
        assertEquals(RecoveryAction.CHECK_TOPOLOGY, r.action(), r.advice());
        assertTrue(r.advice().contains("the run stopped before the new topology was verified"), r.advice());
        assertTrue(r.advice().contains("Check with `handover status --cluster " + CLUSTER + "`"), r.advice());
    }

    @Test
    void aSimulatedRunHasNoVerificationAndKeepsTheReportItAlwaysHad() throws Exception {
        Drills.Played played = Drills.play(Journal.at(dir), "healthy", new FailoverMode.Coordinated(Duration.ofSeconds(5)),
                Optional.empty());
        RunReport report = played.finished().orElseThrow();
        assertNull(report.outcome().topology());
        assertNull(report.verification());
        assertFalse(report.toJson().contains("topology"));
        assertFalse(report.toJson().contains("verification"));
        assertEquals(2, report.outcome().roles().size());
    }
}
