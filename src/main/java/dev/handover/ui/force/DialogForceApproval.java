package dev.handover.ui.force;

import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.Positions;
import dev.handover.core.ForceApproval;
import dev.handover.core.ForceDecision;
import dev.handover.core.ForcePrompt;
import dev.handover.core.TransportException;
import dev.handover.ui.concurrent.FxRelay;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The coordinator's force-approval hook, answered by a person: the prompt goes over the relay to
 * the FX thread, and the coordinator thread waits on a future the dialog completes — never longer
 * than the window. No answer in time is {@link ForceDecision#LAPSED}, and the dialog is closed.
 *
 * <p>The window runs on whichever clock is ahead: the cluster's (the coordinator judges lateness by
 * it, and a simulation may run faster than the wall) or the wall's (a virtual clock stands still
 * while a person reads, yet the prompt must still end).
 *
 * <p>The coordinator renews the freeze lease only between polls, and a person takes longer than a
 * lease, so while waiting this hook keeps the freeze alive itself, on the coordinator thread, every
 * {@link #RENEW_EVERY}. If the lease cannot be renewed the frontier is no longer safe to commit
 * past: the answer is DECLINE and the reason goes to {@code notices}.
 */
public final class DialogForceApproval implements ForceApproval {
    static final Duration RENEW_EVERY = Duration.ofMillis(100);

    /** Keeps the freeze alive while the operator decides; the transport's lease renewal. */
    @FunctionalInterface
    public interface KeepAlive {
        KeepAlive NONE = () -> { };

        void renew() throws TransportException;
    }

    private final Duration window;
    private final FxRelay relay;
    private final ForcePromptPresenter presenter;
    private final KeepAlive keepAlive;
    private final Supplier<Duration> clusterClock;
    private final Consumer<String> notices;
    private final Function<ForcePrompt, ForceLoss> assess;

    /**
     * @param keepAlive    renews the freeze while waiting, on the coordinator thread
     * @param clusterClock the run's elapsed time on the cluster's clock (the transport's), read on the coordinator thread
     * @param notices      where a lost freeze is reported, on the FX thread
     */
    public DialogForceApproval(Duration window, FxRelay relay, ForcePromptPresenter presenter, KeepAlive keepAlive,
                               Supplier<Duration> clusterClock, Consumer<String> notices) {
        this(window, relay, presenter, keepAlive, clusterClock, notices, Positions.PLAIN);
    }

    /** @param positions how the run's cluster writes positions, for the figures the prompt shows */
    public DialogForceApproval(Duration window, FxRelay relay, ForcePromptPresenter presenter, KeepAlive keepAlive,
                               Supplier<Duration> clusterClock, Consumer<String> notices, Positions positions) {
        this(window, relay, presenter, keepAlive, clusterClock, notices,
                prompt -> ForceLoss.unassessed(prompt, java.util.Objects.requireNonNull(positions, "positions")));
    }

    /**
     * @param assess what committing at a prompt would lose (writes, bytes, time, a safer replica); called on the
     *               coordinator thread before the dialog shows, so it must be bounded (writes are frozen)
     */
    public DialogForceApproval(Duration window, FxRelay relay, ForcePromptPresenter presenter, KeepAlive keepAlive,
                               Supplier<Duration> clusterClock, Consumer<String> notices,
                               Function<ForcePrompt, ForceLoss> assess) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("force approval window must be positive, got " + window);
        }
        this.window = window;
        this.relay = relay;
        this.presenter = presenter;
        this.keepAlive = keepAlive;
        this.clusterClock = clusterClock;
        this.notices = notices;
        this.assess = java.util.Objects.requireNonNull(assess, "assess");
    }

    @Override
    public Duration window() {
        return window;
    }

    /** Called on the coordinator thread; blocks it, bounded by the window. */
    @Override
    public ForceDecision decide(ForcePrompt prompt) {
        CompletableFuture<ForceDecision> answer = new CompletableFuture<>();
        AtomicReference<Duration> remaining = new AtomicReference<>(window);
        ForceLoss loss = assess.apply(prompt);
        relay.run(() -> presenter.show(loss, remaining::get, answer::complete));
        Duration askedOnCluster = clusterClock.get();
        long askedOnWall = System.nanoTime();
        try {
            while (true) {
                Duration used = max(clusterClock.get().minus(askedOnCluster), Duration.ofNanos(System.nanoTime() - askedOnWall));
                Duration left = window.minus(used);
                remaining.set(left.isNegative() ? Duration.ZERO : left);
                if (left.isNegative() || left.isZero()) {
                    return ForceDecision.LAPSED;
                }
                try {
                    return answer.get(Math.min(left.toNanos(), RENEW_EVERY.toNanos()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException stillWaiting) {
                    keepAlive.renew();
                }
            }
        } catch (TransportException e) {
            String message = "The freeze could not be kept while you decided (" + e.getMessage()
                    + "), so the forced commit was declined; writes resume on "
                    + prompt.request().oldPrimary().id() + ".";
            relay.run(() -> notices.accept(message));
            return ForceDecision.DECLINE;
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

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
