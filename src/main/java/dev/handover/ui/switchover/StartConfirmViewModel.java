package dev.handover.ui.switchover;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The start confirmation without controls: Proceed is enabled only once the operator has typed the target's id
 * (on a real cluster, as the force dialog asks) and, when the preflight fails, a reason (kept in the run's
 * record). Answers exactly once: proceed with the reason, or cancel (nothing starts).
 */
public final class StartConfirmViewModel {
    private final StartConfirmation confirmation;
    private final Consumer<Optional<StartConfirmation.Answer>> answer;
    private final StringProperty typedId = new SimpleStringProperty("");
    private final StringProperty reason = new SimpleStringProperty("");
    private final BooleanProperty answered = new SimpleBooleanProperty(false);
    private final BooleanBinding proceedAllowed;

    public StartConfirmViewModel(StartConfirmation confirmation, Consumer<Optional<StartConfirmation.Answer>> answer) {
        this.confirmation = confirmation;
        this.answer = answer;
        proceedAllowed = Bindings.createBooleanBinding(() -> !answered.get()
                        && (!confirmation.realCluster() || confirmation.target().equals(trim(typedId.get())))
                        && (!confirmation.needsReason() || !trim(reason.get()).isEmpty()),
                typedId, reason, answered);
    }

    private static String trim(String s) {
        return s == null ? "" : s.strip();
    }

    public StartConfirmation confirmation() {
        return confirmation;
    }

    /** Proceed, if allowed: the run starts (with the reason when the preflight failed). */
    public void proceed() {
        if (!proceedAllowed.get()) {
            return;
        }
        answered.set(true);
        answer.accept(Optional.of(new StartConfirmation.Answer(confirmation.needsReason()
                ? Optional.of(trim(reason.get())) : Optional.empty())));
    }

    /** Cancel (or the window closed): nothing starts. */
    public void cancel() {
        if (answered.get()) {
            return;
        }
        answered.set(true);
        answer.accept(Optional.empty());
    }

    public StringProperty typedIdProperty() {
        return typedId;
    }

    public StringProperty reasonProperty() {
        return reason;
    }

    public BooleanBinding proceedAllowedProperty() {
        return proceedAllowed;
    }

    /** What the operator is asked to do, in one line. */
    public String instruction() {
        if (confirmation.realCluster() && confirmation.needsReason()) {
            return "Type " + confirmation.target() + " and the reason for running against a failing preflight to enable Proceed.";
        }
        if (confirmation.realCluster()) {
            return "Type " + confirmation.target() + " to enable Proceed.";
        }
        return "Type the reason for running against a failing preflight to enable Proceed.";
    }
}
