package dev.handover.faultsim;

import dev.handover.core.FailoverTransport;
import dev.handover.core.TransportException;
import dev.handover.sim.ScriptedFault;
import dev.handover.sim.SimCluster;
import dev.handover.sim.SimFaults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Wraps the simulator's transport: fires the schedule's {@link CallFault}s right before the n-th call,
 * and watches the coordinator keep the transport protocol (freeze once and first; nothing after a
 * commit; never resume after trying to commit). Just before the commit it asks the simulator how many
 * acknowledged writes lie in the range the coordinator is about to report as skipped.
 */
final class FaultingTransport implements FailoverTransport {
    private final FailoverTransport inner;
    private final SimCluster sim;
    private final List<CallFault> faults;
    /** The reached LSN the coordinator holds now: its last reading, or the hint before any. */
    private final LongSupplier coordinatorReached;
    final List<String> protocolViolations = new ArrayList<>();
    final List<String> fired = new ArrayList<>();

    int calls;
    int freezeCalls;
    boolean frozen;
    long frontier = -1;
    int pollCalls;
    int commitCalls;
    boolean committed;
    boolean resumed;
    /** Acknowledged writes in (reached, frontier] right before the commit, for the reached the coordinator held. */
    long ackedInSkippedRange = -1;
    long reachedAtCommit = -1;

    FaultingTransport(FailoverTransport inner, SimCluster sim, List<CallFault> faults, LongSupplier coordinatorReached) {
        this.inner = inner;
        this.sim = sim;
        this.faults = faults;
        this.coordinatorReached = coordinatorReached;
    }

    @Override
    public long freezePrimary() throws TransportException {
        before("freeze");
        if (freezeCalls++ > 0) {
            protocolViolations.add("freezePrimary called " + freezeCalls + " times");
        }
        frontier = inner.freezePrimary();
        frozen = true;
        return frontier;
    }

    @Override
    public void resumePrimary() throws TransportException {
        before("resume");
        requireFrozen("resumePrimary");
        if (commitCalls > 0) {
            protocolViolations.add("resumePrimary called after commitHandover was attempted (roles may have changed)");
        }
        inner.resumePrimary();
        resumed = true;
    }

    @Override
    public Duration elapsed() {
        return inner.elapsed();
    }

    @Override
    public long pollTargetFrontier() throws TransportException {
        before("poll");
        requireFrozen("pollTargetFrontier");
        requireFreezeHeld("a poll");
        pollCalls++;
        return inner.pollTargetFrontier();
    }

    @Override
    public long awaitTargetFrontier(long frontier, Duration maxWait) throws TransportException {
        before("await");
        requireFrozen("awaitTargetFrontier");
        requireFreezeHeld("a catch-up wait");
        if (maxWait.isNegative()) {
            protocolViolations.add("awaitTargetFrontier asked to wait " + maxWait);
        }
        pollCalls++;
        Duration before = inner.elapsed();
        long reached = inner.awaitTargetFrontier(frontier, maxWait);
        Duration took = inner.elapsed().minus(before);
        if (took.compareTo(maxWait) > 0) {
            // Zero past the deadline or after the prompt: one read, at once, never one more poll interval.
            protocolViolations.add("awaitTargetFrontier(" + maxWait + ") kept writes frozen for " + took);
        }
        return reached;
    }

    @Override
    public void renewFreezeLease() throws TransportException {
        before("renew");
        requireFrozen("renewFreezeLease");
        inner.renewFreezeLease();
    }

    @Override
    public void commitHandover(long newTerm) throws TransportException {
        before("commit");
        requireFrozen("commitHandover");
        requireFreezeHeld("the commit");
        if (commitCalls++ > 0) {
            protocolViolations.add("commitHandover called twice");
        }
        if (resumed) {
            protocolViolations.add("commitHandover called after writes were resumed");
        }
        long reached = Math.min(coordinatorReached.getAsLong(), frontier);
        reachedAtCommit = reached;
        ackedInSkippedRange = sim.acknowledgedWritesBetween(reached, frontier);
        inner.commitHandover(newTerm);
        committed = true;
    }

    private void before(String call) {
        if (committed) {
            protocolViolations.add(call + " called after the handover was committed");
        }
        for (CallFault f : faults) {
            if (f.call() == calls) {
                apply(sim.faults(), f.fault());
                fired.add(f.describe() + " (a " + call + ")");
            }
        }
        calls++;
    }

    private void requireFrozen(String call) {
        if (!frozen) {
            protocolViolations.add(call + " called without a successful freeze");
        }
    }

    /**
     * The lease promise seen from the coordinator's side: it renews while it waits, so every wait and
     * the commit start with the freeze still held (a lease that lapsed is found by renewing, not by
     * committing on writes that already flowed again). Faults fired at this call come first, on purpose.
     */
    private void requireFreezeHeld(String what) {
        if (frozen && !resumed && !sim.invariants().leftFrozen()) {
            protocolViolations.add(what + " began at " + inner.elapsed() + " on a freeze whose lease had lapsed");
        }
    }

    static void apply(SimFaults faults, ScriptedFault f) {
        String node = f.node().orElse("");
        switch (f.kind()) {
            case STALL -> faults.stall(node);
            case UNSTALL -> faults.unstall(node);
            case SLOW -> faults.slow(node, f.factor());
            case CRASH -> faults.crash(node);
            case RESTART -> faults.restart(node);
            case PARTITION -> faults.partition(node);
            case HEAL -> faults.heal(node);
            case SPIKE -> faults.writeSpike(f.factor(), f.duration());
            case FAIL_FREEZE -> faults.failNextFreeze();
            case FAIL_POLL -> faults.failNextPoll();
            case FAIL_COMMIT -> faults.failNextCommit();
            case FAIL_RESUME -> faults.failNextResume();
        }
    }
}
