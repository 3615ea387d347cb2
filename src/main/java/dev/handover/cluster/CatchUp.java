package dev.handover.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * How long a target needs, once writes are frozen, to hold everything the primary wrote: the rule the preflight's
 * catch-up, freeze and coordinated-run lines share.
 *
 * <p>The apply rate comes from two status reads ({@link ApplyRate}): on a first read, or over two reads in which the
 * standby had nothing new to apply, it is 0 — not measured, not "applies nothing". A standby that streams and has
 * applied all it received is keeping up: the bytes it trails by are in flight (the primary's position is read after
 * the standby's, and a busy primary writes in between), and once writes stop it holds them after about the time it
 * trails by, which the nodes report (PostgreSQL's replay_lag, MariaDB's Seconds_Behind_Master). Only a standby with
 * neither a rate nor that shape is one whose catch-up cannot be projected.
 */
public final class CatchUp {
    private CatchUp() {
    }

    /**
     * Whether {@code target} streams (nothing in its condition stands in the way) and has applied all it received
     * (nothing received waits to be replayed), so what it lacks is only what the primary has not sent it yet.
     */
    public static boolean keepingUp(NodeStatus target) {
        return target.answered() && !target.isPrimary() && target.condition() == Condition.HEALTHY
                && target.replayBacklog() == 0 && target.lsn() <= target.durableLsn();
    }

    /**
     * The projected catch-up: zero with nothing to go; the backlog at the measured apply rate; for a standby keeping
     * up with no rate measured, the time it trails by as it reports it (zero when it reports none); empty when none of
     * these can be said (not read, unreachable, or a backlog with no rate and no sign of keeping up).
     */
    public static Optional<Duration> projected(NodeStatus target) {
        if (!target.answered()) {
            return Optional.empty(); // its backlog was not read: no "0 to go, caught up"
        }
        if (target.lagLsn() <= 0) {
            return Optional.of(Duration.ZERO);
        }
        if (target.applyRate() > 0) {
            double seconds = target.lagLsn() / target.applyRate();
            return Optional.of(Duration.ofNanos((long) Math.min(seconds * 1e9, Long.MAX_VALUE / 2.0)));
        }
        if (keepingUp(target)) {
            return Optional.of(target.lag());
        }
        return Optional.empty();
    }

    /**
     * Whether a second read would let {@code node}'s catch-up be projected: it answered, shows nothing wrong, holds
     * something received but not replayed, and has no apply rate yet (a first read). A run or plan reads again then.
     */
    public static boolean awaitsARate(NodeStatus node) {
        return node.answered() && !node.isPrimary() && node.condition() == Condition.HEALTHY && node.replayBacklog() > 0
                && node.applyRate() <= 0;
    }

    /** How long apart the two reads are when a first read left a standby's apply rate unmeasured. */
    public static final Duration RATE_WINDOW = Duration.ofMillis(200);

    /**
     * The cluster as a run or plan judges it. A first read of a real cluster has no apply rates (they come from two
     * reads); when a healthy standby then holds something received but not replayed, its catch-up could not be
     * projected and a busy, healthy cluster would read as a no-go. So it is read once more, {@link #RATE_WINDOW} later
     * ({@code rereading} told which nodes first), and judged on what was measured. A simulation's rates are its own.
     */
    public static ClusterSnapshot measuredReading(ClusterConnection cluster, Consumer<List<String>> rereading)
            throws ClusterException {
        ClusterSnapshot first = cluster.status();
        List<String> unmeasured = first.nodes().stream().filter(CatchUp::awaitsARate).map(NodeStatus::id).toList();
        if (cluster.simulation().isPresent() || unmeasured.isEmpty()) {
            return first;
        }
        rereading.accept(unmeasured);
        LockSupport.parkNanos(RATE_WINDOW.toNanos());
        return cluster.status();
    }

    /** Whether the projection of a target with a backlog rests on its keeping up rather than on a measured rate. */
    static boolean fromKeepingUp(NodeStatus target) {
        return target.answered() && target.lagLsn() > 0 && target.applyRate() <= 0 && keepingUp(target);
    }

    /**
     * Whether a target with a backlog and no apply rate shows nothing that stops it applying (its condition is
     * healthy): its rate was only not measured (a first read, or nothing applied between two reads), so "applies
     * nothing, would never catch up" would claim more than was seen.
     */
    static boolean rateNotMeasured(NodeStatus target) {
        return target.answered() && target.applyRate() <= 0 && target.condition() == Condition.HEALTHY;
    }
}
