package dev.handover.ui.force;

import dev.handover.core.ForceDecision;
import dev.handover.core.ForcePrompt;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Shows the force confirmation on the FX thread; the real one is a modal dialog, tests may script it. */
public interface ForcePromptPresenter {

    /**
     * Show {@code prompt} and count down {@code remaining} (how much of the decision window is left,
     * safe to read on the FX thread); call {@code answer} once with the operator's decision, or
     * LAPSED when the countdown reaches zero.
     */
    void show(ForcePrompt prompt, Supplier<Duration> remaining, Consumer<ForceDecision> answer);

    /** Close whatever is showing: the coordinator stopped waiting. */
    void dismiss();
}
