package dev.handover.testing;

import java.util.List;

/** Nearest-rank percentiles for the benchmarks' figures. */
public final class Percentile {
    private Percentile() {
    }

    /** The {@code p}th percentile of {@code values} by nearest rank; 100 is the maximum, NaN when there are none. */
    public static double of(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
