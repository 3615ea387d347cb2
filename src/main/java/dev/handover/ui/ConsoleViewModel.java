package dev.handover.ui;

import dev.handover.core.Cancellation;
import dev.handover.core.FailoverRequest;
import dev.handover.ui.cluster.ClusterViewModel;
import dev.handover.ui.force.ForcePromptPresenter;
import dev.handover.ui.outcome.OutcomeViewModel;
import dev.handover.ui.run.HandoverSession;
import dev.handover.ui.run.LogLine;
import dev.handover.ui.run.RunResult;
import dev.handover.ui.run.RunViewModel;
import dev.handover.ui.switchover.SwitchoverPlan;
import dev.handover.ui.switchover.SwitchoverViewModel;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.Optional;

/**
 * The whole console without controls: the cluster feeds the form, Start hands the plan to a
 * session on the background executor, events feed the run, the result feeds the outcome and
 * brings a fresh status. Errors land in {@link #noticeProperty()}, never as a stack trace.
 */
public final class ConsoleViewModel {
    private final ConsoleContext context;
    private final ClusterViewModel cluster;
    private final SwitchoverViewModel switchover;
    private final RunViewModel run = new RunViewModel();
    private final OutcomeViewModel outcome = new OutcomeViewModel();
    private final HandoverSession session;
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Connecting…");

    public ConsoleViewModel(ConsoleContext context, ForcePromptPresenter forcePrompt) {
        this.context = context;
        this.cluster = new ClusterViewModel(context.connection(), context.executor(), context.relay());
        this.switchover = new SwitchoverViewModel(context.preflight());
        this.session = new HandoverSession(context.connection(), context.executor(), context.relay(),
                context.approvalWindow(), forcePrompt, context.observer(), context.journal(), notice::set);
        cluster.snapshotProperty().addListener((obs, was, s) -> switchover.update(s));
        cluster.errorProperty().addListener((obs, was, e) -> notice.set(e));
        cluster.lastRefreshProperty().addListener((obs, was, s) -> {
            if (!run.runningProperty().get()) {
                status.set("Ready · " + s);
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
    }

    /** Stop refreshing; a run in progress keeps going on its thread until it ends. */
    public void close() {
        cluster.stop();
    }

    /** Start pressed: run the plan the form holds, if it is valid. */
    public void startSwitchover() {
        Optional<SwitchoverPlan> plan = switchover.plan();
        if (plan.isEmpty()) {
            notice.set(switchover.blockedReasonProperty().get());
            return;
        }
        notice.set("");
        outcome.clear();
        switchover.busyProperty().set(true);
        FailoverRequest request = plan.get().request();
        Cancellation cancellation = new Cancellation();
        run.begin(plan.get(), cancellation);
        session.start(plan.get(), cancellation, run::accept, result -> finished(request, result),
                recorded -> run.note(recorded, recorded.startsWith("Recorded") ? LogLine.Level.INFO : LogLine.Level.WARN));
        status.set("Run: handing " + request.oldPrimary().id() + " → " + request.target().id());
    }

    private void finished(FailoverRequest request, RunResult result) {
        outcome.show(request, result, run.wasFrozen(), run.frozenFor());
        run.note(outcome.headlineProperty().get(), levelOf(outcome));
        run.finish();
        switchover.busyProperty().set(false);
        switchover.targetIdProperty().set(null);
        status.set(outcome.headlineProperty().get());
        cluster.refreshSoon();
    }

    private static LogLine.Level levelOf(OutcomeViewModel o) {
        return switch (o.kindProperty().get()) {
            case ZERO_RPO -> LogLine.Level.GOOD;
            case FORCED, ABORTED, NOT_STARTED -> LogLine.Level.WARN;
            case UNKNOWN, STILL_FROZEN -> LogLine.Level.BAD;
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

    public OutcomeViewModel outcome() {
        return outcome;
    }

    public String title() {
        return "Handover — " + context.connection().name();
    }

    /** A message to show in the window (an error, a refusal); empty when there is none. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
