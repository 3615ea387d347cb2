package dev.handover.ui.switchover;

import java.util.Optional;
import java.util.function.Consumer;

/** Asks the operator to confirm a start; answers on the FX thread, empty when the operator cancelled. */
@FunctionalInterface
public interface StartConfirmer {
    void ask(StartConfirmation confirmation, Consumer<Optional<StartConfirmation.Answer>> answer);
}
