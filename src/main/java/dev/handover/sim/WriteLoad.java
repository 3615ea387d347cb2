package dev.handover.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The clients' write traffic toward whichever node is primary.
 *
 * @param writesPerSecond mean writes offered per second
 * @param writeSize       mean bytes (LSN) per write
 * @param jitter          each write's size varies by up to ± this fraction of {@code writeSize}
 * @param burst           optional recurring bursts, counted from the cluster's start
 */
public record WriteLoad(double writesPerSecond, int writeSize, double jitter, Optional<Burst> burst) {

    public WriteLoad {
        Objects.requireNonNull(burst, "burst");
    }

    /** Write traffic multiplied by {@code factor} for {@code length}, every {@code every}, from {@code offset}. */
    public record Burst(Duration every, Duration length, double factor, Duration offset) {
        public Burst {
            Objects.requireNonNull(every, "every");
            Objects.requireNonNull(length, "length");
            Objects.requireNonNull(offset, "offset");
        }

        /** The load factor at cluster time {@code t}. */
        public double factorAt(Duration t) {
            if (t.compareTo(offset) < 0 || every.isZero()) {
                return 1.0;
            }
            long into = t.minus(offset).toNanos() % every.toNanos();
            return into < length.toNanos() ? factor : 1.0;
        }
    }
}
