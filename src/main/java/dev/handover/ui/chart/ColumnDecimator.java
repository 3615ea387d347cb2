package dev.handover.ui.chart;

import java.util.Arrays;

/**
 * {@link MinMaxDecimator} for a series that only grows, kept up to date instead of redone: it remembers
 * each pixel column's lowest and highest sample and folds in only the samples added since the last
 * call, so a pulse costs the new samples plus one pass over the columns, not the whole run. Its output
 * is exactly {@link MinMaxDecimator#decimate}'s. It starts over when the range, the column count or
 * the series changes or is cleared.
 */
final class ColumnDecimator {
    private Object series;
    private long generation;
    private double x0 = Double.NaN;
    private double x1 = Double.NaN;
    private int columns = -1;
    private int folded;        // samples folded in so far
    private int[] minAt = new int[0];
    private int[] maxAt = new int[0];
    private int lastColumn = -1;

    /**
     * Decimate the first {@code n} samples of {@code xs}/{@code ys} (xs ascending) of {@code series},
     * whose samples were last taken away at {@code generation}, into {@code outX}/{@code outY}, over {@code columns} columns spanning {@code [x0, x1]}.
     *
     * @return how many points were written, at most {@link MinMaxDecimator#capacity(int)}
     */
    int decimate(Object series, long generation, double[] xs, double[] ys, int n, double x0, double x1, int columns,
                 double[] outX, double[] outY) {
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be at least 1, got " + columns);
        }
        if (series != this.series || generation != this.generation || x0 != this.x0 || x1 != this.x1
                || columns != this.columns || n < folded) {
            startOver(series, generation, x0, x1, columns);
        }
        double scale = x1 > x0 ? columns / (x1 - x0) : 0;
        for (int i = folded; i < n; i++) {
            int c = Math.max(0, Math.min(columns - 1, (int) ((xs[i] - x0) * scale)));
            if (c != lastColumn) {
                minAt[c] = i;
                maxAt[c] = i;
                lastColumn = c;
            } else if (ys[i] < ys[minAt[c]]) {
                minAt[c] = i;
            } else if (ys[i] > ys[maxAt[c]]) {
                maxAt[c] = i;
            }
        }
        folded = n;
        if (n <= 2 * columns) {
            System.arraycopy(xs, 0, outX, 0, n);
            System.arraycopy(ys, 0, outY, 0, n);
            return n;
        }
        int out = 0;
        for (int c = 0; c <= lastColumn; c++) {
            if (minAt[c] < 0) {
                continue;
            }
            int first = Math.min(minAt[c], maxAt[c]);
            int second = Math.max(minAt[c], maxAt[c]);
            outX[out] = xs[first];
            outY[out] = ys[first];
            out++;
            if (second != first) {
                outX[out] = xs[second];
                outY[out] = ys[second];
                out++;
            }
        }
        int last = n - 1;
        if (minAt[lastColumn] != last && maxAt[lastColumn] != last) {
            outX[out] = xs[last];
            outY[out] = ys[last];
            out++;
        }
        return out;
    }

    private void startOver(Object series, long generation, double x0, double x1, int columns) {
        this.series = series;
        this.generation = generation;
        this.x0 = x0;
        this.x1 = x1;
        this.columns = columns;
        if (minAt.length < columns) {
            minAt = new int[columns];
            maxAt = new int[columns];
        }
        Arrays.fill(minAt, 0, columns, -1);
        Arrays.fill(maxAt, 0, columns, -1);
        folded = 0;
        lastColumn = -1;
    }
}
