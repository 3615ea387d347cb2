package dev.handover.ui.chart;

import dev.handover.cluster.Positions;

import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * What the catch-up chart draws: the target's durable LSN against elapsed seconds, the frozen
 * frontier and the deadline. Plain arrays that only grow, confined to the FX thread; the chart
 * looks at {@link #version()} once a pulse and redraws only when it moved.
 */
public final class CatchUpSeries {
    private double[] seconds = new double[1024];
    private double[] lsn = new double[1024];
    private int size;
    private long frontier = -1;
    private Duration deadline = Duration.ZERO;
    private Positions positions = Positions.PLAIN;
    private long version;
    private long generation; // bumped when samples are taken away, so a reader knows to start over

    /** One reading of the target's durable frontier, {@code at} into the run. Times never go back. */
    public void add(Duration at, long reachedLsn) {
        add(at.toNanos() / 1e9, reachedLsn);
    }

    public void add(double atSeconds, double reachedLsn) {
        if (size == seconds.length) {
            seconds = Arrays.copyOf(seconds, size * 2);
            lsn = Arrays.copyOf(lsn, size * 2);
        }
        double last = size == 0 ? atSeconds : seconds[size - 1];
        seconds[size] = Math.max(atSeconds, last);
        lsn[size] = reachedLsn;
        size++;
        version++;
    }

    public void setFrontier(long frontierLsn) {
        frontier = frontierLsn;
        version++;
    }

    public void setDeadline(Duration d) {
        deadline = d;
        version++;
    }

    /** How the run's cluster writes positions: the chart labels its LSN axis so. Kept across {@link #clear()}. */
    public void setPositions(Positions p) {
        if (p != positions) {
            positions = java.util.Objects.requireNonNull(p, "positions");
            version++;
        }
    }

    public Positions positions() {
        return positions;
    }

    public void clear() {
        size = 0;
        generation++;
        frontier = -1;
        deadline = Duration.ZERO;
        version++;
    }

    public OptionalLong frontier() {
        return frontier < 0 ? OptionalLong.empty() : OptionalLong.of(frontier);
    }

    public Duration deadline() {
        return deadline;
    }

    public int size() {
        return size;
    }

    /** Seconds of each sample; only the first {@link #size()} entries count. */
    double[] seconds() {
        return seconds;
    }

    double[] lsn() {
        return lsn;
    }

    public double lastSeconds() {
        return size == 0 ? 0 : seconds[size - 1];
    }

    public double lastLsn() {
        return size == 0 ? 0 : lsn[size - 1];
    }

    public double firstLsn() {
        return size == 0 ? 0 : lsn[0];
    }

    /** Bumped on {@link #clear()}: samples before it are gone, not merely followed by new ones. */
    long generation() {
        return generation;
    }

    /** Bumped on every change. */
    public long version() {
        return version;
    }
}
