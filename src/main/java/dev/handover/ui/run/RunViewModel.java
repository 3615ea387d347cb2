package dev.handover.ui.run;

import dev.handover.cluster.Positions;
import dev.handover.core.Cancellation;
import dev.handover.core.Durations;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FreezeSpan;
import dev.handover.core.HandoverEvent;
import dev.handover.ui.chart.CatchUpSeries;
import dev.handover.ui.switchover.SwitchoverPlan;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The run in progress: chart samples, share of the gap closed, elapsed against the deadline, the
 * event log, and the Abort button's state. Fed on the FX thread with batches of coordinator events.
 */
public final class RunViewModel {
    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    /** Poll readings are logged at most this often, so a fast poll loop does not drown the log. */
    private static final Duration POLL_LOG_EVERY = Duration.ofSeconds(1);

    private final CatchUpSeries series = new CatchUpSeries();
    private final ObservableList<LogLine> log = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper abortable = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("No run yet");
    private final ReadOnlyStringWrapper elapsedText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper phase = new ReadOnlyStringWrapper("Idle");

    private FailoverRequest request;
    private Positions positions = Positions.PLAIN;
    private Cancellation cancellation;
    private long startLsn;
    private long frontier = -1;
    /** This run's events so far, for the freeze's length: the same figure the record and the debrief give. */
    private final List<HandoverEvent> events = new ArrayList<>();
    private Duration lastPollLogged;
    private Duration lastAt = Duration.ZERO;

    /** A run was started: forget the last one. */
    public void begin(SwitchoverPlan plan, Cancellation runCancellation) {
        request = plan.request();
        // The cluster the operator planned on writes the run's positions (PostgreSQL: 0/4009D88).
        positions = plan.before().positions();
        cancellation = runCancellation;
        startLsn = request.targetFrontierHint();
        frontier = -1;
        events.clear();
        lastPollLogged = null;
        lastAt = Duration.ZERO;
        series.clear();
        series.setPositions(positions);
        series.setDeadline(request.mode().deadline());
        log.clear();
        running.set(true);
        abortable.set(true);
        progress.set(-1);
        // The checks before the freeze come first (write-rate sample, lock, preflight): "Freezing" only once they pass.
        progressText.set("Checking before freezing writes on " + request.oldPrimary().id() + "…");
        phase.set("Checking");
        elapsedText.set(elapsed());
        line(LocalTime.now(), "", "Start: hand " + request.oldPrimary().id() + " → " + request.target().id() + ", "
                + (request.mode().isForce() ? "Force, timeout " : "Coordinated, deadline ")
                + Durations.format(request.mode().deadline()) + ", poll every " + Durations.format(plan.pollInterval()),
                LogLine.Level.INFO);
    }

    /** A wait before the freeze, said as it began (the CLI prints the same line): the log is not silent there. */
    public void preFreeze(TimedStep t) {
        if (request == null) {
            return; // a step of a run this log has already forgotten
        }
        line(t.wall(), "", t.step().text(), LogLine.Level.INFO);
    }

    /** A batch of events, in order, from the coordinator thread via the relay. */
    public void accept(List<TimedEvent> batch) {
        for (TimedEvent t : batch) {
            apply(t);
        }
        elapsedText.set(elapsed());
    }

    private void apply(TimedEvent t) {
        HandoverEvent e = t.event();
        events.add(e);
        lastAt = e.at();
        if (e instanceof HandoverEvent.Frozen f) {
            frontier = f.frontierLsn();
            series.setFrontier(frontier);
            series.add(f.at(), startLsn);
            phase.set("Catching up");
            showProgress(startLsn);
        } else if (e instanceof HandoverEvent.Polled p) {
            series.add(p.at(), p.reachedLsn());
            showProgress(p.reachedLsn());
            boolean done = p.reachedLsn() >= p.frontierLsn();
            if (!done && lastPollLogged != null && p.at().minus(lastPollLogged).compareTo(POLL_LOG_EVERY) < 0) {
                return;
            }
            lastPollLogged = p.at();
        } else if (e instanceof HandoverEvent.AwaitingApproval) {
            phase.set("Awaiting your decision");
            abortable.set(false);
        } else if (e instanceof HandoverEvent.CommitStep) {
            phase.set("Committing");
            abortable.set(false);
        } else if (e instanceof HandoverEvent.Committed c) {
            series.add(c.at(), c.outcome().reachedLsn());
            showProgress(c.outcome().reachedLsn());
        }
        if (e.isTerminal()) {
            abortable.set(false);
            phase.set("Finished");
        }
        line(t.wall(), "+" + Durations.format(e.at()), EventText.describe(e, request.oldPrimary().id(),
                request.target().id(), positions), EventText.level(e));
    }

