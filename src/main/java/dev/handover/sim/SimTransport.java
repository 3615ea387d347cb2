package dev.handover.sim;

import dev.handover.core.FailoverTransport;
import dev.handover.core.TransportException;

import java.time.Duration;

/**
 * A handover toward one target on a {@link SimCluster}. Its clock starts when it is created; waits
 * happen on the cluster's clock outside the cluster's lock, so a console can read status meanwhile.
 */
final class SimTransport implements FailoverTransport {
    private final SimCluster cluster;
    private final String primaryId;
    private final String targetId;
    private final Duration pollInterval;
    private final Duration startedAt;

    SimTransport(SimCluster cluster, String primaryId, String targetId, Duration pollInterval, Duration startedAt) {
        this.cluster = cluster;
        this.primaryId = primaryId;
        this.targetId = targetId;
        this.pollInterval = pollInterval;
        this.startedAt = startedAt;
    }

    @Override
    public long freezePrimary() throws TransportException {
        return cluster.freeze(this, primaryId);
    }

    @Override
    public void resumePrimary() throws TransportException {
        cluster.resume(this, primaryId);
    }

    @Override
    public Duration elapsed() {
        return cluster.clock().now().minus(startedAt);
    }

    @Override
    public long pollTargetFrontier() throws TransportException {
        sleep(pollInterval);
        return cluster.readDurable(targetId, true);
    }

    /**
     * A long poll: return as soon as the target's durable frontier covers {@code frontier}, or after
     * one poll interval (or {@code maxWait}, if shorter) so the coordinator still looks at its cancel
     * once per interval. It sleeps until the cluster foresees the catch-up ending (to the next whole
     * millisecond), looking again at every step meanwhile if that cannot be foreseen (WAL still in
     * flight, a stalled target).
     */
    @Override
    public long awaitTargetFrontier(long frontier, Duration maxWait) throws TransportException {
        Duration budget = maxWait.compareTo(pollInterval) < 0 ? maxWait : pollInterval;
        Duration start = cluster.clock().now();
        long reached = cluster.readDurable(targetId, true);
        while (reached < frontier) {
            Duration left = budget.minus(cluster.clock().now().minus(start));
            if (left.isNegative() || left.isZero()) {
                break;
            }
            Duration wait = wholeMillisAfter(cluster.untilWorthReading(targetId, frontier));
            sleep(wait.compareTo(left) < 0 ? wait : left); // never past the interval or the deadline
            reached = cluster.readDurable(targetId, false);
        }
        return reached;
    }

    /**
     * How long to sleep to wake at least {@code wait} from now, on a whole millisecond of this run:
     * events then carry whole milliseconds, the journal's precision, so a recorded run reads back
     * exactly. It costs the freeze under a millisecond.
     */
    private Duration wholeMillisAfter(Duration wait) {
        Duration now = elapsed();
        long wakeNanos = now.plus(wait).toNanos();
        long wholeMs = (wakeNanos + 999_999) / 1_000_000 * 1_000_000;
        return Duration.ofNanos(wholeMs).minus(now);
    }

    @Override
    public void renewFreezeLease() throws TransportException {
        cluster.renewLease(this, primaryId);
    }

    @Override
    public void commitHandover(long newTerm) throws TransportException {
        cluster.commit(this, primaryId, targetId, newTerm);
    }

    private void sleep(Duration d) throws TransportException {
        try {
            cluster.clock().sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting on " + targetId, e);
        }
    }
}
