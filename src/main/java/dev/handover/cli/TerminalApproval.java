package dev.handover.cli;

import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.ForceLossText;
import dev.handover.core.Durations;
import dev.handover.core.ForceApproval;
import dev.handover.core.ForceDecision;
import dev.handover.core.ForcePrompt;
import dev.handover.core.TransportException;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code run --mode force} on a terminal: at the force prompt the loss is stated (as the console's dialog states
 * it) and the person types the target's id to commit. Anything else typed, the end of input, or no answer within
 * the window declines, and writes resume. While the person reads, the freeze lease is renewed, as the console's
 * dialog renews it; a lease that cannot be renewed declines.
 */
final class TerminalApproval implements ForceApproval {
    static final Duration RENEW_EVERY = Duration.ofMillis(100);

    /** Renews the freeze while a person decides: the run's transport's lease renewal. */
    @FunctionalInterface
    interface KeepAlive {
        void renew() throws TransportException;
    }

    private final Terminal terminal;
    private final Duration window;
    private final KeepAlive keepAlive;
    private final Supplier<Duration> clusterClock;
    private final Function<ForcePrompt, ForceLoss> assess;
    private final Consumer<ForceLoss> seen;

    /**
     * @param clusterClock the run's elapsed time on the cluster's clock; the window runs on whichever of it and the
     *                     wall is ahead (a virtual clock stands still while a person reads)
     * @param assess       the loss at the prompt, bounded (writes are frozen)
     * @param seen         told the loss stated, for the timeline printed afterwards
     */
    TerminalApproval(Terminal terminal, Duration window, KeepAlive keepAlive, Supplier<Duration> clusterClock,
                     Function<ForcePrompt, ForceLoss> assess, Consumer<ForceLoss> seen) {
        this.terminal = terminal;
        this.window = window;
        this.keepAlive = keepAlive;
        this.clusterClock = clusterClock;
        this.assess = assess;
        this.seen = seen;
    }

    @Override
    public Duration window() {
        return window;
    }

    @Override
    public ForceDecision decide(ForcePrompt prompt) {
        String target = prompt.request().target().id();
        String primary = prompt.request().oldPrimary().id();
        ForceLoss loss = assess.apply(prompt);
        seen.accept(loss);
        PrintWriter w = terminal.writer();
        w.println();
        w.println("FORCE: " + target + " has not reached the frozen frontier. Committing now makes it the primary and loses:");
        ForceLossText.lines(loss).forEach(l -> w.println("  " + l));
        w.println("Writes are frozen on " + primary + " while you decide. Type " + target + " and Enter to hand over anyway;"
                + " anything else, or no answer within " + Durations.format(window) + ", declines and resumes writes.");
        w.print("Hand over to: ");
        w.flush();
        Duration askedOnCluster = clusterClock.get();
        long askedOnWall = System.nanoTime();
        try {
            while (true) {
                Duration used = max(clusterClock.get().minus(askedOnCluster), Duration.ofNanos(System.nanoTime() - askedOnWall));
                Duration left = window.minus(used);
                if (left.isNegative() || left.isZero()) {
                    say(w, "no answer within " + Durations.format(window) + ": declined, writes resume on " + primary + ".");
                    return ForceDecision.LAPSED;
                }
                Terminal.Answer a = terminal.readLine(left.compareTo(RENEW_EVERY) < 0 ? left : RENEW_EVERY);
                if (a instanceof Terminal.Answer.Typed typed) {
                    if (typed.line().strip().equals(target)) {
                        say(w, "approved: handing the primary role to " + target + ".");
                        return ForceDecision.APPROVE;
                    }
                    say(w, "\"" + typed.line().strip() + "\" is not " + target + ": declined, writes resume on " + primary + ".");
                    return ForceDecision.DECLINE;
                }
                if (a instanceof Terminal.Answer.Ended) {
                    say(w, "the input ended: declined, writes resume on " + primary + ".");
                    return ForceDecision.DECLINE;
                }
                keepAlive.renew(); // nothing typed yet
            }
        } catch (TransportException e) {
            say(w, "the freeze could not be kept while you decided (" + e.getMessage() + "): declined, writes resume on "
                    + primary + ".");
            return ForceDecision.DECLINE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            say(w, "interrupted: declined, writes resume on " + primary + ".");
            return ForceDecision.DECLINE;
        }
    }

    private static void say(PrintWriter w, String line) {
        w.println();
        w.println(line);
        w.flush();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
