package dev.handover.cli;

import dev.handover.cluster.Positions;
import dev.handover.core.Durations;
import dev.handover.core.HandoverEvent;
import dev.handover.core.HandoverListener;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * While writes are frozen, how the catch-up goes, so a person is never left watching a silent command: bytes (or
 * transactions) still to go, the target's apply rate, the ETA at that rate, and the deadline left. On a terminal one
 * line a second, redrawn in place ({@code \r}); elsewhere (a log, a pipe) a plain line every few seconds, none for a
 * freeze shorter than that. Figures come from the coordinator's own readings; paced by the wall clock, which a person
 * watches, read through {@code wallNanos} (a test steps it).
 */
final class FrozenProgress implements HandoverListener {
    static final Duration TERMINAL_EVERY = Duration.ofSeconds(1);
    static final Duration PLAIN_EVERY = Duration.ofSeconds(5);

    private final PrintWriter out;
    private final boolean terminal;
    private final String target;
    private final Duration deadline;
    private final Positions positions;
    private final LongSupplier wallNanos;

    private boolean frozen;
    private Duration frozenAt = Duration.ZERO;
    private long frozenAtWall;
    private long lastDrawnWall;
    private boolean drawnOnce;
    private int drawnWidth;
    private HandoverEvent.Polled previous;
    private double rate = -1; // positions a second, from the last two readings that moved in time; <0 unknown

    FrozenProgress(PrintWriter out, boolean terminal, String target, Duration deadline, Positions positions,
                   LongSupplier wallNanos) {
        this.out = out;
        this.terminal = terminal;
        this.target = target;
        this.deadline = deadline;
        this.positions = positions;
        this.wallNanos = wallNanos;
    }

    @Override
    public synchronized void on(HandoverEvent event) {
        if (event instanceof HandoverEvent.Frozen f) {
            frozen = true;
            frozenAt = f.at();
            frozenAtWall = wallNanos.getAsLong();
            return;
        }
        if (event instanceof HandoverEvent.Polled p) {
            if (frozen) {
                polled(p);
            }
            return;
        }
        // Anything else ends the waiting: the prompt, the commit, the abort. A drawn line is ended, not overwritten.
        if (frozen && terminal && drawnWidth > 0) {
            out.println();
            out.flush();
        }
        drawnWidth = 0;
        frozen = false;
    }

    private void polled(HandoverEvent.Polled p) {
        if (previous != null && p.at().compareTo(previous.at()) > 0) {
            double seconds = (p.at().toNanos() - previous.at().toNanos()) / 1e9;
            rate = Math.max(0, p.reachedLsn() - previous.reachedLsn()) / seconds;
        }
        previous = p;
        long now = wallNanos.getAsLong();
        Duration every = terminal ? TERMINAL_EVERY : PLAIN_EVERY;
        long since = drawnOnce ? now - lastDrawnWall : terminal ? every.toNanos() : now - frozenAtWall;
        if (since < every.toNanos()) {
            return;
        }
        drawnOnce = true;
        lastDrawnWall = now;
        String line = line(p);
        if (terminal) {
            // Redrawn in place; padded so a shorter line leaves nothing of the longer one before it.
            out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
            drawnWidth = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** {@code frozen 3.2s: pg2 1,234 bytes behind, applying 2,048 bytes/s, ETA about 0.6s, deadline left 6.8s}. */
    String line(HandoverEvent.Polled p) {
        long togo = Math.max(0, p.frontierLsn() - p.reachedLsn());
        String applying = rate < 0 ? "apply rate not yet known"
                : rate == 0 ? "applying nothing" : "applying " + positions.amount(Math.round(rate)) + "/s";
        String eta = togo == 0 ? "at the frontier" : rate > 0 ? "ETA about " + Durations.format(Duration.ofMillis(
                Math.round(togo / rate * 1000))) : "no ETA";
        Duration since = p.at().minus(frozenAt);
        Duration left = deadline.minus(since);
        return "  frozen " + Durations.format(Duration.ofMillis(since.toMillis())) + ": " + target + " "
                + positions.amount(togo) + " behind, " + applying + ", " + eta + ", deadline left "
                + Durations.format(Duration.ofMillis(Math.max(0, left.toMillis())));
    }
}
