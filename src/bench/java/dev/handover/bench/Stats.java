package dev.handover.bench;

import java.util.Arrays;

/** Order statistics over a handful of samples (nearest rank, no interpolation: every figure was seen). */
record Stats(double[] sorted) {

    static Stats of(double[] samples) {
        double[] s = samples.clone();
        Arrays.sort(s);
        return new Stats(s);
    }

    static Stats of(long[] samples) {
        return of(Arrays.stream(samples).asDoubleStream().toArray());
    }

    int count() {
        return sorted.length;
    }

    double median() {
        return percentile(50);
    }

    /** The nearest-rank percentile: the smallest sample with at least {@code p}% of samples at or below it. */
    double percentile(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    double min() {
        return sorted.length == 0 ? Double.NaN : sorted[0];
    }
}
