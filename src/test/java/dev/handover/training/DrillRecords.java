package dev.handover.training;

import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverException;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.ForceApproval;
import dev.handover.core.ForceDecision;
import dev.handover.core.RunHooks;
import dev.handover.journal.RunRecorder;
import dev.handover.journal.RunReport;
import dev.handover.sim.InvariantReport;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.sim.VirtualClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Known drills played on the simulator in virtual time and recorded as the CLI records them. */
final class DrillRecords {
    private DrillRecords() {
    }

    static RunReport play(String scenario, String target, FailoverMode mode, Optional<ForceDecision> approval)
            throws Exception {
        VirtualClock clock = new VirtualClock();
        SimCluster sim = SimCluster.start(Scenarios.builtIn(scenario), 1, clock);
        clock.advance(Duration.ofSeconds(2));
        var before = sim.status();
        var p = before.primary().orElseThrow();
        var t = before.node(target).orElseThrow();
        List<RunReport.CandidateInfo> ranking = TargetRanking.rank(before);
        FailoverRequest req = new FailoverRequest(p.node(), t.node(), p.role().term(), t.durableLsn(), mode);
        RunRecorder recorder = new RunRecorder();
        RunHooks hooks = RunHooks.none().withListener(recorder);
        if (approval.isPresent()) {
            hooks = hooks.withApproval(ForceApproval.always(approval.get(), Duration.ofSeconds(30)));
        }
        InvariantReport accountedBefore = sim.invariants();
        try {
            FailoverCoordinator.run(req, sim.uncheckedTransport(target, Duration.ofMillis(100)), hooks);
        } catch (FailoverException expected) {
            // the recorder holds the terminal event
        }
        InvariantReport inv = sim.invariants().since(accountedBefore);
        return recorder.report(new RunReport.RunInfo("trainee", Instant.parse("2026-11-26T07:00:00Z"), sim.name(), "dev"),
                RunRecorder.request(req, Duration.ofMillis(100), approval.map(d -> d.name().toLowerCase()), Optional.of(1L)),
                Optional.of(new RunReport.InvariantsInfo(inv.lostWrites(), inv.primariesPerTerm(), inv.leftFrozen(),
                        inv.violations())), ranking);
    }
}
