package dev.handover.ui.force;

import dev.handover.cluster.ForceLoss;
import dev.handover.core.ForceDecision;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Shows the force confirmation on the FX thread; the real one is a modal dialog, tests may script it. */
public interface ForcePromptPresenter {

    /**
     * Show the prompt with what committing would lose ({@code loss}: writes, bytes, time, a safer replica;
     * positions worded as the run's cluster writes them), and count down
     * {@code remaining} (how much of the decision window is left, safe to read on the FX thread); call
     * {@code answer} once with the operator's decision, or LAPSED when the countdown reaches zero.
     */
    void show(ForceLoss loss, Supplier<Duration> remaining, Consumer<ForceDecision> answer);

    /** Close whatever is showing: the coordinator stopped waiting. */
    void dismiss();
}
