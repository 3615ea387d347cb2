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
import dev.handover.journal.Journal;
import dev.handover.ui.concurrent.BackgroundExecutor;
import dev.handover.ui.concurrent.Batcher;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.force.DialogForceApproval;
import dev.handover.ui.force.ForcePromptPresenter;
import dev.handover.ui.switchover.SwitchoverPlan;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs one handover on the background executor: opens the run in the journal, asks the connection
 * for a transport toward the target, drives the coordinator, and relays its events (batched, so a
 * fast poll loop costs the FX thread one hand-over per pulse) and then its result onto the FX
 * thread, in that order. The journal hears every event first, on the coordinator thread.
 */
public final class HandoverSession {
    private final ClusterConnection connection;
    private final BackgroundExecutor executor;
    private final FxRelay relay;
    private final Duration approvalWindow;
    private final ForcePromptPresenter forcePrompt;
    private final HandoverListener observer;
    private final Optional<Journal> journal;
    private final Consumer<String> notices;

    /**
     * @param approvalWindow how long a force confirmation waits for the operator
     * @param forcePrompt    shows the force confirmation
     * @param observer       sees every event on the coordinator thread as it happens;
     *                       {@link HandoverListener#NONE} when nothing else listens
     * @param journal        where every run is recorded; empty records nothing (tests)
     * @param notices        messages for the window, called on the FX thread
     */
    public HandoverSession(ClusterConnection connection, BackgroundExecutor executor, FxRelay relay,
                           Duration approvalWindow, ForcePromptPresenter forcePrompt, HandoverListener observer,
                           Optional<Journal> journal, Consumer<String> notices) {
        this.connection = connection;
        this.executor = executor;
        this.relay = relay;
        this.approvalWindow = approvalWindow;
        this.forcePrompt = forcePrompt;
        this.observer = observer;
        this.journal = journal;
        this.notices = notices;
    }

    /**
     * Start a run. {@code onEvents}, {@code onResult} and {@code onRecorded} are called on the FX
     * thread; the result always comes after the last event, and the journal line after the result.
     *
     * @param cancellation the run's Abort, shared with the Abort button
     * @param onRecorded   where the run was recorded, or what went wrong recording it
     */
    public void start(SwitchoverPlan plan, Cancellation cancellation, Consumer<List<TimedEvent>> onEvents,
                      Consumer<RunResult> onResult, Consumer<String> onRecorded) {
        Batcher<TimedEvent> batcher = new Batcher<>(relay, onEvents);
        HandoverListener toWindow = e -> batcher.add(new TimedEvent(e, LocalTime.now()));
        executor.execute(() -> {
            Optional<RunJournal> record;
            try {
                record = journal.isPresent() ? Optional.of(RunJournal.start(journal.get(), connection, plan)) : Optional.empty();
            } catch (IOException | RuntimeException e) {
                RunResult refused = new RunResult.NotStarted("cannot write the journal " + journal.map(j -> j.file().toString())
                        .orElse("") + " (" + message(e) + "), and every run must be recorded; nothing was run. "
                        + "Start the console with --journal=DIR naming a writable directory.");
                relay.run(() -> onResult.accept(refused));
                return;
            }
            HandoverListener listener = record.map(RunJournal::listener).orElse(HandoverListener.NONE)
                    .andThen(observer).andThen(toWindow);
            RunHooks hooks = RunHooks.none().withListener(listener).withCancellation(cancellation);
            RunResult result = run(plan, hooks, record);
            relay.run(() -> onResult.accept(result));
            record.ifPresent(r -> {
                String line = r.finish(connection);
                relay.run(() -> onRecorded.accept(line));
            });
        });
    }

    private RunResult run(SwitchoverPlan plan, RunHooks hooks, Optional<RunJournal> record) {
        FailoverTransport tx;
        try {
            tx = connection.transportFor(plan.request().target().id(), plan.pollInterval());
        } catch (ClusterException | RuntimeException e) {
            return new RunResult.NotStarted("could not reach the cluster to start the handover: " + message(e)
                    + ". Nothing was frozen and nothing changed.");
        }
        FailoverTransport watched = record.map(r -> r.watch(tx)).orElse(tx);
        ForceApproval approval = new DialogForceApproval(approvalWindow, relay, forcePrompt,
                watched::renewFreezeLease, watched::elapsed, notices);
        try {
            FailoverOutcome outcome = FailoverCoordinator.run(plan.request(), watched, hooks.withApproval(approval));
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