    private void showProgress(long reached) {
        if (frontier < 0) {
            return;
        }
        long gap = frontier - startLsn;
        double share = gap <= 0 ? 1.0 : Math.max(0, Math.min(1, (reached - startLsn) / (double) gap));
        progress.set(share);
        progressText.set(String.format(java.util.Locale.ROOT, "%.0f%% of the gap closed · %s at %s %s of %s", share * 100,
                request.target().id(), positions.noun(), positions.position(reached), positions.position(frontier)));
    }

    private String elapsed() {
        if (request == null) {
            return "";
        }
        String noun = request.mode().isForce() ? "timeout" : "deadline";
        return Durations.format(lastAt) + " of " + Durations.format(request.mode().deadline()) + " " + noun;
    }

    /** Forget the last run's chart, progress and log (another cluster now: they were the last one's). Not during a run. */
    public void reset() {
        if (running.get()) {
            return;
        }
        log.clear();
        events.clear();
        lastPollLogged = null;
        request = null;
        cancellation = null;
        frontier = -1;
        lastAt = Duration.ZERO;
        series.clear();
        progress.set(0);
        progressText.set("No run yet");
        elapsedText.set("");
        phase.set("Idle");
    }

    /**
     * The run ended (its result has arrived). One that never reached the coordinator (refused, vetoed) sent no terminal
     * event: without this its phase would go on saying "Checking" and the progress bar spinning.
     */
    public void finish() {
        running.set(false);
        abortable.set(false);
        if (events.isEmpty()) { // the coordinator never ran, so nothing was frozen
            phase.set("Not started");
            progress.set(0);
            progressText.set("Not started: nothing was frozen");
        } else if (events.stream().noneMatch(HandoverEvent::isTerminal)) { // broke off: the outcome says what is known
            phase.set("Ended");
            progress.set(0);
            progressText.set("Ended without a result: read the outcome");
        }
    }

    /** The operator pressed Abort: the coordinator resumes the old primary at its next step. */
    public void abort() {
        if (cancellation == null || !abortable.get()) {
            return;
        }
        abortable.set(false);
        if (cancellation.cancel()) {
            line(LocalTime.now(), "", "Abort requested: " + request.oldPrimary().id()
                    + " resumes writes at the coordinator's next step, nothing is committed", LogLine.Level.WARN);
        } else {
            line(LocalTime.now(), "", "Too late to abort: the commit had already begun", LogLine.Level.WARN);
        }
    }

    /** Add a line from outside the coordinator, e.g. the outcome or an error. */
    public void note(String text, LogLine.Level level) {
        line(LocalTime.now(), "", text, level);
    }

    /**
     * Lines go in by their wall time: a note from the FX thread (the outcome, a fault) and a batch of the
     * coordinator's events relayed a pulse later would otherwise show out of order. Equal times keep arrival order.
     */
    private void line(LocalTime wall, String at, String text, LogLine.Level level) {
        LogLine line = new LogLine(wall.format(CLOCK), at, text, level);
        int i = log.size();
        while (i > 0 && before(line.wall(), log.get(i - 1).wall())) {
            i--;
        }
        log.add(i, line);
    }

    /** Whether wall time {@code a} is earlier than {@code b}, reading a jump back of over 12 hours as midnight passing. */
    static boolean before(String a, String b) {
        LocalTime x = LocalTime.parse(a, CLOCK);
        LocalTime y = LocalTime.parse(b, CLOCK);
        return x.isBefore(y) && Duration.between(x, y).compareTo(Duration.ofHours(12)) < 0;
    }

    /** {@code lines} as copied: wall time, time into the run, text, one a line. */
    public static String text(List<LogLine> lines) {
        StringBuilder out = new StringBuilder();
        for (LogLine l : lines) {
            out.append(l.wall()).append("  ").append(l.at().isEmpty() ? "" : l.at() + "  ").append(l.text()).append('\n');
        }
        return out.toString();
    }

    /** How long writes were frozen in this run (so far), computed as everywhere else: {@link FreezeSpan#of}. */
    public FreezeSpan freezeSpan() {
        return FreezeSpan.of(events);
    }

    public Optional<FailoverRequest> request() {
        return Optional.ofNullable(request);
    }

    /** How the current (or last) run's cluster writes positions. */
    public Positions positions() {
        return positions;
    }

    public CatchUpSeries series() {
        return series;
    }

    public ObservableList<LogLine> log() {
        return log;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty abortableProperty() {
        return abortable.getReadOnlyProperty();
    }

    /** Share of the gap closed, 0..1; -1 (indeterminate) before the frontier is known. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty elapsedTextProperty() {
        return elapsedText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty phaseProperty() {
        return phase.getReadOnlyProperty();
    }
}
