package dev.handover.ui.force;

import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.ForceLossText;
import dev.handover.cluster.Positions;
import dev.handover.core.Durations;
import dev.handover.core.ForceDecision;
import dev.handover.core.ForcePrompt;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The force confirmation: first what a DBA weighs — the acknowledged writes that will be lost (counted, or
 * estimated and how), their size and how many seconds of writes they are, and a safer replica if one holds
 * more — then the positions as the cluster writes them, a countdown of the decision window, and Commit
 * enabled only once the operator has typed the target's id. Answers exactly once.
 */
public final class ForceConfirmViewModel {
    private final ForceLoss loss;
    private final ForcePrompt prompt;
    private final Positions positions;
    private final Consumer<ForceDecision> answer;
    private final StringProperty typedId = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper countdown = new ReadOnlyStringWrapper();
    private final ReadOnlyDoubleWrapper remainingShare = new ReadOnlyDoubleWrapper(1);
    private final ReadOnlyBooleanWrapper answered = new ReadOnlyBooleanWrapper(false);
    private final BooleanBinding commitAllowed;

    public ForceConfirmViewModel(ForcePrompt prompt, Consumer<ForceDecision> answer) {
        this(prompt, Positions.PLAIN, answer);
    }

    public ForceConfirmViewModel(ForcePrompt prompt, Positions positions, Consumer<ForceDecision> answer) {
        this(ForceLoss.unassessed(prompt, positions), answer);
    }

    public ForceConfirmViewModel(ForceLoss loss, Consumer<ForceDecision> answer) {
        this.loss = loss;
        this.prompt = loss.prompt();
        this.positions = loss.positions();
        this.answer = answer;
        String target = targetId();
        commitAllowed = Bindings.createBooleanBinding(
                () -> !answered.get() && typedId.get() != null && typedId.get().trim().equals(target), typedId, answered);
        tick(prompt.window());
    }

    public String targetId() {
        return prompt.request().target().id();
    }

    public String title() {
        return "Force handover to " + targetId() + "?";
    }

    public String frontierText() {
        return positions.position(prompt.frontierLsn());
    }

    public String reachedText() {
        return positions.position(prompt.reachedLsn());
    }

    public String skippedText() {
        return positions.amount(prompt.skippedLsn());
    }

    /**
     * The headline: {@code 85 committed transactions will be lost} (counted), {@code between 60 and 110 ...}
     * (an estimate, whose basis follows), or that it is not known.
     */
    public String lostWritesText() {
        return capitalise(ForceLossText.writes(loss));
    }

    /** How the headline figure was made: how it was counted, or {@code Estimate, basis: ...}. */
    public String lostWritesBasis() {
        return capitalise(ForceLossText.writesBasis(loss));
    }

    /** {@code 3.9 MB (4,108,463 bytes)}. */
    public String lostSizeText() {
        return ForceLossText.size(loss);
    }

    /** The span of the lost commits' times, or the lost transactions at the rate before the freeze; never bytes at a byte rate. */
    public String lostTimeText() {
        return ForceLossText.time(loss);
    }

    /** The safer way out ("Decline, then run coordinated to n3: ..."), or empty when no replica holds more. */
    public String alternativeText() {
        return ForceLossText.alternative(loss).orElse("");
    }

    /** The plain statement of the loss. */
    public String warning() {
        return "Committing now promotes " + targetId() + " at " + positions.noun() + " " + reachedText() + ". The " + skippedText()
                + " after it (up to the frozen frontier " + frontierText() + ") were acknowledged to clients on "
                + prompt.request().oldPrimary().id() + " and will be LOST. Writes stay frozen until you decide.";
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public String instruction() {
        return "Type " + targetId() + " to enable Commit. Decline resumes writes on "
                + prompt.request().oldPrimary().id() + " and commits nothing.";
    }

    /** The countdown moved: {@code remaining} of the window is left. At zero the prompt lapses. */
    public void tick(Duration remaining) {
        Duration left = remaining.isNegative() ? Duration.ZERO : remaining;
        long seconds = (left.toMillis() + 999) / 1000;
        countdown.set(seconds + " s left to decide (of " + Durations.format(prompt.window()) + ")");
        remainingShare.set(Math.min(1, left.toNanos() / (double) prompt.window().toNanos()));
        if (left.isZero()) {
            decide(ForceDecision.LAPSED);
        }
    }

    public void commit() {
        if (commitAllowed.get()) {
            decide(ForceDecision.APPROVE);
        }
    }

    public void decline() {
        decide(ForceDecision.DECLINE);
    }

    private void decide(ForceDecision decision) {
        if (!answered.get()) {
            answered.set(true);
            answer.accept(decision);
        }
    }

    public StringProperty typedIdProperty() {
        return typedId;
    }

    public BooleanBinding commitAllowedProperty() {
        return commitAllowed;
    }

    public ReadOnlyStringProperty countdownProperty() {
        return countdown.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty remainingShareProperty() {
        return remainingShare.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty answeredProperty() {
        return answered.getReadOnlyProperty();
    }
}
