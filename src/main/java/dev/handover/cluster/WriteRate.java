package dev.handover.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How fast the primary was taking writes just before a run froze them: what a forced commit's loss is
 * put in seconds from, and, where the backend cannot count the lost writes, estimated from.
 *
 * @param lsnPerSecond    positions a second the primary wrote (bytes of WAL on PostgreSQL)
 * @param writesPerSecond writes (transactions that wrote) a second, where the backend can count them
 * @param window          over how long it was measured; zero for a nominal rate (the simulator's load)
 * @param source          what was read, in words, with what it takes in or leaves out
 * @param perPosition     the lowest and highest writes per position the rate's samples showed, when it took
 *                        more than one: an estimate from it is a range, not one made-up figure
 * @param unit            what {@code writesPerSecond} counts
 */
public record WriteRate(double lsnPerSecond, OptionalDouble writesPerSecond, Duration window, String source,
                        Optional<PerPosition> perPosition, ForceLoss.Unit unit) {

    public WriteRate {
        Objects.requireNonNull(writesPerSecond, "writesPerSecond");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(perPosition, "perPosition");
        Objects.requireNonNull(unit, "unit");
        if (!(lsnPerSecond >= 0) || Double.isInfinite(lsnPerSecond)) {
            throw new IllegalArgumentException("write rate must be 0 or more, got " + lsnPerSecond);
        }
    }

    /** A rate of transactions with no spread kept. */
    public WriteRate(double lsnPerSecond, OptionalDouble writesPerSecond, Duration window, String source) {
        this(lsnPerSecond, writesPerSecond, window, source, Optional.empty(), ForceLoss.Unit.TRANSACTIONS);
    }

    /** The lowest and highest writes per position seen among a rate's samples. */
    public record PerPosition(double low, double high) {
        public PerPosition {
            if (!(low >= 0) || !(high >= low) || Double.isInfinite(high)) {
                throw new IllegalArgumentException("writes per position are 0 <= low <= high, got " + low + ".." + high);
            }
        }
    }

    /** How long the primary took to write {@code lsn} positions at this rate; empty when it wrote nothing. */
    public java.util.Optional<Duration> timeToWrite(long lsn) {
        if (lsnPerSecond <= 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Duration.ofNanos((long) Math.min(lsn / lsnPerSecond * 1e9, Long.MAX_VALUE / 2.0)));
    }
}
