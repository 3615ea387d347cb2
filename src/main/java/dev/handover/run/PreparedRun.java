package dev.handover.run;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.WriteRate;
import dev.handover.core.ForceApproval;
import dev.handover.core.ForceDecision;
import dev.handover.core.ForcePrompt;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverException;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.RunHooks;
import dev.handover.journal.HookInfo;
import dev.handover.journal.RunReport;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A run ready to go: its transport taken, its record open, nothing frozen yet. Runs once, and is meant to be
 * run at once: its transport holds the backend's sessions and run lock until {@link CompletedRun#finish}.
 */
public final class PreparedRun {
    private final ClusterConnection cluster;
    private final FailoverRequest request;
    private final FailoverTransport clusterTransport;
    private final FailoverTransport watched;
    private final RunLog log;
    private final Optional<WriteRate> rate;
    private final SimulationWindow window;
    private final HookSet hooks;
    private final List<HookInfo> called;
    private boolean started;
    /** The loss at the last force prompt, once assessed. */
    private ForceLoss assessed;

    PreparedRun(ClusterConnection cluster, FailoverRequest request, FailoverTransport clusterTransport, RunLog log,
                Optional<WriteRate> rate, SimulationWindow window, HookSet hooks, List<HookInfo> called) {
        this.hooks = hooks;
        this.called = List.copyOf(called);
        this.cluster = cluster;
        this.request = request;
        this.clusterTransport = clusterTransport;
        this.watched = log.watch(clusterTransport);
        this.log = log;
        this.rate = rate;
        this.window = window;
    }

    public FailoverRequest request() {
        return request;
    }

    /** The run's id in the journal; empty when it is recorded in memory only. */
    public Optional<String> runId() {
        return log.runId();
    }

    /**
     * The transport the coordinator will drive, as recorded: a force prompt renews the freeze lease and
     * reads the run's clock through it while a person decides.
     */
    public FailoverTransport transport() {
        return watched;
    }

    /** The pre-switchover hooks this run called, none of which vetoed it. */
    public List<HookInfo> hooksCalled() {
        return called;
    }

    /** The primary's write rate, read before anything was frozen (force runs only); empty when unknown. */
    public Optional<WriteRate> writeRate() {
        return rate;
    }

    /**
     * The loss at a force prompt, assessed once a prompt: the record keeps it, and a front end that asks here
     * shows the same figures without counting twice while writes are frozen. {@code now} names a safer replica.
     */
    public ForceLoss assess(ForcePrompt prompt, Optional<ClusterSnapshot> now) {
        ForceLoss loss;
        synchronized (this) {
            ForceLoss seen = assessed;
            loss = seen != null && seen.prompt().equals(prompt) ? seen : ForceLoss.assess(cluster, prompt, rate, Optional.empty());
            assessed = loss;
        }
        return now.map(loss::withStatus).orElse(loss);
    }

    /** The figure the last force prompt was assessed at, if one was. */
    synchronized Optional<ForceLoss> assessed() {
        return Optional.ofNullable(assessed);
    }

    /**
     * Drives the coordinator to its end. The record hears every event first, then {@code hooks}' listener;
     * the hooks' Abort and force approval are the caller's.
     */
    public synchronized CompletedRun run(RunHooks hooks) {
        if (started) {
            throw new IllegalStateException("this run was already started");
        }
        started = true;
        RunHooks recorded = hooks.withListener(log.listener().andThen(hooks.listener()));
        if (hooks.approval().isPresent()) {
            recorded = recorded.withApproval(new Assessing(hooks.approval().get()));
        }
        RunEnd end;
        try {
            end = new RunEnd.Handed(FailoverCoordinator.run(request, watched, recorded));
        } catch (FailoverException e) {
            end = new RunEnd.Ended(e);
        } catch (RuntimeException e) {
            end = new RunEnd.Broken(e);
        }
        return new CompletedRun(cluster, request, clusterTransport, log, window, end, this.hooks, called, this::assessed);
    }

    /** Counts the loss before the operator is asked (while the old primary is frozen and up), for the record. */
    private final class Assessing implements ForceApproval {
        private final ForceApproval asked;

        Assessing(ForceApproval asked) {
            this.asked = asked;
        }

        @Override
        public Duration window() {
            return asked.window();
        }

        @Override
        public ForceDecision decide(ForcePrompt prompt) {
            try {
                assess(prompt, Optional.empty());
            } catch (RuntimeException e) {
                // The record then holds no prompt figure; the operator is asked all the same.
            }
            return asked.decide(prompt);
        }
    }
}
