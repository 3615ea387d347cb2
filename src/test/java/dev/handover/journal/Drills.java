package dev.handover.journal;

import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverException;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.ForwardingTransport;
import dev.handover.core.ForceApproval;
import dev.handover.core.ForceDecision;
import dev.handover.core.RunHooks;
import dev.handover.core.TransportException;
import dev.handover.sim.InvariantReport;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;
import dev.handover.training.TargetRanking;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Drills on the simulator recorded to a journal, the way the CLI and the console record them; a drill
 * can "kill the process" at a chosen step, leaving the journal as a crash would.
 */
final class Drills {
    static final RunReport.RunInfo WHO = new RunReport.RunInfo("dba", Instant.parse("2026-11-26T06:00:00Z"),
            "sim:test", "0.1.0");
    static final Duration POLL = Duration.ofMillis(100);

    /** Where the process dies; {@code AT_POLL} dies on poll number {@code n}. */
    enum Crash { NONE, AT_FREEZE, AT_POLL, AT_COMMIT, BEFORE_FINISH }

    /** Thrown by the transport to stop the run dead, as a killed process would: nothing after it runs. */
    static final class ProcessDied extends Error {
        ProcessDied(String where) {
            super("process died " + where);
        }
    }

    record Played(String runId, Optional<RunReport> finished, SimCluster sim) {
    }

    private Drills() {
    }

    static Played play(Journal journal, String scenario, FailoverMode mode, Optional<ForceDecision> approval) throws Exception {
        return play(journal, scenario, "n2", mode, approval, Crash.NONE, 0);
    }

    static Played play(Journal journal, String scenario, String targetId, FailoverMode mode,
                       Optional<ForceDecision> approval, Crash crash, int crashAtPoll) throws Exception {
        VirtualClock clock = new VirtualClock();
        SimCluster sim = SimCluster.start(Scenarios.builtIn(scenario), 5, clock);
        clock.advance(Duration.ofSeconds(2));
        var before = sim.status();
        var p = before.primary().orElseThrow();
        var t = before.node(targetId).orElseThrow();
        FailoverRequest req = new FailoverRequest(p.node(), t.node(), p.role().term(), t.durableLsn(), mode);
        RunReport.RequestInfo asked = RunRecorder.request(req, POLL, approval.map(d -> d.name().toLowerCase()), Optional.of(5L));
        List<RunReport.CandidateInfo> ranking = TargetRanking.rank(before);
        RunReport.RunInfo who = new RunReport.RunInfo(WHO.operator(), WHO.startedAt(), sim.name(), WHO.toolVersion());
        RunRecording run = RunRecording.start(journal, who, asked, ranking);

        RunHooks hooks = RunHooks.none().withListener(run.listener());
        if (approval.isPresent()) {
            hooks = hooks.withApproval(ForceApproval.always(approval.get(), Duration.ofSeconds(30)));
        }
        FailoverTransport tx = run.watch(crashing(sim.uncheckedTransport(targetId, POLL), crash, crashAtPoll));
        try {
            FailoverCoordinator.run(req, tx, hooks);
        } catch (FailoverException expected) {
            // the terminal event is in the recorder and the journal
        } catch (ProcessDied died) {
            return new Played(run.id(), Optional.empty(), sim);
        }
        if (crash == Crash.BEFORE_FINISH) {
            return new Played(run.id(), Optional.empty(), sim);
        }
        InvariantReport inv = sim.invariants();
        RunReport report = run.finish(Optional.of(new RunReport.InvariantsInfo(inv.lostWrites(),
                inv.primariesPerTerm(), inv.leftFrozen(), inv.violations())));
        assertEquals(run.report(Optional.of(report.invariants())), report, "a simulated run has nothing to redact");
        return new Played(run.id(), Optional.of(report), sim);
    }

    private static FailoverTransport crashing(FailoverTransport tx, Crash crash, int atPoll) {
        return new ForwardingTransport(tx) {
            int polls;

            @Override
            public long freezePrimary() throws TransportException {
                if (crash == Crash.AT_FREEZE) {
                    tx.freezePrimary(); // the freeze took effect; the process died before hearing back
                    throw new ProcessDied("inside the freeze");
                }
                return tx.freezePrimary();
            }

            @Override
            public long pollTargetFrontier() throws TransportException {
                dieAtPoll();
                return tx.pollTargetFrontier();
            }

            @Override
            public long awaitTargetFrontier(long frontier, Duration maxWait) throws TransportException {
                dieAtPoll();
                return tx.awaitTargetFrontier(frontier, maxWait);
            }

            /** Catch-up waits and plain polls both count as polls. */
            private void dieAtPoll() {
                if (crash == Crash.AT_POLL && ++polls == atPoll) {
                    throw new ProcessDied("during poll " + atPoll);
                }
            }

            @Override
            public void commitHandover(long newTerm) throws TransportException {
                if (crash == Crash.AT_COMMIT) {
                    throw new ProcessDied("inside the commit");
                }
                tx.commitHandover(newTerm);
            }
        };
    }
}
