package dev.handover.ui.switchover;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.core.Durations;
import dev.handover.core.FailoverRequest;
import dev.handover.journal.Journal;
import dev.handover.journal.ScheduleBook;
import dev.handover.run.FireTime;
import dev.handover.run.ScheduledRun;
import dev.handover.run.ScheduledRun.Firing;
import dev.handover.ui.concurrent.BackgroundExecutor;
import dev.handover.ui.concurrent.FxRelay;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The console's Schedule…: the form's plan held until a time, in the same schedule book as {@code handover run --at}
 * (beside the console's journal). A countdown ticks once a second on the FX thread (a {@link Timeline}); each tick
 * reads the book on the background executor, so a {@code handover cancel} from a terminal is seen. At the time the
 * cluster is read again and {@link ScheduledRun} decides, off the FX thread: a changed cluster is refused (the book
 * says refused, every difference is named, nothing is frozen); the plan as made is fired (the book says fired) and
 * handed to the same start as the Start button. A console schedule lives with the console: closing it cancels.
 */
public final class ScheduleViewModel {
    /** How often the countdown ticks and the book is read. */
    public static final Duration TICK = Duration.ofSeconds(1);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm:ss zzz", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss zzz", Locale.ROOT);

    private final ClusterConnection cluster;
    private final BackgroundExecutor executor;
    private final FxRelay relay;
    private final Supplier<Optional<Journal>> journal;
    private final Consumer<SwitchoverPlan> start;
    private Clock clock = Clock.systemDefaultZone();
    private Timeline timeline;
    /** The schedule waiting, on the FX thread; null when none. */
    private Pending pending;
    private final ReadOnlyBooleanWrapper waiting = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper firing = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper countdown = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper resultBad = new ReadOnlyBooleanWrapper(false);

    private static final class Pending {
        final ScheduleBook book;
        final ScheduleBook.Entry entry;
        final SwitchoverPlan plan;
        boolean reading;

        Pending(ScheduleBook book, ScheduleBook.Entry entry, SwitchoverPlan plan) {
            this.book = book;
            this.entry = entry;
            this.plan = plan;
        }
    }

    /**
     * @param cluster the console's cluster (read again at firing)
     * @param journal the console's journal setting: the book is the one beside it
     * @param start   what Start does with a plan: the fired schedule's run starts there
     */
    public ScheduleViewModel(ClusterConnection cluster, BackgroundExecutor executor, FxRelay relay,
                             Supplier<Optional<Journal>> journal, Consumer<SwitchoverPlan> start) {
        this.cluster = cluster;
        this.executor = executor;
        this.relay = relay;
        this.journal = journal;
        this.start = start;
    }

    /** The clock the countdown and the time field read: the machine's, or a test's (set before scheduling). */
    public void setClock(Clock c) {
        clock = c;
    }

    public Clock clock() {
        return clock;
    }

    /** What the time field says, read as {@code run --at} reads it: when it fires, or why it cannot. */
    public record Preview(Optional<Instant> fireAt, String text) {
    }

    public Preview preview(String text) {
        if (text == null || text.isBlank()) {
            return new Preview(Optional.empty(), "Give a time: 18:30 (today), tomorrow 07:00 or 2026-12-01T17:30:00Z");
        }
        try {
            Instant at = FireTime.parse(text, clock);
            return new Preview(Optional.of(at), "Fires " + WHEN.format(at.atZone(clock.getZone())) + ", in "
                    + hms(Duration.between(clock.instant(), at)));
        } catch (FireTime.Invalid e) {
            return new Preview(Optional.empty(), e.getMessage());
        }
    }

    /** A time to offer in the field: five minutes from now, to the next whole minute. */
    public String suggestedTime() {
        java.time.ZonedDateTime now = clock.instant().atZone(clock.getZone());
        java.time.ZonedDateTime at = now.plusMinutes(6).withSecond(0).withNano(0);
        String hhmm = String.format(Locale.ROOT, "%02d:%02d", at.getHour(), at.getMinute());
        return at.toLocalDate().equals(now.toLocalDate()) ? hhmm : "tomorrow " + hhmm;
    }

    /** Where the book is written, or empty when the console records nothing (then nothing can be scheduled). */
    public Optional<java.nio.file.Path> bookFile() {
        return journal.get().map(j -> ScheduleBook.of(j).file());
    }

    /**
     * Holds {@code plan} until {@code fireAt}: the form locks at once, the book is written off the FX thread, then
     * the countdown starts. Call on the FX thread.
     */
    public void schedule(SwitchoverPlan plan, Instant fireAt) {
        if (waiting.get()) {
            return;
        }
        Optional<Journal> j = journal.get();
        if (j.isEmpty()) {
            say("Nothing was scheduled: runs are not recorded here (no journal), and a schedule is written in the "
                    + "schedule book beside the journal", true);
            return;
        }
        ScheduleBook book = ScheduleBook.of(j.get());
        FailoverRequest req = plan.request();
        waiting.set(true);
        say("", false);
        countdown.set(req.target().id() + ": writing the schedule…");
        detail.set("");
        String clusterName = cluster.name();
        executor.execute(() -> {
            try {
                ScheduleBook.Entry e = ScheduledRun.write(book, fireAt, clusterName, req, plan.requester());
                relay.run(() -> began(new Pending(book, e, plan)));
            } catch (IOException | RuntimeException ex) {
                relay.run(() -> {
                    stop();
                    say("Nothing was scheduled: the schedule book " + book.file() + " could not be written ("
                            + ex.getMessage() + ")", true);
                });
            }
        });
    }

    private void began(Pending p) {
        pending = p;
        FailoverRequest req = p.plan.request();
        detail.set(p.entry.id() + " · fires " + WHEN.format(p.entry.fireAt().atZone(clock.getZone())) + " · "
                + req.oldPrimary().id() + " → " + req.target().id() + ", " + modeText(p.plan) + "\n"
                + "Cancel here, or in a terminal: handover cancel " + p.entry.id() + " --journal "
                + p.book.file().getParent() + ". Closing the console cancels it.");
        timeline = new Timeline(new KeyFrame(javafx.util.Duration.millis(TICK.toMillis()), e -> tick()));
        timeline.setCycleCount(Animation.INDEFINITE);
        timeline.play();
        tick();
    }

    /** One tick, on the FX thread: the countdown, a read of the book off it, or the firing when the time has come. */
    public void tick() {
        Pending p = pending;
        if (p == null || firing.get()) {
            return;
        }
        Duration left = Duration.between(clock.instant(), p.entry.fireAt());
        if (left.isNegative() || left.isZero()) {
            fire(p);
            return;
        }
        countdown.set(p.plan.request().target().id() + " in " + hms(left));
        if (!p.reading) {
            p.reading = true;
            executor.execute(() -> {
                Optional<ScheduleBook.Entry> ended;
                try {
                    ended = p.book.find(p.entry.id()).flatMap(ScheduleBook.Schedule::ended);
                } catch (IOException | RuntimeException e) {
                    ended = Optional.empty(); // read again at the next tick
                }
                Optional<ScheduleBook.Entry> seen = ended;
                relay.run(() -> {
                    p.reading = false;
                    if (pending == p && !firing.get()) {
                        seen.ifPresent(e -> endedElsewhere(p, e));
                    }
                });
            });
        }
    }

    private void endedElsewhere(Pending p, ScheduleBook.Entry e) {
        stop();
        say("Schedule " + p.entry.id() + " (" + p.plan.request().target().id() + ") was " + e.kind()
                + " from elsewhere by " + e.operator() + " at " + at(e.at())
                + (e.note() == null ? "" : " (" + e.note() + ")") + ": nothing was run", true);
        countdown.set(p.plan.request().target().id() + ": " + e.kind() + " from elsewhere");
    }

    /** The time has come: read the cluster and check the plan off the FX thread; fire or refuse. */
    private void fire(Pending p) {
        firing.set(true);
        FailoverRequest req = p.plan.request();
        countdown.set(req.target().id() + ": firing — checking the cluster…");
        executor.execute(() -> {
            try {
                Firing firing = ScheduledRun.fire(p.book, p.entry, cluster, req, p.plan.freezeBudget(),
                        "the cluster as planned: running (console)");
                if (firing instanceof Firing.EndedElsewhere ended) {
                    relay.run(() -> endedElsewhere(p, ended.ended()));
                    return;
                }
                if (firing instanceof Firing.Refused refused) {
                    relay.run(() -> {
                        stop();
                        countdown.set(req.target().id() + ": refused at firing");
                        say("REFUSED at firing: schedule " + p.entry.id() + " (" + req.oldPrimary().id() + " → "
                                + req.target().id() + ") did not run, the cluster is not the one planned on: "
                                + String.join("; ", refused.changed()) + ". Nothing was frozen.", true);
                    });
                    return;
                }
                ClusterSnapshot now = ((Firing.Fired) firing).now();
                SwitchoverPlan fresh = new SwitchoverPlan(req, p.plan.pollInterval(), now, p.plan.freezeBudget());
                relay.run(() -> {
                    stop();
                    say("Schedule " + p.entry.id() + " fired at " + at(clock.instant())
                            + ": the cluster is as planned, handing " + req.oldPrimary().id() + " → " + req.target().id(), false);
                    start.accept(fresh);
                });
            } catch (IOException | RuntimeException e) {
                relay.run(() -> {
                    stop();
                    say("Schedule " + p.entry.id() + " did not run: the schedule book " + p.book.file()
                            + " could not be read or written (" + e.getMessage() + "). Nothing was frozen.", true);
                });
            }
        });
    }

    /** Cancel pressed: the countdown stops at once, the cancel line is written off the FX thread. */
    public void cancel() {
        Pending p = pending;
        if (p == null || firing.get()) {
            return;
        }
        stop();
        countdown.set("");
        executor.execute(() -> {
            try {
                p.book.end(p.entry.id(), ScheduleBook.Entry.CANCELLED, "cancelled in the console");
                relay.run(() -> say("Cancelled " + p.entry.id() + " (" + p.plan.request().target().id() + "): nothing was run",
                        false));
            } catch (IOException | RuntimeException e) {
                relay.run(() -> say("Stopped " + p.entry.id() + " here, but the cancel could not be written in "
                        + p.book.file() + " (" + e.getMessage() + "): it still reads as pending there; end it with "
                        + "handover cancel " + p.entry.id(), true));
            }
        });
    }

    /**
     * The console is closing (or switching cluster): a schedule still waiting is cancelled, the line written before
     * this returns. Returns the id cancelled, if any. Call on the FX thread.
     */
    public Optional<String> cancelBecause(String why) {
        Pending p = pending;
        if (p == null || firing.get()) {
            return Optional.empty();
        }
        stop();
        countdown.set("");
        try {
            p.book.end(p.entry.id(), ScheduleBook.Entry.CANCELLED, why);
            say("Cancelled " + p.entry.id() + ": " + why + "; nothing was run", true);
        } catch (IOException | RuntimeException e) {
            say("Stopped " + p.entry.id() + " (" + why + "), but the cancel could not be written in " + p.book.file()
                    + "; end it with handover cancel " + p.entry.id(), true);
        }
        return Optional.of(p.entry.id());
    }

    /** The waiting schedule in words, for the close confirmation; empty when none waits. */
    public Optional<String> waitingText() {
        Pending p = pending;
        return p == null ? Optional.empty() : Optional.of(p.entry.id() + " (" + p.plan.request().oldPrimary().id() + " → "
                + p.plan.request().target().id() + ", fires " + WHEN.format(p.entry.fireAt().atZone(clock.getZone())) + ")");
    }

    /** The id of the schedule waiting, if one is. */
    public Optional<String> waitingId() {
        return Optional.ofNullable(pending).map(p -> p.entry.id());
    }

    private String at(Instant i) {
        return i == null ? "an unknown time" : TIME.format(i.atZone(clock.getZone()));
    }

    private void stop() {
        if (timeline != null) {
            timeline.stop();
            timeline = null;
        }
        pending = null;
        firing.set(false);
        waiting.set(false);
        detail.set("");
    }

    private void say(String text, boolean bad) {
        resultBad.set(bad);
        result.set(text);
    }

    /** Clears the last schedule's result line (a new run, a scenario switch). */
    public void clearResult() {
        say("", false);
    }

    static String modeText(SwitchoverPlan plan) {
        return (plan.request().mode().isForce() ? "force, timeout " : "coordinated, deadline ")
                + Durations.format(plan.request().mode().deadline()) + ", freeze budget " + Durations.format(plan.freezeBudget());
    }

    /** {@code 00:04:59}: whole seconds rounded up, so it reads 00:00:01 in its last second and fires at zero. */
    static String hms(Duration d) {
        long s = Math.max(0, (d.toMillis() + 999) / 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    /** True while a schedule waits (or is being written or fired): Start is disabled and the form locked. */
    public ReadOnlyBooleanProperty waitingProperty() {
        return waiting.getReadOnlyProperty();
    }

    /** True while the firing check runs: Cancel can no longer stop it. */
    public ReadOnlyBooleanProperty firingProperty() {
        return firing.getReadOnlyProperty();
    }

    /** {@code n2 in 00:04:59}. */
    public ReadOnlyStringProperty countdownProperty() {
        return countdown.getReadOnlyProperty();
    }

    /** The schedule's id, time, plan and how to cancel it. */
    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** How the last schedule ended (cancelled, cancelled from elsewhere, refused, fired); empty before. */
    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** The result is bad news (refused, cancelled from elsewhere, a book that could not be written). */
    public ReadOnlyBooleanProperty resultBadProperty() {
        return resultBad.getReadOnlyProperty();
    }
}
