package dev.handover.sim;

import dev.handover.core.Durations;

import java.time.Duration;

/**
 * Faults a drill or test injects, applied under the cluster's lock, after playing it forward to now.
 * Apart from {@link SimCluster} so the cluster's public face stays about reading it and handing it over.
 */
final class SimFaultControls implements SimFaults {
    private final Object lock;
    private final SimWorld world;

    /** {@code lock} is the owning {@link SimCluster}: every change to {@code world} happens under it. */
    SimFaultControls(Object lock, SimWorld world) {
        this.lock = lock;
        this.world = world;
    }

    @Override
    public void stall(String nodeId) {
        act("stall " + nodeId, () -> world.node(nodeId).stalled = true);
    }

    @Override
    public void unstall(String nodeId) {
        act("unstall " + nodeId, () -> world.node(nodeId).stalled = false);
    }

    @Override
    public void slow(String nodeId, double factor) {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("slow factor must be 0 or more, got " + factor);
        }
        act("slow " + nodeId + " ×" + factor, () -> world.node(nodeId).slowFactor = factor);
    }

    @Override
    public void crash(String nodeId) {
        act("crash " + nodeId, () -> world.node(nodeId).crashed = true);
    }

    @Override
    public void restart(String nodeId) {
        act("restart " + nodeId, () -> world.node(nodeId).crashed = false);
    }

    @Override
    public void partition(String nodeId) {
        act("partition " + nodeId, () -> world.node(nodeId).partitioned = true);
    }

    @Override
    public void heal(String nodeId) {
        act("heal " + nodeId, () -> world.node(nodeId).partitioned = false);
    }

    @Override
    public void failNextFreeze() {
        act("next freeze fails", () -> world.failFreeze = true);
    }

    @Override
    public void failNextPoll() {
        act("next poll fails", () -> world.failPoll = true);
    }

    @Override
    public void failNextCommit() {
        act("next commit fails", () -> world.failCommit = true);
    }

    @Override
    public void failNextResume() {
        act("next resume fails", () -> world.failResume = true);
    }

    @Override
    public void writeSpike(double factor, Duration duration) {
        if (!(factor >= 0) || Double.isInfinite(factor) || duration.isNegative()) {
            throw new IllegalArgumentException("a write spike needs a factor of 0 or more and a duration of 0 or more");
        }
        act("write load ×" + factor + " for " + Durations.format(duration),
                () -> world.spikes.add(new long[]{world.stepNanos + duration.toNanos(), Double.doubleToLongBits(factor)}));
    }

    private void act(String what, Runnable change) {
        synchronized (lock) {
            long now = world.sync();
            world.applyUpTo(now); // the change applies from now on, not from the last step
            change.run();
            // Noted at the moment it was injected (the last step may lie before the run that it hits).
            world.notes.add(new SimNote(Duration.ofNanos(now), "fault: " + what, true));
        }
    }
}
