package dev.handover.ui.training;

import dev.handover.journal.Result;
import dev.handover.cluster.Positions;
import dev.handover.core.Durations;
import dev.handover.journal.RunReport;
import dev.handover.training.Debrief;
import dev.handover.training.TimelineEntry;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/**
 * A drill's debrief laid out for the window: score and result, how long writes were frozen, writes
 * lost, the target and mode verdicts, the force prompt's timing, the reasons behind the score and the
 * timeline. Built from the run's record ({@link Debrief#of(RunReport)}), so a past run reads the same.
 */
public final class DebriefViewModel {
    /** A score at or above this reads as good, below {@link #WARN_BELOW} as bad. */
    static final int GOOD_FROM = 85;
    static final int WARN_BELOW = 50;

    private final ReadOnlyBooleanWrapper present = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyIntegerWrapper score = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("No drill debriefed yet");
    private final ReadOnlyStringWrapper grade = new ReadOnlyStringWrapper("none");
    private final ReadOnlyStringWrapper frozen = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lost = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper target = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper mode = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper prompt = new ReadOnlyStringWrapper("");
    private final ObservableList<String> reasons = FXCollections.observableArrayList();
    private final ObservableList<String> timeline = FXCollections.observableArrayList();
    private final java.util.function.Function<String, Positions> positionsOf;

    /** @param positionsOf how a run recorded on the cluster so named writes positions (the registry's answer) */
    public DebriefViewModel(java.util.function.Function<String, Positions> positionsOf) {
        this.positionsOf = positionsOf;
    }

    /**
     * Show the debrief of {@code record}, with the faults it holds (a simulated run's, from the fault panel or the
     * scenario) woven into its timeline so the trainee sees what hit the run and when; returns it.
     */
    public Debrief show(RunReport record) {
        return show(record, java.util.Optional.empty());
    }

    /**
     * The same, the freeze judged against the budget the run's outcome was judged against: the debrief and the
     * outcome agree on whether the freeze was too long.
     */
    public Debrief show(RunReport record, java.util.Optional<java.time.Duration> freezeBudget) {
        Debrief d = Debrief.of(record, positionsOf.apply(record.run().cluster()), freezeBudget);
        // Only a simulation records invariants; a run on a real cluster (a History replay) is a verified record, not a drill.
        boolean drill = record.invariants() != null;
        present.set(true);
        score.set(drill ? d.score() : 0);
        headline.set((drill ? "Score " + d.score() + "/" + Debrief.FULL_SCORE : "Real cluster, not scored") + " · " + d.result()
                + " · " + record.request().oldPrimary() + " → " + record.request().target() + " (" + record.request().mode() + ")");
        grade.set(!drill ? "none" : d.score() >= GOOD_FROM ? "good" : d.score() < WARN_BELOW ? "bad" : "warn");
        frozen.set(d.writesFrozen().text() + (d.writesLeftFrozen() ? " — AND LEFT FROZEN" : ""));
        lost.set(d.lostWrites().map(n -> n + (n == 1 ? " acknowledged write" : " acknowledged writes")
                + (d.skippedLsn() > 0 && d.result() == Result.FORCED /* only a forced handover skips; an abort's gap was never committed past */ ? " (" + d.skippedText() + " skipped)" : ""))
                .orElse("not counted on a real cluster; " + d.skippedText() + " skipped"));
        target.set(d.target().verdict());
        mode.set(d.mode().verdict());
        prompt.set(d.forcePrompt().map(p -> p.decision() + " after " + Durations.format(p.took()) + " of "
                + Durations.format(p.window())).orElse("not opened"));
        reasons.setAll(!drill ? List.of("A run on a real cluster is a verified record, not a drill: its checks and steps are "
                + "in its outcome and report, and it is not scored.")
                : d.deductions().isEmpty()
                ? List.of("Full marks: the best target, coordinated, zero RPO, writes frozen only briefly.")
                : d.reasons());
        timeline.setAll(d.timeline().stream().map(DebriefViewModel::line).toList());
        return d;
    }

    public void clear() {
        present.set(false);
        score.set(0);
        headline.set("No drill debriefed yet");
        grade.set("none");
        frozen.set("");
        lost.set("");
        target.set("");
        mode.set("");
        prompt.set("");
        reasons.clear();
        timeline.clear();
    }

    static String line(TimelineEntry t) {
        return String.format("%-9s %s", "+" + Durations.format(t.at()), t.text());
    }

    public ReadOnlyBooleanProperty presentProperty() {
        return present.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty scoreProperty() {
        return score.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    /** good, warn, bad, or none: the score's colour. */
    public ReadOnlyStringProperty gradeProperty() {
        return grade.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty frozenProperty() {
        return frozen.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lostProperty() {
        return lost.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty targetProperty() {
        return target.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modeProperty() {
        return mode.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty promptProperty() {
        return prompt.getReadOnlyProperty();
    }

    public ObservableList<String> reasons() {
        return reasons;
    }

    public ObservableList<String> timeline() {
        return timeline;
    }
}
