package dev.handover.ui.run;

import dev.handover.cluster.AfterRun;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.core.Cancellation;
import dev.handover.core.FailoverTransport;
import dev.handover.core.ForceApproval;
import dev.handover.core.HandoverListener;
import dev.handover.core.OutcomeUnknownException;
import dev.handover.core.RunHooks;
import dev.handover.journal.Journal;
import dev.handover.run.CompletedRun;
import dev.handover.run.FinishedRun;
import dev.handover.run.JournalEntry;
import dev.handover.run.PreparedRun;
import dev.handover.run.RunEnd;
import dev.handover.run.RunRefused;
import dev.handover.run.HookSet;
import dev.handover.run.RunService;
import dev.handover.run.RunVetoed;
import dev.handover.run.RunSpec;
import dev.handover.ui.concurrent.BackgroundExecutor;
import dev.handover.ui.concurrent.Batcher;
import dev.handover.ui.concurrent.FxRelay;
import dev.handover.ui.force.DialogForceApproval;
import dev.handover.ui.force.ForcePromptPresenter;
import dev.handover.ui.switchover.SwitchoverPlan;
import dev.handover.ui.ClusterSwitcher;

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
 * Runs one handover on the background executor through the {@link RunService} (the CLI's road too): the
 * transport and the run's record taken, the coordinator driven, and its events relayed (batched, so a fast
 * poll loop costs the FX thread one hand-over per pulse) and then its result onto the FX thread, in that
 * order. The record hears every event first, on the coordinator thread. After a commit, on a backend that
 * reads the topology back ({@link ClusterConnection#afterRunVerifier()}), the verification runs before the
 * run's record is closed, and its {@link AfterRun} goes to the window as data. This class keeps the
 * console's part: the executor, the relay, the force dialog and the wording.
 */
public final class HandoverSession {
    /** The console always asks a person before a forced commit: so its records say. */
    static final String APPROVAL_BY_PROMPT = "prompt";

    private final ClusterConnection connection;
    private final BackgroundExecutor executor;
    private final FxRelay relay;
    private final Duration approvalWindow;
    private final ForcePromptPresenter forcePrompt;
    private final HandoverListener observer;
    private final Supplier<Optional<Journal>> journal;
    private final Consumer<String> notices;
    private final HookSet operatorHooks;

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
        this(connection, executor, relay, approvalWindow, forcePrompt, observer, journal, notices, HookSet.NONE);
    }

    /** The same, every run calling the operator's commands and webhooks {@code operatorHooks}. */
    public HandoverSession(ClusterConnection connection, BackgroundExecutor executor, FxRelay relay,
                           Duration approvalWindow, ForcePromptPresenter forcePrompt, HandoverListener observer,
                           Supplier<Optional<Journal>> journal, Consumer<String> notices, HookSet operatorHooks) {
        this.operatorHooks = operatorHooks;
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
     * @param onPreFreeze  each wait before the freeze (write-rate sampling, the run lock and probes, hooks) as it
     *                     begins, so the log is not silent while nothing is frozen yet; before the first event
     * @param onAfterRun   after a commit on a backend that verifies (PostgreSQL): what it read back; it waits for
     *                     the standbys to follow, so it comes a moment after the result
     * @param onRecorded   the run's record (for the debrief) and where it was journaled
     */
    public void start(SwitchoverPlan plan, Cancellation cancellation, Consumer<TimedStep> onPreFreeze,
                      Consumer<List<TimedEvent>> onEvents, Consumer<RunEnd> onResult, Consumer<AfterRun> onAfterRun, Consumer<RunRecord> onRecorded) {
        Batcher<TimedEvent> batcher = new Batcher<>(relay, onEvents);
        HandoverListener toWindow = e -> batcher.add(new TimedEvent(e, LocalTime.now()));
        Optional<Journal> journalNow = journal.get();
        executor.execute(() -> {
            // The run stays on the cluster it started on, even if the console switches scenario later.
            ClusterConnection cluster = ClusterSwitcher.actual(connection);
            PreparedRun prepared;
            try {
                prepared = RunService.prepare(new RunSpec(cluster, plan.before(), plan.request(), plan.pollInterval(),
                        Optional.of(APPROVAL_BY_PROMPT), journalNow, operatorHooks, plan.runAnyway(), plan.requester()),
                        step -> {
                    // The same relay as the events, queued before the first batch: the log keeps their order.
                    TimedStep said = new TimedStep(step, LocalTime.now());
                    relay.run(() -> onPreFreeze.accept(said));
                });
            } catch (RunRefused r) {
                RunEnd refused = new RunEnd.NotStarted(r.reason() == RunRefused.Reason.CLUSTER ? RunEnd.NotStarted.Cause.CLUSTER
                        : RunEnd.NotStarted.Cause.JOURNAL, refusal(r, journalNow));
                relay.run(() -> onResult.accept(refused));
                return;
            } catch (RunVetoed v) {
                // Recorded as a run that was vetoed: the window says so, and the debrief and history have its record.
                RunEnd vetoed = new RunEnd.NotStarted(RunEnd.NotStarted.Cause.VETOED, "The run was " + v.getMessage() + ".");
                RunRecord recorded = new RunRecord(v.report(), v.journal().map(HandoverSession::journalLine),
                        v.journal().filter(j -> j.trouble().isPresent() || j.endFailure().isPresent()).isPresent());
                relay.run(() -> onResult.accept(vetoed));
                relay.run(() -> onRecorded.accept(recorded));
                return;
            }
            FailoverTransport watched = prepared.transport();
            ForceApproval approval = new DialogForceApproval(approvalWindow, relay, forcePrompt,
                    watched::renewFreezeLease, watched::elapsed, notices,
                    prompt -> prepared.assess(prompt, statusWithin(cluster, STATUS_AT_PROMPT)));
            RunHooks hooks = RunHooks.none().withListener(observer.andThen(toWindow)).withCancellation(cancellation)
                    .withApproval(approval);
            CompletedRun ran = prepared.run(hooks);
            RunEnd result = ran.end();
            relay.run(() -> onResult.accept(result));
            FinishedRun finished = ran.finish();
            RunRecord recorded = new RunRecord(finished.report(), finished.journal().map(HandoverSession::journalLine),
                    finished.journal().filter(j -> j.trouble().isPresent() || j.endFailure().isPresent()).isPresent());
            finished.afterRun().ifPresent(a -> relay.run(() -> onAfterRun.accept(a)));
            relay.run(() -> onRecorded.accept(recorded));
        });
    }

    /** Whether a verifying backend will read the topology back after {@code result} (for a "verifying…" line). */
    public static boolean verifies(ClusterConnection cluster, RunEnd result) {
        return commitAttempted(result) && ClusterSwitcher.actual(cluster).afterRunVerifier().isPresent();
    }

    /** A commit went through, or may have: the topology is worth reading back. */
    static boolean commitAttempted(RunEnd result) {
        return result instanceof RunEnd.Handed
                || result instanceof RunEnd.Ended e && e.failure() instanceof OutcomeUnknownException;
    }

    /** Why the run did not start, and what to do, in the window's words. */
    private static String refusal(RunRefused r, Optional<Journal> journal) {
        return switch (r.reason()) {
            case CLUSTER -> "could not reach the cluster to start the handover: " + r.getMessage()
                    + ". Nothing was frozen and nothing changed.";
            case JOURNAL -> "cannot write the journal " + journal.map(j -> j.file().toString()).orElse("") + " ("
                    + r.getMessage() + "), and every run must be recorded; nothing was run. "
                    + "Choose a writable journal directory (Journal… in the tool bar, or --journal=DIR).";
        };
    }

    /** Where the journal took the run, or what went wrong writing it, for the event log. */
    private static String journalLine(JournalEntry entry) {
        if (entry.endFailure().isPresent()) {
            return "The journal " + entry.file() + " could not record the end of run " + entry.runId() + " ("
                    + entry.endFailure().get().getMessage() + "); it will read as unfinished there";
        }
        return entry.trouble().map(f -> "Journal trouble during run " + entry.runId() + ": " + f)
                .orElse("Recorded as run " + entry.runId() + " in " + entry.file());
    }

    /** How long the force prompt waits for a fresh status (the safer replica) before it shows without one. */
    static final Duration STATUS_AT_PROMPT = Duration.ofSeconds(2);

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
}
