package dev.handover.core;

import java.math.BigDecimal;
import java.time.Duration;

/** Short human-readable durations for messages: "0ms", "50ms", "1.5s", "2m3s", "2m0.013s". */
public final class Durations {
    private Durations() {
    }

    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        long millis = d.toMillis();
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
        }
        // The remainder always in seconds, so "2m0.013s" never reads as "2m13ms" (two minutes or 2013 ms?).
        long rest = millis % 60_000;
        return (millis / 60_000) + "m" + (rest == 0 ? "" : BigDecimal.valueOf(rest, 3).stripTrailingZeros().toPlainString() + "s");
    }
}
