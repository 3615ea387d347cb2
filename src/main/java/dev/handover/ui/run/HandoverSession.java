package dev.handover.ui.run;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.core.Cancellation;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverException;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverTransport;
import dev.handover.core.ForceApproval;
import dev.handover.core.HandoverListener;
import dev.handover.core.RunHooks;
import dev.handover.ui.concurrent.BackgroundExecutor;
import dev.handover.ui.concurrent.Batcher;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.force.DialogForceApproval;
import dev.handover.ui.force.ForcePromptPresenter;
import dev.handover.ui.switchover.SwitchoverPlan;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one handover on the background executor: asks the connection for a transport toward the
 * target, drives the coordinator, and relays its events (batched, so a fast poll loop costs the FX
 * thread one hand-over per pulse) and then its result onto the FX thread, in that order.
 */
public final class HandoverSession {
    private final ClusterConnection connection;
    private final BackgroundExecutor executor;
    private final FxRelay relay;
    private final Duration approvalWindow;
    private final ForcePromptPresenter forcePrompt;
    private final HandoverListener observer;
    private final Consumer<String> notices;

    /**
     * @param approvalWindow how long a force confirmation waits for the operator
     * @param forcePrompt    shows the force confirmation
     * @param observer       sees every event on the coordinator thread as it happens, e.g. a run journal;
     *                       {@link HandoverListener#NONE} when nothing else listens
     * @param notices        messages for the window, called on the FX thread
     */
    public HandoverSession(ClusterConnection connection, BackgroundExecutor executor, FxRelay relay,
                           Duration approvalWindow, ForcePromptPresenter forcePrompt, HandoverListener observer,
                           Consumer<String> notices) {
        this.connection = connection;
        this.executor = executor;
        this.relay = relay;
        this.approvalWindow = approvalWindow;
        this.forcePrompt = forcePrompt;
        this.observer = observer;
        this.notices = notices;
    }

    /**
     * Start a run. {@code onEvents} and {@code onResult} are called on the FX thread; the result
     * always comes after the last event.
     *
     * @param cancellation the run's Abort, shared with the Abort button
     */
    public void start(SwitchoverPlan plan, Cancellation cancellation, Consumer<List<TimedEvent>> onEvents,
                      Consumer<RunResult> onResult) {
        Batcher<TimedEvent> batcher = new Batcher<>(relay, onEvents);
        HandoverListener listener = observer.andThen(e -> batcher.add(new TimedEvent(e, LocalTime.now())));
        RunHooks hooks = RunHooks.none().withListener(listener).withCancellation(cancellation);
        executor.execute(() -> {
            RunResult result = run(plan, hooks);
            relay.run(() -> onResult.accept(result));
        });
    }

    private RunResult run(SwitchoverPlan plan, RunHooks hooks) {
        FailoverTransport tx;
        try {
            tx = connection.transportFor(plan.request().target().id(), plan.pollInterval());
        } catch (ClusterException | RuntimeException e) {
            return new RunResult.NotStarted("could not reach the cluster to start the handover: " + message(e)
                    + ". Nothing was frozen and nothing changed.");
        }
        ForceApproval approval = new DialogForceApproval(approvalWindow, relay, forcePrompt, tx::renewFreezeLease,
                tx::elapsed, notices);
        try {
            FailoverOutcome outcome = FailoverCoordinator.run(plan.request(), tx, hooks.withApproval(approval));
            return new RunResult.Handed(outcome);
        } catch (FailoverException e) {
            return new RunResult.Ended(e);
        } catch (RuntimeException e) {
            String primary = plan.request().oldPrimary().id();
            return new RunResult.Broken("the run failed unexpectedly (" + message(e) + "). Verify which node is primary "
                    + "and under which term, and whether writes are frozen on " + primary + ".");
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
