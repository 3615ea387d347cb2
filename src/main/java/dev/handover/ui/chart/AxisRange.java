package dev.handover.ui.chart;

/** A fixed axis range with a round tick unit, so the chart never auto-ranges. */
record AxisRange(double lower, double upper, double tick) {

    /** A range covering {@code [lo, hi]} with about {@code ticks} round ticks (1, 2 or 5 times a power of ten). */
    static AxisRange covering(double lo, double hi, int ticks) {
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        double raw = (hi - lo) / ticks;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        double lower = Math.floor(lo / step) * step;
        double upper = Math.ceil(hi / step) * step;
        return new AxisRange(lower, upper, step);
    }

    boolean contains(double lo, double hi) {
        return lo >= lower && hi <= upper;
    }
}
