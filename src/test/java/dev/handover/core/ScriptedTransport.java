package dev.handover.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The reference's scripted fake: a fixed frozen frontier and a queue of target readings consumed one
 * per poll, the last repeated once exhausted (a replica stuck behind). Every poll advances the fake
 * clock by {@code tick}. Faults can be armed per call to exercise the coordinator's error paths.
 */
class ScriptedTransport implements FailoverTransport {
    final long frontier;
    final Deque<Long> readings;
    final long stuckAt;
    final Duration tick;
    Duration elapsed = Duration.ZERO;
    boolean froze;
    boolean resumed;
    Long committedTerm;
    int polls;
    int leaseRenewals;
    int leaseEnds;

    TransportException freezeFault;
    TransportException resumeFault;
    TransportException commitFault;
    TransportException leaseFault;
    TransportException endLeaseFault;
    /** Poll number (1-based) on which the poll throws. */
    int failPollNumber = -1;
    /** Runs right after each poll, e.g. to cancel or advance time. */
    Runnable afterPoll = () -> { };
    /** How long resuming writes takes on the fake clock (a real RESUME is a round trip, or several). */
    Duration resumeTakes = Duration.ZERO;
    /** How long the role swap takes on the fake clock (a real promotion takes seconds). */
    Duration commitTakes = Duration.ZERO;

    ScriptedTransport(long frontier, List<Long> readings, Duration tick) {
        this.frontier = frontier;
        this.readings = new ArrayDeque<>(readings);
        this.stuckAt = readings.isEmpty() ? 0 : readings.get(readings.size() - 1);
        this.tick = tick;
    }

    @Override
    public long freezePrimary() throws TransportException {
        if (freezeFault != null) {
            throw freezeFault;
        }
        froze = true;
        return frontier;
    }

    @Override
    public void resumePrimary() throws TransportException {
        if (resumeFault != null) {
            throw resumeFault;
        }
        elapsed = elapsed.plus(resumeTakes);
        resumed = true;
    }

    @Override
    public Duration elapsed() {
        return elapsed;
    }

    @Override
    public long pollTargetFrontier() throws TransportException {
        polls++;
        elapsed = elapsed.plus(tick);
        if (polls == failPollNumber) {
            throw new TransportException("connection to n2 refused");
        }
        long reading = readings.isEmpty() ? stuckAt : readings.pop();
        afterPoll.run();
        return reading;
    }

    @Override
    public void renewFreezeLease() throws TransportException {
        if (leaseFault != null) {
            throw leaseFault;
        }
        leaseRenewals++;
    }

    @Override
    public void endFreezeLease() throws TransportException {
        if (endLeaseFault != null) {
            throw endLeaseFault;
        }
        leaseEnds++;
    }

    @Override
    public void commitHandover(long newTerm) throws TransportException {
        if (leaseEnds == 0) {
            throw new AssertionError("commitHandover before endFreezeLease");
        }
        if (commitFault != null) {
            throw commitFault;
        }
        elapsed = elapsed.plus(commitTakes);
        committedTerm = newTerm;
    }
}
