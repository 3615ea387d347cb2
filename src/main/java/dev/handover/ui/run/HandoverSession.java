package dev.handover.ui.run;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.WriteRate;
import dev.handover.core.Cancellation;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverException;
import dev.handover.core.FailoverOutcome;
import dev.handover.core.FailoverTransport;
import dev.handover.core.ForceApproval;
import dev.handover.core.HandoverListener;
import dev.handover.core.OutcomeUnknownException;
import dev.handover.core.RunHooks;
import dev.handover.journal.Journal;
import dev.handover.ui.concurrent.BackgroundExecutor;
import dev.handover.ui.concurrent.Batcher;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.force.DialogForceApproval;
import dev.handover.ui.force.ForcePromptPresenter;
import dev.handover.ui.switchover.SwitchoverPlan;
import dev.handover.ui.training.DrillCluster;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one handover on the background executor: opens the run in the journal, asks the connection
 * for a transport toward the target, drives the coordinator, and relays its events (batched, so a
 * fast poll loop costs the FX thread one hand-over per pulse) and then its result onto the FX
 * thread, in that order. The journal hears every event first, on the coordinator thread. After a
 * commit, on a backend that reads the topology back ({@link ClusterConnection#afterRunVerifier()}), the
 * verification runs before the run's record is closed, and its {@link AfterRun} (the commit's steps,
 * the steps left for a person, every check, the roles as seen) goes to the window as data.
 */
public final class HandoverSession {
    private final ClusterConnection connection;
    private final BackgroundExecutor executor;
    private final FxRelay relay;
    private final Duration approvalWindow;
    private final ForcePromptPresenter forcePrompt;
    private final HandoverListener observer;
    private final Supplier<Optional<Journal>> journal;
    private final Consumer<String> notices;

    /**
     * @param approvalWindow how long a force confirmation waits for the operator
     * @param forcePrompt    shows the force confirmation
     * @param observer       sees every event on the coordinator thread as it happens;
     *                       {@link HandoverListener#NONE} when nothing else listens
     * @param journal        where the next run is recorded (read when it starts); empty records only in memory
     * @param notices        messages for the window, called on the FX thread
     */
    public HandoverSession(ClusterConnection connection, BackgroundExecutor executor, FxRelay relay,
                           Duration approvalWindow, ForcePromptPresenter forcePrompt, HandoverListener observer,
                           Supplier<Optional<Journal>> journal, Consumer<String> notices) {
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
     * Start a run. {@code onEvents}, {@code onResult}, {@code onAfterRun} and {@code onRecorded} are called
     * on the FX thread, in that order: the result after the last event, the verification (when there is one)
     * after the result, the record last, once the journal holds the run with its verification.
     *
     * @param cancellation the run's Abort, shared with the Abort button
     * @param onAfterRun   after a commit on a backend that verifies (PostgreSQL): what it read back; it waits for
     *                     the standbys to follow, so it comes a moment after the result
     * @param onRecorded   the run's record (for the debrief) and where it was journaled
     */
    public void start(SwitchoverPlan plan, Cancellation cancellation, Consumer<List<TimedEvent>> onEvents,
                      Consumer<RunResult> onResult, Consumer<AfterRun> onAfterRun, Consumer<RunRecord> onRecorded) {
        Batcher<TimedEvent> batcher = new Batcher<>(relay, onEvents);
        HandoverListener toWindow = e -> batcher.add(new TimedEvent(e, LocalTime.now()));
        Optional<Journal> journalNow = journal.get();
        executor.execute(() -> {
            // The run stays on the cluster it started on, even if the console switches scenario later.
            ClusterConnection cluster = DrillCluster.actual(connection);
            RunJournal record;
            try {
                record = RunJournal.start(journalNow, cluster, plan);
            } catch (IOException | RuntimeException e) {
                RunResult refused = new RunResult.NotStarted("cannot write the journal " + journalNow.map(j -> j.file().toString())
                        .orElse("") + " (" + message(e) + "), and every run must be recorded; nothing was run. "
                        + "Choose a writable journal directory (Journal… in the tool bar, or --journal=DIR).");
                relay.run(() -> onResult.accept(refused));
                return;
            }
            HandoverListener listener = record.listener().andThen(observer).andThen(toWindow);
            RunHooks hooks = RunHooks.none().withListener(listener).withCancellation(cancellation);
            FailoverTransport[] used = new FailoverTransport[1];
            RunResult result = run(cluster, plan, hooks, record, used);
            relay.run(() -> onResult.accept(result));
            Optional<AfterRun> afterRun = verify(cluster, used[0], plan, result);
            RunRecord recorded = record.finish(cluster, afterRun);
            afterRun.ifPresent(a -> relay.run(() -> onAfterRun.accept(a)));
            relay.run(() -> onRecorded.accept(recorded));
        });
    }

    /** Whether a verifying backend will read the topology back after {@code result} (for a "verifying…" line). */
    public static boolean verifies(ClusterConnection cluster, RunResult result) {
        return commitAttempted(result) && DrillCluster.actual(cluster).afterRunVerifier().isPresent();
    }

    /** A commit went through, or may have: the topology is worth reading back. */
    static boolean commitAttempted(RunResult result) {
        return result instanceof RunResult.Handed
                || result instanceof RunResult.Ended e && e.failure() instanceof OutcomeUnknownException;
    }

    /** The topology read back after a commit, on a backend that can; the run's sessions closed after. */
    private static Optional<AfterRun> verify(ClusterConnection cluster, FailoverTransport tx, SwitchoverPlan plan,
                                             RunResult result) {
        try {
            if (tx == null || !commitAttempted(result)) {
                return Optional.empty();
            }
            return cluster.afterRunVerifier().map(v -> {
                try {
                    return v.verify(tx, plan.request().newTerm());
                } catch (RuntimeException e) {
                    return AfterRun.couldNotVerify(List.of(), List.of(), message(e) + "; check roles and timelines with: "
                            + "handover status --cluster " + cluster.name());
                }
            });
        } finally {
            if (tx instanceof AutoCloseable sessions) {
                try {
                    sessions.close();
                } catch (Exception e) {
                    // The run is over; a session that will not close changes nothing on the cluster.
                }
            }
        }
    }

    private RunResult run(ClusterConnection cluster, SwitchoverPlan plan, RunHooks hooks, RunJournal record,
                          FailoverTransport[] used) {
        // Read before the freeze: a force prompt puts the loss in seconds of writes, and estimates it from this
        // where the backend cannot count it.
        Optional<WriteRate> rate = plan.request().mode().isForce() ? writeRate(cluster) : Optional.empty();
        FailoverTransport tx;
        try {
            tx = cluster.transportFor(plan.request(), plan.pollInterval()); // refused if the primary is not the one shown
        } catch (ClusterException | RuntimeException e) {
            return new RunResult.NotStarted("could not reach the cluster to start the handover: " + message(e)
                    + ". Nothing was frozen and nothing changed.");
        }
        used[0] = tx;
        FailoverTransport watched = record.watch(tx);
        ForceApproval approval = new DialogForceApproval(approvalWindow, relay, forcePrompt,
                watched::renewFreezeLease, watched::elapsed, notices,
                prompt -> ForceLoss.assess(cluster, prompt, rate, statusWithin(cluster, STATUS_AT_PROMPT)));
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

    /** How long the force prompt waits for a fresh status (the safer replica) before it shows without one. */
    static final Duration STATUS_AT_PROMPT = Duration.ofSeconds(2);

    private static Optional<WriteRate> writeRate(ClusterConnection cluster) {
        try {
            return cluster.writeRate();
        } catch (ClusterException | RuntimeException e) {
            return Optional.empty(); // the prompt says the rate is unknown
        }
    }

    /** A status read bounded by {@code bound}: writes are frozen while the prompt waits for it. */
    private static Optional<ClusterSnapshot> statusWithin(ClusterConnection cluster, Duration bound) {
        CompletableFuture<ClusterSnapshot> read = CompletableFuture.supplyAsync(() -> {
            try {
                return cluster.status();
            } catch (ClusterException e) {
                throw new CompletionException(e);
            }
        });
        try {
            return Optional.of(read.get(bound.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
