package dev.handover.faultsim;

import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.Cancellation;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverException;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverRequest;
import dev.handover.core.HandoverEvent;
import dev.handover.core.RunHooks;
import dev.handover.journal.RunRecorder;
import dev.handover.journal.RunReport;
import dev.handover.sim.InvariantReport;
import dev.handover.sim.NodeSpec;
import dev.handover.sim.SimCluster;
import dev.handover.sim.SimNote;
import dev.handover.sim.VirtualClock;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plays one {@link Schedule}: the real coordinator over the simulated cluster, in virtual time. */
final class ScheduleRunner {
    /** Played before the run so replication is in steady state, as the CLI does. */
    static final Duration WARM_UP = Duration.ofSeconds(2);

    private ScheduleRunner() {
    }

    static RunObservation run(Schedule s) throws ClusterException {
        VirtualClock clock = new VirtualClock();
        SimCluster sim = SimCluster.start(s.scenario(), s.seed(), clock);
        sim.setFreezeLease(s.lease());
        clock.advance(WARM_UP);

        ClusterSnapshot before = sim.status();
        NodeStatus primary = before.primary().orElseThrow();
        NodeStatus target = before.node(s.targetId()).orElseThrow();
        FailoverRequest req = new FailoverRequest(primary.node(), target.node(), primary.role().term(),
                target.durableLsn(), s.mode());
        clock.advance(s.operatorDelay()); // the hint is as old as the operator's hesitation

        Cancellation cancellation = new Cancellation();
        List<String> ids = s.scenario().nodes().stream().map(NodeSpec::id).toList();
        RunObserver observer = new RunObserver(sim, ids, cancellation, s.cancelAtPoll(), req.targetFrontierHint());
        FaultingTransport tx = new FaultingTransport(sim.uncheckedTransport(s.targetId(), s.poll()), sim, s.callFaults(),
                () -> observer.lastReached);
        ScriptedApproval approval = new ScriptedApproval(s.approval(), clock, observer);
        RunRecorder recorder = new RunRecorder();
        RunHooks hooks = RunHooks.none().withListener(observer.andThen(recorder)).withCancellation(cancellation);
        if (s.approval().wired()) {
            hooks = hooks.withApproval(approval);
        }

        Optional<FailoverOutcome> outcome = Optional.empty();
        Optional<Throwable> thrown = Optional.empty();
        try {
            outcome = Optional.of(FailoverCoordinator.run(req, tx, hooks));
        } catch (FailoverException | RuntimeException e) {
            thrown = Optional.of(e);
        }

        observer.look("right after the run");
        List<String> during = new ArrayList<>(observer.violations);
        during.addAll(tx.protocolViolations);
        InvariantReport invariants = sim.invariants();
        RunReport journal = journal(recorder, req, s, invariants);
        String primaryAfter = sim.primaryId();
        ClusterSnapshot after = sim.status();
        long scriptedFired = sim.notes().stream().map(SimNote::text).filter(t -> t.startsWith("scripted fault")).count();

        // An Abort pressed after the run must be refused once the commit began, and harmless otherwise.
        Optional<Boolean> lateCancel = Optional.empty();
        if (observer.events.stream().anyMatch(e -> e instanceof HandoverEvent.Committed
                || e instanceof HandoverEvent.OutcomeUnknown) && !cancellation.isCancelled()) {
            lateCancel = Optional.of(cancellation.cancel());
        }

        // The lease's promise: whatever the run said, a full lease later the primary is not frozen.
        clock.advance(s.lease().plus(SimCluster.STEP).plus(SimCluster.STEP));
        InvariantReport afterLease = sim.invariants();
        List<String> followUp = FollowUpHandover.check(sim, s.seed());

        int approvalFault = approval.asked > 0 && s.approval().kind() != ApprovalPlan.Kind.APPROVE ? 1 : 0;
        int cancelFault = observer.cancelPressed && s.approval().kind() != ApprovalPlan.Kind.CANCEL_THEN_APPROVE ? 1 : 0;
        int faults = (int) scriptedFired + tx.fired.size() + cancelFault + approvalFault;
        Duration approvalTime = approval.asked > 0 ? s.approval().answerAfter() : Duration.ZERO;
        return new RunObservation(s, req, List.copyOf(observer.events), outcome, thrown, during,
                new RunObservation.Transport(tx.frozen, tx.frontier, tx.pollCalls, tx.commitCalls, tx.committed,
                        tx.resumed),
                new RunObservation.Operator(observer.cancelPressed, observer.cancelAccepted,
                        observer.eventsBeforeCancel, approval.asked, lateCancel, approvalTime),
                invariants, primaryAfter, after, afterLease, tx.ackedInSkippedRange, tx.reachedAtCommit, faults, journal,
                followUp);
    }

    /** The run's record as the journal stores it: written to one JSON line and read back. */
    private static RunReport journal(RunRecorder recorder, FailoverRequest req, Schedule s, InvariantReport inv) {
        RunReport.RunInfo who = new RunReport.RunInfo("fault-simulation", Instant.EPOCH, "sim:" + s.scenario().name(), "test");
        RunReport report = recorder.report(who,
                RunRecorder.request(req, s.poll(), Optional.empty(), Optional.of(s.seed())),
                Optional.of(new RunReport.InvariantsInfo(inv.lostWrites(), inv.primariesPerTerm(), inv.leftFrozen(),
                        inv.violations())));
        try {
            return RunReport.fromJson(report.toJsonLine());
        } catch (IOException e) {
            throw new IllegalStateException("a run report did not read back: " + e.getMessage(), e);
        }
    }
}
