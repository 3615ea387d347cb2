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

    /**
     * A range covering {@code [lo, hi]} whose ticks count down from {@code anchor} (a tick falls on it) in
     * round byte steps: 1, 2 or 5 times a power of ten of a 1024-power unit (bytes, kB, MB, ...), a step of
     * 1000 units being one of the next unit, so every tick below the anchor reads as a whole number of one unit.
     */
    static AxisRange below(double anchor, double lo, double hi, int ticks) {
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        double step = byteStep((hi - lo) / ticks);
        double lower = anchor - Math.ceil((anchor - lo) / step) * step;
        double upper = anchor + Math.ceil((hi - anchor) / step) * step;
        return new AxisRange(lower, Math.max(upper, anchor + step), step);
    }

    /** The round byte step at or above {@code raw} bytes, as {@link #below} describes it. */
    static double byteStep(double raw) {
        if (!(raw > 1)) {
            return 1;
        }
        double unit = 1;
        while (raw >= unit * 1024) {
            unit *= 1024;
        }
        double inUnits = raw / unit;
        double magnitude = Math.pow(10, Math.floor(Math.log10(inUnits)));
        double step = 10 * magnitude;
        for (double m : new double[] {1, 2, 5}) {
            if (m * magnitude >= inUnits) {
                step = m * magnitude;
                break;
            }
        }
        return (step >= 1000 ? 1024 : step) * unit;
    }

    /** The 1024-power unit a byte step counts in: the largest at or under it. */
    static double byteUnit(double step) {
        double unit = 1;
        while (step >= unit * 1024) {
            unit *= 1024;
        }
        return unit;
    }

    boolean contains(double lo, double hi) {
        return lo >= lower && hi <= upper;
    }
}
