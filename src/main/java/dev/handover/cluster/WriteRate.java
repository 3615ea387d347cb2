package dev.handover.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How fast the primary was taking writes just before a run froze them: what a forced commit's loss is
 * put in seconds from, and, where the backend cannot count the lost writes, estimated from.
 *
 * @param lsnPerSecond    positions a second the primary wrote (bytes of WAL on PostgreSQL)
 * @param writesPerSecond writes a second, where the backend can count them
 * @param window          over how long it was measured; zero for a nominal rate (the simulator's load)
 * @param source          what was read, in words, e.g. "pg_stat_database.xact_commit and the WAL position"
 */
public record WriteRate(double lsnPerSecond, OptionalDouble writesPerSecond, Duration window, String source) {

    public WriteRate {
        Objects.requireNonNull(writesPerSecond, "writesPerSecond");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(source, "source");
        if (!(lsnPerSecond >= 0) || Double.isInfinite(lsnPerSecond)) {
            throw new IllegalArgumentException("write rate must be 0 or more, got " + lsnPerSecond);
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
