package dev.handover.sim;

import dev.handover.cluster.Condition;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.Durations;

import java.time.Duration;

/**
 * How one simulated node reads in a status snapshot: its lag in bytes and time, its condition and the
 * line that explains it. Apart from the physics ({@link SimWorld}) because it only reads the state, under
 * the owning {@link SimCluster}'s lock, and its wording is the console's, not the simulation's.
 */
final class SimStatus {
    private static final Duration DEGRADED_LAG = Duration.ofSeconds(2);

    private SimStatus() {
    }

    static NodeStatus of(SimWorld world, SimNode n, long primaryLsn, long now) {
        boolean primary = n.id().equals(world.primaryId);
        long durable = world.durableAt(n, now);
        long lagLsn = primary ? 0 : Math.max(0, primaryLsn - durable);
        double rate = primary ? 0 : n.effectiveApplyRate();
        Duration lag = lagTime(world, lagLsn, rate);
        Condition condition = Condition.HEALTHY;
        String detail = "";
        if (n.crashed) {
            condition = Condition.UNREACHABLE;
            detail = "down (crashed)";
        } else if (n.partitioned) {
            condition = Condition.UNREACHABLE;
            detail = "network partition: connection timed out";
        } else if (primary && n.frozen) {
            condition = Condition.FROZEN;
            long left = Math.max(0, n.leaseExpiryNanos - world.clock.now().toNanos());
            detail = "writes frozen (lease " + Durations.format(Duration.ofMillis(left / 1_000_000)) + " left)";
        } else if (n.stalled && !primary) {
            condition = Condition.STALLED;
            detail = "stalled: applying nothing, " + Bytes.format(lagLsn) + " behind";
        } else if (!primary && lag.compareTo(DEGRADED_LAG) > 0) {
            condition = Condition.LAGGING;
            detail = "behind by " + Bytes.format(lagLsn) + " (~" + Durations.format(lag) + " at its apply rate)";
        } else if (n.slowFactor != 1.0 && !primary) {
            detail = "apply rate ×" + n.slowFactor;
        } else if (n.isPrimary() && !primary) {
            condition = Condition.STALE_PRIMARY;
            detail = "stale primary of term " + n.role.term();
        }
        return new NodeStatus(n.node, n.role, n.received, durable, lagLsn, lag, rate, condition.health(), detail,
                condition);
    }

    private static Duration lagTime(SimWorld world, long lagLsn, double applyRate) {
        if (lagLsn == 0) {
            return Duration.ZERO;
        }
        WriteLoad load = world.scenario.load();
        double rate = applyRate > 0 ? applyRate : load.writesPerSecond() * load.writeSize();
        long millis = (long) Math.min(rate > 0 ? lagLsn / rate * 1000 : 0, 100L * 24 * 3600 * 1000);
        // An estimate: whole tenths of a second are all the precision it has past one second.
        return Duration.ofMillis(millis < 1000 ? millis : millis / 100 * 100);
    }
}
