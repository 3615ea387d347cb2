package dev.handover.cluster;

import java.time.Duration;
import java.util.Optional;

/**
 * How far behind a replica is in time, as {@code status}, the console's table and the preflight all say it. A
 * replica behind with no time measured (a stopped SQL thread or walreceiver: no Seconds_Behind_Master, an idle
 * replay_lag) and no apply rate either has an unknown time behind, never 0 ms; one that applies and is under a
 * millisecond behind reads 0 ms.
 */
public final class TimeBehind {
    private TimeBehind() {
    }

    /** The time behind; empty when it is not known ({@code lagLsn} behind, no time measured, no apply rate). */
    public static Optional<Duration> of(long lagLsn, Duration lag, double applyRate) {
        return lagLsn > 0 && lag.isZero() && applyRate <= 0 ? Optional.empty() : Optional.of(lag);
    }

    /** The same for a node that answered. */
    public static Optional<Duration> of(NodeStatus.Readings r, double applyRate) {
        return of(r.lagLsn(), r.lag(), applyRate);
    }
}
