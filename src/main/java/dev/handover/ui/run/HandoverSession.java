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
import dev.handover.postgres.PgAfterRun;
import dev.handover.postgres.PgCluster;
import dev.handover.postgres.PgTransport;
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
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one handover on the background executor: opens the run in the journal, asks the connection
 * for a transport toward the target, drives the coordinator, and relays its events (batched, so a
 * fast poll loop costs the FX thread one hand-over per pulse) and then its result onto the FX
 * thread, in that order. The journal hears every event first, on the coordinator thread. On a real
 * PostgreSQL cluster the commit's steps, the steps left for a person and the verification follow,
 * the same text the CLI prints ({@link PgAfterRun}).
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
     * Start a run. {@code onEvents}, {@code onResult} and {@code onRecorded} are called on the FX
     * thread; the result always comes after the last event, and the journal line after the result.
     *
     * @param cancellation the run's Abort, shared with the Abort button
     * @param onRecorded   the run's record (for the debrief) and where it was journaled, after the result
     * @param onAfterRun   on PostgreSQL only, after the record: what the commit did, what is left by hand, the
     *                     verification (it waits for the standbys to follow, up to {@link PgAfterRun#VERIFY_WAIT})
     */
    public void start(SwitchoverPlan plan, Cancellation cancellation, Consumer<List<TimedEvent>> onEvents,
                      Consumer<RunResult> onResult, Consumer<RunRecord> onRecorded,
                      Consumer<PgAfterRun.Summary> onAfterRun) {
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
            RunRecord recorded = record.finish(cluster);
            relay.run(() -> onRecorded.accept(recorded));
            if (cluster instanceof PgCluster pg && used[0] instanceof PgTransport pgTx) {
                afterPostgresRun(pg, pgTx, plan, onAfterRun);
            }
        });
    }

    /** The commit's report and the verification, read from the cluster after the run; the sessions closed after. */
    private void afterPostgresRun(PgCluster pg, PgTransport tx, SwitchoverPlan plan, Consumer<PgAfterRun.Summary> onAfterRun) {
        try {
            PgAfterRun.Summary summary = PgAfterRun.summary(pg, tx, plan.request().newTerm());
            if (summary.committed()) {
                relay.run(() -> onAfterRun.accept(summary));
            }
        } catch (RuntimeException e) {
            PgAfterRun.Summary failed = new PgAfterRun.Summary(List.of("Verification could not run: " + message(e)
                    + ". Check roles and timelines with: handover status --cluster " + pg.name()), false, false);
            relay.run(() -> onAfterRun.accept(failed));
        } finally {
            tx.close();
        }
    }

    private RunResult run(ClusterConnection cluster, SwitchoverPlan plan, RunHooks hooks, RunJournal record,
                          FailoverTransport[] used) {
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
