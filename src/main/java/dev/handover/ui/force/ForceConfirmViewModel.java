package dev.handover.ui.force;

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
 * The force confirmation: the LSNs at stake in plain words (positions as the cluster writes them), a countdown of the decision window,
 * and Commit enabled only once the operator has typed the target's id. Answers exactly once.
 */
public final class ForceConfirmViewModel {
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
        this.prompt = prompt;
        this.positions = positions;
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

    /** The plain statement of the loss. */
    public String warning() {
        return "Committing now promotes " + targetId() + " at LSN " + reachedText() + ". The " + skippedText()
                + " after it (up to the frozen frontier " + frontierText() + ") were acknowledged to clients on "
                + prompt.request().oldPrimary().id() + " and will be LOST. Writes stay frozen until you decide.";
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
