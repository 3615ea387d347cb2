package dev.handover.ui.chart;

/**
 * Shrinks a long series to what a screen can show: the samples are split into pixel columns over
 * the visible x range, and each column keeps only its lowest and highest sample, in the order they
 * happened. Spikes and the overall shape survive; the point count stays at about two per column,
 * whether the run holds a thousand samples or sixty thousand. The newest sample is always kept so
 * the line ends where the target is now.
 */
public final class MinMaxDecimator {
    private MinMaxDecimator() {
    }

    /** Room {@link #decimate} needs in its output arrays for {@code columns} columns. */
    public static int capacity(int columns) {
        return 2 * columns + 1;
    }

    /**
     * Decimate the first {@code n} samples of {@code xs}/{@code ys} (xs ascending) into
     * {@code outX}/{@code outY}, over {@code columns} columns spanning {@code [x0, x1]}.
     *
     * @return how many points were written, at most {@link #capacity(int)}
     */
    public static int decimate(double[] xs, double[] ys, int n, double x0, double x1, int columns,
                               double[] outX, double[] outY) {
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be at least 1, got " + columns);
        }
        if (n <= 2 * columns) {
            System.arraycopy(xs, 0, outX, 0, n);
            System.arraycopy(ys, 0, outY, 0, n);
            return n;
        }
        double scale = x1 > x0 ? columns / (x1 - x0) : 0;
        int out = 0;
        int bucket = column(xs[0], x0, scale, columns);
        int minAt = 0;
        int maxAt = 0;
        for (int i = 1; i < n; i++) {
            int b = column(xs[i], x0, scale, columns);
            if (b != bucket) {
                out = emit(xs, ys, minAt, maxAt, outX, outY, out);
                bucket = b;
                minAt = i;
                maxAt = i;
            } else if (ys[i] < ys[minAt]) {
                minAt = i;
            } else if (ys[i] > ys[maxAt]) {
                maxAt = i;
            }
        }
        out = emit(xs, ys, minAt, maxAt, outX, outY, out);
        int last = n - 1;
        if (minAt != last && maxAt != last) {
            outX[out] = xs[last];
            outY[out] = ys[last];
            out++;
        }
        return out;
    }

    private static int column(double x, double x0, double scale, int columns) {
        int c = (int) ((x - x0) * scale);
        return Math.max(0, Math.min(columns - 1, c));
    }

    private static int emit(double[] xs, double[] ys, int minAt, int maxAt, double[] outX, double[] outY, int out) {
        int first = Math.min(minAt, maxAt);
        int second = Math.max(minAt, maxAt);
        outX[out] = xs[first];
        outY[out] = ys[first];
        out++;
        if (second != first) {
            outX[out] = xs[second];
            outY[out] = ys[second];
            out++;
        }
        return out;
    }
}
