package dev.handover.run;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.JournaledSteps;
import dev.handover.cluster.Simulation;
import dev.handover.cluster.WriteRate;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.journal.RunRecorder;
import dev.handover.journal.RunRecording;
import dev.handover.journal.HookInfo;
import dev.handover.journal.OutcomeInfo;
import dev.handover.journal.RunReport;
import dev.handover.journal.Who;
import dev.handover.training.TargetRanking;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one way a switchover runs, for the CLI and the console alike:
 *
 * <pre>
 * PreparedRun prepared = RunService.prepare(spec);          // RunRefused: nothing frozen, nothing recorded
 * CompletedRun ran = prepared.run(hooks);                    // the caller's listener, Abort, force approval
 * FinishedRun finished = ran.finish();                       // verified, sessions closed, recorded
 * </pre>
 */
public final class RunService {
    private RunService() {
    }

    /**
     * Gets the run ready without freezing anything: reads the write rate a force prompt needs (never while
     * writes are frozen), takes the transport toward the target — where the backend takes its run lock and
     * checks the primary is still the one planned on — and opens the run's record. A run that cannot be
     * recorded does not start; the transport is closed again then.
     *
     * @throws RunRefused when the cluster or the journal refused; nothing was frozen and nothing recorded
     */
    public static PreparedRun prepare(RunSpec spec) throws RunRefused, RunVetoed {
        return prepare(spec, step -> { });
    }

    /** The same, each wait before the freeze told to {@code said} as it begins, for the front end to show. */
    public static PreparedRun prepare(RunSpec spec, Consumer<PreFreezeStep> said) throws RunRefused, RunVetoed {
        ClusterConnection cluster = spec.cluster();
        Optional<Simulation> simulation = cluster.simulation();
        // A force prompt puts the loss in seconds of writes, estimated from this where the backend cannot count it.
        Optional<WriteRate> rate = Optional.empty();
        if (spec.request().mode().isForce()) {
            said.accept(new PreFreezeStep.SamplingWriteRate(spec.request().oldPrimary().id()));
            rate = writeRate(cluster);
        }
        SimulationWindow window = SimulationWindow.open(simulation);
        FailoverTransport tx;
        said.accept(new PreFreezeStep.TakingTheCluster(spec.request().oldPrimary().id(), spec.request().target().id()));
        try {
            tx = cluster.transportFor(spec.request(), spec.poll());
        } catch (ClusterException | RuntimeException e) {
            throw new RunRefused(RunRefused.Reason.CLUSTER, e);
        }
        RunLog log;
        try {
            log = open(spec, simulation.map(Simulation::seed));
        } catch (IOException | RuntimeException e) {
            Sessions.close(tx);
            throw new RunRefused(RunRefused.Reason.JOURNAL, e);
        }
        if (tx instanceof JournaledSteps steps) {
            steps.journalStepsIn(log.steps()); // before anything is paused or frozen
        }
        if (!spec.hooks().preSwitchover().isEmpty()) {
            said.accept(new PreFreezeStep.CallingHooks(spec.hooks().preSwitchover().size()));
        }
        List<HookInfo> before = preSwitchover(spec, log, tx);
        return new PreparedRun(cluster, spec.request(), tx, log, rate, window, spec.hooks(), before);
    }

    /**
     * The pre-switchover hooks, called with the run lock held and nothing frozen. The first command that fails
     * (non-zero exit, timeout, cannot start) vetoes the run: the transport is closed, the record closed as
     * aborted (reason vetoed) with the hooks' output. A webhook that fails is recorded, never a veto:
     * it only tells.
     */
    private static List<HookInfo> preSwitchover(RunSpec spec, RunLog log, FailoverTransport tx) throws RunVetoed {
        if (spec.hooks().preSwitchover().isEmpty() && spec.hooks().webhooks().isEmpty()) {
            return List.of();
        }
        String payload = HookPayload.of(HookSet.Phase.PRE_SWITCHOVER, log.runId(), log.requester(), spec.cluster().name(),
                spec.request(), Optional.empty());
        List<HookInfo> called = HookRunner.call(spec.hooks(), HookSet.Phase.PRE_SWITCHOVER, payload);
        Optional<HookInfo> veto = called.subList(0, spec.hooks().preSwitchover().size()).stream()
                .filter(h -> !h.ok()).findFirst();
        if (veto.isEmpty()) {
            return called;
        }
        Sessions.close(tx);
        String why = "by the pre-switchover hook " + veto.get().what() + " (" + (veto.get().timedOut() ? "timed out"
                : veto.get().exit() == null ? "could not run" : "exit " + veto.get().exit()) + ")"
                + lastLine(veto.get().output()).map(l -> ": " + l).orElse("") + "; nothing was frozen";
        FailoverRequest q = spec.request();
        OutcomeInfo vetoed = OutcomeInfo.vetoed(q.targetFrontierHint(), "vetoed " + why);
        RunLog.Closed closed = log.close(Optional.empty(), Optional.empty(), List.of(),
                r -> r.withOutcome(vetoed).withHooks(called));
        throw new RunVetoed(why, closed.report(), closed.journal());
    }

    /** The last non-blank line of a hook's output, where a script says why it failed. */
    static Optional<String> lastLine(String output) {
        return output == null ? Optional.empty()
                : output.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b);
    }

    /** The run's record, opened: in the journal when there is one (its started line written), else in memory. */
    private static RunLog open(RunSpec spec, Optional<Long> seed) throws IOException {
        ClusterConnection cluster = spec.cluster();
        RunReport.RunInfo now = Who.now(spec.requester(), cluster.name(), Instant.now());
        RunReport.RunInfo who = spec.preflightOverride().map(now::overridingPreflight).orElse(now);
        RunReport.RequestInfo asked = RunRecorder.request(spec.request(), spec.poll(), spec.approval(), seed);
        List<RunReport.CandidateInfo> ranking = TargetRanking.rank(spec.before());
        if (spec.journal().isEmpty()) {
            return new MemoryLog(who, asked, ranking, cluster.positions());
        }
        return new JournalLog(spec.journal().get(),
                RunRecording.start(spec.journal().get(), who, asked, ranking, cluster.positions()));
    }

    private static Optional<WriteRate> writeRate(ClusterConnection cluster) {
        try {
            return cluster.writeRate();
        } catch (ClusterException | RuntimeException e) {
            return Optional.empty(); // the prompt says the rate is unknown
        }
    }
}
