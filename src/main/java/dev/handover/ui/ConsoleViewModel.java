package dev.handover.ui;

import dev.handover.core.FailoverRequest;
import dev.handover.core.Cancellation;
import dev.handover.cluster.AfterRun;
import dev.handover.ui.cluster.ClusterViewModel;
import dev.handover.ui.force.ForcePromptPresenter;
import dev.handover.ui.outcome.AfterRunLine;
import dev.handover.ui.outcome.OutcomeViewModel;
import dev.handover.ui.run.HandoverSession;
import dev.handover.ui.switchover.ClusterProbes;
import dev.handover.ui.run.LogLine;
import dev.handover.run.RunEnd;
import dev.handover.ui.run.RunViewModel;
import dev.handover.ui.switchover.ScheduleViewModel;
import dev.handover.ui.switchover.StartConfirmation;
import dev.handover.ui.switchover.StartConfirmer;
import dev.handover.ui.switchover.SwitchoverPlan;
import dev.handover.ui.switchover.SwitchoverViewModel;
import dev.handover.ui.history.HistoryViewModel;
import dev.handover.ui.history.JournalSetting;
import dev.handover.ui.recovery.RecoveryViewModel;
import dev.handover.ui.run.RunRecord;
import dev.handover.ui.training.DebriefViewModel;
import dev.handover.ui.training.DrillViewModel;
import dev.handover.ui.training.FaultPanelViewModel;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole console without controls: the cluster feeds the form, Start hands the plan to a
 * session on the background executor, events feed the run, the result feeds the outcome and
 * brings a fresh status and a debrief. Around it the drill (scenario, time, faults), the history and
 * the recovery prompt, all reading the same journal setting. Errors land in {@link #noticeProperty()},
 * never as a stack trace.
 */
public final class ConsoleViewModel {
    private final ConsoleContext context;
    private final ClusterViewModel cluster;
    private final SwitchoverViewModel switchover;
    private final RunViewModel run = new RunViewModel();
    private final OutcomeViewModel outcome = new OutcomeViewModel();
    private final HandoverSession session;
    private final ClusterSwitcher switcher;
    private final JournalSetting journal;
    private final DrillViewModel drill;
    private final FaultPanelViewModel faults;
    private final DebriefViewModel debrief;
    private final HistoryViewModel history;
    private final RecoveryViewModel recovery;
    private final ScheduleViewModel schedule;
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final StartConfirmer confirmer;
    /** Set while the start confirmation is open: a second Start does not open a second one. */
    private boolean confirming;
    /** The freeze budget of the run in progress, for judging its outcome. */
    private java.time.Duration freezeBudget = dev.handover.cluster.Preflight.DEFAULT_FREEZE_BUDGET;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Connecting…");
    private final WorldBand band = new WorldBand();

    public ConsoleViewModel(ConsoleContext context, ForcePromptPresenter forcePrompt) {
        // Without a dialog nobody can confirm: a start that needs confirming does not start.
        this(context, forcePrompt, (confirmation, answer) -> answer.accept(Optional.empty()));
    }

    /** @param confirmer asks before a start on a real cluster, and before any start whose preflight fails */
    public ConsoleViewModel(ConsoleContext context, ForcePromptPresenter forcePrompt, StartConfirmer confirmer) {
        this.context = context;
        this.confirmer = confirmer;
        this.switcher = ClusterSwitcher.around(context.connection());
        this.journal = new JournalSetting(context.journal());
        this.cluster = new ClusterViewModel(switcher, context.executor(), context.relay());
        this.switchover = new SwitchoverViewModel(context.preflight(), switcher::freezeLease);
        this.session = new HandoverSession(switcher, context.executor(), context.relay(),
                context.approvalWindow(), forcePrompt, context.observer(), journal::get, notice::set, context.hooks());
        this.debrief = new DebriefViewModel(context.backends()::positionsOf);
        this.drill = new DrillViewModel(switcher, context.backends(), context.executor(), context.relay(), run.runningProperty(), notice::set);
        this.faults = new FaultPanelViewModel(switcher, context.executor(), context.relay(),
                (text, failed) -> run.note(text, failed ? LogLine.Level.BAD : LogLine.Level.WARN));
        this.history = new HistoryViewModel(journal, context.executor(), context.relay(), context.backends());
        this.recovery = new RecoveryViewModel(journal, context.executor(), context.relay(), context.recorded(),
                context.backends());
        // Schedule…: the form's plan held until a time, in the schedule book beside the journal; fired, it starts as Start.
        this.schedule = new ScheduleViewModel(switcher, context.executor(), context.relay(), journal::get, this::startPlan);
        switchover.scheduledProperty().bind(schedule.waitingProperty());
        schedule.resultProperty().addListener((obs, was, r) -> {
            if (r.isEmpty()) {
                return;
            }
            boolean bad = schedule.resultBadProperty().get();
            run.note(r, bad ? LogLine.Level.BAD : LogLine.Level.INFO);
            if (bad) {
                notice.set(r);
            }
            status.set(r);
        });
        drill.setOnSwitched(this::scenarioSwitched);
        band.show(switcher);
        cluster.snapshotProperty().addListener((obs, was, s) -> {
            switchover.update(s);
            outcome.observe(s);
            faults.update(s);
            drill.update(s);
            band.observe(s);
        });
        cluster.errorProperty().addListener((obs, was, e) -> notice.set(e));
        // The backend's probes: once per target and mode picked, and when a node's condition changes.
        ClusterProbes probes = new ClusterProbes(switcher, context.executor(), context.relay(), switchover);
        cluster.snapshotProperty().addListener((obs, was, s) -> probes.observe(s));
        cluster.lastRefreshProperty().addListener((obs, was, s) -> {
            drill.tick();
            if (!run.runningProperty().get()) {
                // A schedule waiting shows on every tab: the status bar carries its countdown.
                status.set(schedule.waitingProperty().get() ? "Scheduled · " + schedule.countdownProperty().get() + " · " + s
                        : "Ready · " + s);
            }
        });
        // What the recovery prompt did (an acknowledgement, a released freeze) stays in the log after its card goes.
        recovery.noteProperty().addListener((obs, was, m) -> {
            if (!m.text().isEmpty()) {
                run.note(m.text(), m.failed() ? LogLine.Level.BAD : LogLine.Level.INFO);
            }
        });
        run.phaseProperty().addListener((obs, was, p) -> {
            if (run.runningProperty().get()) {
                status.set("Run: " + p);
            }
        });
    }

    /** Begin refreshing the cluster. */
    public void start() {
        cluster.start(context.refreshPeriod());
        drill.loadCatalogue();
        history.reload();
        recovery.load();
    }

    /** Stop refreshing and close the scenarios the trainee switched to; a run in progress keeps going until it ends. */
    public void close() {
        schedule.cancelBecause("the console was closed");
        cluster.stop();
        switcher.close();
    }

    /**
     * Another cluster is on screen now: forget the last run's form, chart, log, outcome and debrief (they were
     * the previous cluster's; its record stays in the History tab), show the new cluster at once.
     */
    private void scenarioSwitched() {
        if (schedule.cancelBecause("the console switched to another cluster").isEmpty()) {
            schedule.clearResult(); // the last schedule was the previous cluster's
        }
        band.show(switcher);
        outcome.reset();
        run.reset();
        debrief.clear();
        switchover.targetIdProperty().set(null);
        run.note("Switched to " + switcher.name() + ": " + drill.titleProperty().get()
                + ". The last cluster's chart, log and outcome were cleared; its runs are in the History tab.",
                LogLine.Level.INFO);
        status.set("Switched to " + switcher.name());
        cluster.refreshSoon();
    }

    /** Record runs in the journal in {@code directory} from now on; history and recovery read it again. */
    public void changeJournal(Path directory) {
        journal.changeTo(directory);
        run.note("Runs are recorded in " + journal.get().map(j -> j.file().toString()).orElse("") + " from now on",
                LogLine.Level.INFO);
        history.reload();
        recovery.load();
    }

    /**
     * Start pressed: run the plan the form holds, if it is valid. A simulation starts at once; a real cluster first
     * asks for a confirmation with the target's id typed (as the force dialog does).
     */
    public void startSwitchover() {
        Optional<SwitchoverPlan> plan = switchover.plan();
        if (plan.isEmpty()) {
            notice.set(switchover.blockedReasonProperty().get());
            return;
        }
        schedule.clearResult();
        // A simulation keeps one click (a Force whose preflight fails included: its force confirmation still comes
        // before any commit); a real cluster asks, with a reason too when its preflight fails (Force).
        if (band.simulated()) {
            startPlan(plan.get());
        } else {
            confirmThenStart(plan.get());
        }
    }

    /**
     * "Run anyway…": the plan whose preflight fails (Coordinated), run only for a reason the operator types,
     * which the run's record keeps ({@code runAnyway}); on a real cluster the target's id is typed too.
     */
    public void startAnyway() {
        Optional<SwitchoverPlan> plan = switchover.planAnyway();
        if (plan.isEmpty()) {
            notice.set(switchover.blockedReasonProperty().get());
            return;
        }
        schedule.clearResult();
        confirmThenStart(plan.get());
    }

    private void confirmThenStart(SwitchoverPlan plan) {
        if (confirming) {
            return;
        }
        confirming = true;
        StartConfirmation asked = StartConfirmation.of(plan, List.copyOf(switchover.checks()), band.shortName(),
                switcher.name(), !band.simulated());
        confirmer.ask(asked, answer -> {
            confirming = false;
            if (answer.isEmpty()) {
                status.set("Start cancelled: nothing was frozen");
                return;
            }
            SwitchoverPlan confirmed = answer.get().runAnyway().map(plan::withRunAnyway).orElse(plan);
            startPlan(confirmed);
            confirmed.runAnyway().ifPresent(reason -> run.note("Run against a failing preflight, for this reason: "
                    + reason + " (kept in the run's record)", LogLine.Level.WARN));
        });
    }

    /**
     * The dialog's Schedule: hold the plan the form holds now (its preflight passed) until {@code fireAt}. The form
     * locks while it waits; it fires through {@link #startPlan}, as Start.
     */
    public void schedule(java.time.Instant fireAt) {
        Optional<SwitchoverPlan> plan = switchover.plan();
        if (plan.isEmpty()) {
            notice.set(switchover.blockedReasonProperty().get());
            return;
        }
        notice.set("");
        schedule.schedule(plan.get(), fireAt);
        status.set("Scheduled: " + plan.get().request().oldPrimary().id() + " → " + plan.get().request().target().id());
    }

    /** A plan run now: Start's, or a schedule's as it fires (the same session, journal and force confirmation). */
    private void startPlan(SwitchoverPlan p) {
        if (run.runningProperty().get()) {
            notice.set("A switchover is already running: " + p.request().target().id() + " was not started");
            return;
        }
        notice.set("");
        outcome.clear();
        switchover.busyProperty().set(true);
        FailoverRequest request = p.request();
        freezeBudget = p.freezeBudget();
        Cancellation cancellation = new Cancellation();
        run.begin(p, cancellation);
        session.start(p, cancellation, run::preFreeze, run::accept, result -> finished(request, result), this::afterRun,
                this::recorded);
        status.set("Run: handing " + request.oldPrimary().id() + " → " + request.target().id());
    }

    private void finished(FailoverRequest request, RunEnd result) {
        outcome.show(request, result, run.freezeSpan(), run.positions(), Optional.of(freezeBudget));
        if (HandoverSession.verifies(switcher, result)) {
            outcome.awaitAfterRun();
        }
        run.note(outcome.headlineProperty().get(), levelOf(outcome));
        run.finish();
        switchover.busyProperty().set(false);
        switchover.targetIdProperty().set(null);
        switchover.resetMode();
        status.set(outcome.headlineProperty().get());
        cluster.refreshSoon();
    }

    /** The run's record is in: say where it went, debrief it, and list it in the history. */
    private void recorded(RunRecord record) {
        record.journalLine().ifPresent(line -> run.note(line, record.journalTrouble() ? LogLine.Level.WARN
                : LogLine.Level.INFO));
        if (band.simulated()) {
            // A drill is scored; a real run's outcome is its verified record, not a score.
            debrief.show(record.report(), Optional.of(freezeBudget));
            run.note("Debrief: score " + debrief.scoreProperty().get() + "/100, see the Debrief tab", LogLine.Level.INFO);
        }
        history.reload();
        if (record.report().outcome().degraded()) {
            // It needs a person's steps: listed for recovery now, as it will be at every start until acknowledged.
            recovery.load();
        }
    }

    /** What the backend read back after the commit: into the outcome (red when degraded) and the log. */
    private void afterRun(AfterRun a) {
        outcome.showAfterRun(a);
        for (AfterRunLine line : OutcomeViewModel.lines(a)) {
            run.note(line.text().strip().replaceAll(" {2,}", " "), switch (line.tone()) {
                case BAD -> LogLine.Level.BAD;
                case NOTE -> LogLine.Level.WARN;
                case HEADING, PLAIN -> LogLine.Level.INFO;
            });
        }
        if (a.degraded()) {
            run.note(outcome.headlineProperty().get(), LogLine.Level.BAD);
        }
        status.set(outcome.headlineProperty().get() + " · " + outcome.checkProperty().get());
        cluster.refreshSoon();
    }

    private static LogLine.Level levelOf(OutcomeViewModel o) {
        return switch (o.kindProperty().get()) {
            case ZERO_RPO -> LogLine.Level.GOOD;
            case ZERO_RPO_OVER_BUDGET, ABORTED, NOT_STARTED -> LogLine.Level.WARN;
            case FORCED, UNKNOWN, STILL_FROZEN, DEGRADED -> LogLine.Level.BAD;
            case NONE -> LogLine.Level.INFO;
        };
    }

    public void abort() {
        run.abort();
    }

    /** A bug escaped somewhere: say so in the window, keep the console running. Call on the FX thread. */
    public void reportUnexpected(Throwable e) {
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        notice.set("Unexpected error: " + what + ". The console keeps running; if a run was in progress, check the"
                + " outcome panel and the cluster table.");
    }

    /** Something the operator should know that is not about a run (a setting that could not be saved). */
    public void reportTrouble(String message) {
        notice.set(message);
    }

    public void dismissNotice() {
        notice.set("");
    }

    public ClusterViewModel cluster() {
        return cluster;
    }

    public SwitchoverViewModel switchover() {
        return switchover;
    }

    public RunViewModel run() {
        return run;
    }

    /** Schedule…: the countdown, its Cancel, and how the last schedule ended. */
    public ScheduleViewModel schedule() {
        return schedule;
    }

    public OutcomeViewModel outcome() {
        return outcome;
    }

    /** Which world the console is in: the band, the window's title, the cluster's name. */
    public WorldBand band() {
        return band;
    }

    public DrillViewModel drill() {
        return drill;
    }

    public FaultPanelViewModel faults() {
        return faults;
    }

    public DebriefViewModel debrief() {
        return debrief;
    }

    public HistoryViewModel history() {
        return history;
    }

    public RecoveryViewModel recovery() {
        return recovery;
    }

    public JournalSetting journal() {
        return journal;
    }

    /** A message to show in the window (an error, a refusal); empty when there is none. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
