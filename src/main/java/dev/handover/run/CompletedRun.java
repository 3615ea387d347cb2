package dev.handover.run;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.AfterRunVerifier;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ForceLoss;
import dev.handover.journal.HookInfo;
import dev.handover.journal.LossInfo;
import dev.handover.journal.LostInfo;
import dev.handover.journal.OutcomeInfo;
import dev.handover.journal.RunReport;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.HandoverEvent;

import java.util.List;
import java.util.ArrayList;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A run the coordinator has ended, its record still open: a caller shows the end first, then
 * {@link #finish}es (which may wait for standbys to follow).
 */
public final class CompletedRun {
    private final ClusterConnection cluster;
    private final FailoverRequest request;
    private final FailoverTransport clusterTransport;
    private final RunLog log;
    private final SimulationWindow window;
    private final RunEnd end;
    private final HookSet hooks;
    private final List<HookInfo> calledBefore;
    private final Supplier<Optional<ForceLoss>> prompted;
    private boolean finished;

    CompletedRun(ClusterConnection cluster, FailoverRequest request, FailoverTransport clusterTransport, RunLog log,
                 SimulationWindow window, RunEnd end, HookSet hooks, List<HookInfo> calledBefore,
                 Supplier<Optional<ForceLoss>> prompted) {
        this.prompted = prompted;
        this.hooks = hooks;
        this.calledBefore = List.copyOf(calledBefore);
        this.cluster = cluster;
        this.request = request;
        this.clusterTransport = clusterTransport;
        this.log = log;
        this.window = window;
        this.end = end;
    }

    public RunEnd end() {
        return end;
    }

    /** Every event of the run, in order, each reading included (the journal thins its readings). */
    public List<HandoverEvent> events() {
        return log.events();
    }

    /** Whether {@link #finish} reads the topology back: a commit was sent, to a backend that verifies. */
    public boolean verifies() {
        return commitAttempted(events()) && cluster.afterRunVerifier().isPresent();
    }

    /**
     * Reads the topology back after a commit (before the record closes, so it holds the topology as
     * seen), closes the run's sessions, adds a simulation's figures, and closes the record.
     */
    public synchronized FinishedRun finish() {
        if (finished) {
            throw new IllegalStateException("this run was already finished");
        }
        finished = true;
        Optional<AfterRun> afterRun;
        try {
            afterRun = verifies() ? cluster.afterRunVerifier().map(this::verify) : Optional.empty();
        } finally {
            Sessions.close(clusterTransport);
        }
        List<HookInfo> called = new ArrayList<>(calledBefore);
        if (callsHooks()) { // the hooks are told the outcome the record will hold; built once more only for them
            called.addAll(afterHooks(log.report(window.invariants(), afterRun, window.faults()).outcome()));
        }
        Optional<LossInfo> loss = lossOrUnknown();
        RunLog.Closed closed = log.close(window.invariants(), afterRun, window.faults(),
                r -> loss.map(r.withHooks(called)::withLoss).orElse(r.withHooks(called)));
        return new FinishedRun(end, events(), afterRun, closed.report(), closed.journal());
    }

    /** What the run lost, for its record; a loss that cannot be worked out is recorded as unknown, never left out. */
    private Optional<LossInfo> lossOrUnknown() {
        try {
            return LossRecord.of(cluster, events(), prompted.get());
        } catch (RuntimeException e) {
            return Optional.of(new LossInfo(0, cluster.positionsCountBytes(),
                    LostInfo.unknown("the loss could not be worked out: " + e), null));
        }
    }

    /** Whether {@link #finish} calls operator hooks after the run (which may take their timeouts). */
    public boolean callsHooks() {
        return !(afterPhase().equals(HookSet.Phase.POST_SWITCHOVER) ? hooks.postSwitchover() : hooks.onAbort()).isEmpty()
                || !hooks.webhooks().isEmpty();
    }

    /**
     * The post-switchover hooks after a commit that went through (zero-RPO or forced), the on-abort ones after
     * anything else — an abort, or an outcome nobody knows — told the outcome as the record has it, topology included.
     */
    private List<HookInfo> afterHooks(OutcomeInfo outcome) {
        HookSet.Phase phase = afterPhase();
        return HookRunner.call(hooks, phase, HookPayload.of(phase, log.runId(), log.requester(), cluster.name(), request,
                Optional.of(outcome)));
    }

    private HookSet.Phase afterPhase() {
        return end instanceof RunEnd.Handed ? HookSet.Phase.POST_SWITCHOVER : HookSet.Phase.ON_ABORT;
    }

    private AfterRun verify(AfterRunVerifier verifier) {
        try {
            return verifier.verify(clusterTransport, request.newTerm());
        } catch (RuntimeException e) {
            // A verifier never means to throw; if it does, the outcome says degraded and how to look.
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return AfterRun.couldNotVerify(List.of(), List.of(), why + "; check roles and timelines with: "
                    + "handover status --cluster " + cluster.name());
        }
    }

    /** A commit was sent (it went through, or may have): the topology is worth reading back. */
    static boolean commitAttempted(List<HandoverEvent> events) {
        return events.stream().anyMatch(e -> e instanceof HandoverEvent.Committed || e instanceof HandoverEvent.OutcomeUnknown);
    }
}
