package dev.handover.ui.force;

import dev.handover.core.ForceDecision;
import dev.handover.core.ForcePrompt;

import java.util.function.Consumer;

/** Shows the force confirmation on the FX thread; the real one is a modal dialog, tests may script it. */
public interface ForcePromptPresenter {

    /** Show {@code prompt}; call {@code answer} once with the operator's decision (or LAPSED when the countdown ends). */
    void show(ForcePrompt prompt, Consumer<ForceDecision> answer);

    /** Close whatever is showing: the coordinator stopped waiting. */
    void dismiss();
}
