package dev.handover.ui.force;

import dev.handover.core.ForceApproval;
import dev.handover.core.ForceDecision;
import dev.handover.core.ForcePrompt;
import dev.handover.ui.concurrent.FxRelay;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The coordinator's force-approval hook, answered by a person: the prompt goes over the relay to
 * the FX thread, and the coordinator thread waits on a future the dialog completes — never longer
 * than the window. No answer in time is {@link ForceDecision#LAPSED}, and the dialog is closed.
 */
public final class DialogForceApproval implements ForceApproval {
    private final Duration window;
    private final FxRelay relay;
    private final ForcePromptPresenter presenter;

    public DialogForceApproval(Duration window, FxRelay relay, ForcePromptPresenter presenter) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("force approval window must be positive, got " + window);
        }
        this.window = window;
        this.relay = relay;
        this.presenter = presenter;
    }

    @Override
    public Duration window() {
        return window;
    }

    /** Called on the coordinator thread; blocks it, bounded by the window. */
    @Override
    public ForceDecision decide(ForcePrompt prompt) {
        CompletableFuture<ForceDecision> answer = new CompletableFuture<>();
        relay.run(() -> presenter.show(prompt, answer::complete));
        try {
            return answer.get(window.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return ForceDecision.LAPSED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ForceDecision.LAPSED;
        } catch (ExecutionException e) {
            return ForceDecision.DECLINE;
        } finally {
            answer.complete(ForceDecision.LAPSED);
            relay.run(presenter::dismiss);
        }
    }
}
