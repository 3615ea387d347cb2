package dev.handover.sim;

import dev.handover.core.Durations;
import dev.handover.core.NodeRole;
import dev.handover.core.TransportException;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a {@link SimTransport} does to the simulated cluster: freeze, renew, resume, read the target's
 * frontier, commit the new term. Apart from {@link SimCluster} because these are the handover's side of
 * the simulation, with its injected failures and its fencing; {@link SimCluster} calls them under its lock.
 */
final class SimHandoverActions {
    private final SimWorld world;

    SimHandoverActions(SimWorld world) {
        this.world = world;
    }

    long freeze(Object owner, String primary) throws TransportException {
        world.sync();
        if (world.failFreeze) {
            world.failFreeze = false;
            throw new TransportException("injected fault: freezing writes on " + primary + " failed");
        }
        SimNode p = world.nodes.get(primary);
        if (!primary.equals(world.primaryId)) {
            throw new TransportException(primary + " is no longer the primary (" + world.primaryId + " is)");
        }
        if (!p.reachable()) {
            throw new TransportException(p.unreachableReason());
        }
        if (p.frozen) {
            throw new TransportException("writes on " + primary + " are already frozen by another handover");
        }
        p.frozen = true;
        p.freezeOwner = owner;
        p.leaseExpiryNanos = world.clock.now().toNanos() + world.freezeLease.toNanos();
        world.note("writes frozen on " + primary + " at LSN " + p.received);
        return p.received;
    }

    void renewLease(Object owner, String primary) throws TransportException {
        world.sync();
        SimNode p = world.nodes.get(primary);
        if (p.frozen && p.freezeOwner == owner) {
            p.leaseExpiryNanos = world.clock.now().toNanos() + world.freezeLease.toNanos();
            return;
        }
        throw new TransportException(lostFreeze(p, owner));
    }

    void resume(Object owner, String primary) throws TransportException {
        world.sync();
        if (world.failResume) {
            world.failResume = false;
            throw new TransportException("injected fault: resuming writes on " + primary + " failed");
        }
        SimNode p = world.nodes.get(primary);
        if (!p.reachable()) {
            throw new TransportException(p.unreachableReason());
        }
        if (p.frozen && p.freezeOwner != owner) {
            throw new TransportException("writes on " + primary + " are frozen by another handover");
        }
        if (p.frozen) {
            p.frozen = false;
            world.note("writes resumed on " + primary);
        }
        // Not frozen by us any more (the lease lapsed): writes already flow again, nothing to do.
    }

    /** The target's durable frontier now; fails as a call to that node would. */
    long readDurable(String target, boolean consumePollFault) throws TransportException {
        long now = world.sync();
        if (consumePollFault && world.failPoll) {
            world.failPoll = false;
            throw new TransportException("injected fault: polling " + target + " failed");
        }
        SimNode t = world.nodes.get(target);
        if (!t.reachable()) {
            throw new TransportException(t.unreachableReason());
        }
        return world.durableAt(t, now);
    }

    /**
     * How long (simulated time) to wait before the target's durable frontier is worth reading again
     * for {@code frontier}: zero when it already covers it; the exact instant it will, when the WAL is
     * there and the target applies it at a steady rate; otherwise until the next step, when WAL
     * arrives and scripted faults fire. A fault injected meanwhile changes nothing before that step
     * but the apply rate, which a reader notices at its next look.
     */
    Duration untilWorthReading(String target, long frontier) {
        long now = world.sync();
        SimNode t = world.nodes.get(target);
        if (world.durableAt(t, now) >= frontier) {
            return Duration.ZERO;
        }
        long nextStep = world.stepNanos + SimWorld.STEP_NANOS - now;
        double rate = t.effectiveApplyRate();
        if (t.id().equals(world.primaryId) || !t.reachable() || rate <= 0 || t.received < frontier) {
            return Duration.ofNanos(nextStep);
        }
        double need = frontier - t.durable - t.applyCarry;
        long coveredAt = t.appliedNanos + (long) Math.ceil(need / rate * 1e9);
        return Duration.ofNanos(Math.max(1, coveredAt - now));
    }

    void commit(Object owner, String oldPrimary, String targetId, long newTerm) throws TransportException {
        long now = world.sync();
        if (world.failCommit) {
            world.failCommit = false;
            throw new TransportException("injected fault: committing term " + newTerm + " to " + targetId + " failed");
        }
        SimNode old = world.nodes.get(oldPrimary);
        SimNode target = world.nodes.get(targetId);
        if (!target.reachable()) {
            throw new TransportException(target.unreachableReason());
        }
        if (!oldPrimary.equals(world.primaryId)) {
            throw new TransportException(oldPrimary + " is no longer the primary (" + world.primaryId + " is)");
        }
        if (!old.reachable()) {
            throw new TransportException(old.unreachableReason());
        }
        if (!(old.frozen && old.freezeOwner == owner)) {
            throw new TransportException(lostFreeze(old, owner) + "; refusing to commit, which would lose those writes");
        }
        if (newTerm <= world.highestTerm) {
            throw new TransportException("term fencing: term " + newTerm + " is not above the current term " + world.highestTerm);
        }
        world.applyUpTo(now); // what the target made durable up to this instant is what it keeps
        long frontier = old.received;
        long reached = target.durable;
        // A forced handover: WAL the target never made durable is gone with the old timeline.
        long lost = world.ledger.truncateAbove(reached);
        world.lostWrites += lost;
        target.role = new NodeRole.Primary(newTerm);
        target.received = reached;
        target.applyCarry = 0;
        target.stalled = false;
        old.role = new NodeRole.Replica(target.node.addr(), newTerm);
        old.frozen = false;
        old.freezeOwner = null;
        old.received = Math.min(old.received, reached);
        old.durable = Math.min(old.durable, reached);
        for (SimNode n : world.nodes.values()) {
            if (n != target && n != old) {
                n.role = new NodeRole.Replica(target.node.addr(), newTerm);
                n.received = Math.min(n.received, reached);
                n.durable = Math.min(n.durable, reached);
            }
        }
        world.primaryId = targetId;
        world.highestTerm = newTerm;
        world.primaryHistory.clear();
        world.primaryHistory.addLast(new long[]{world.stepNanos, reached});
        Set<String> primaries = world.primariesPerTerm.computeIfAbsent(newTerm, t -> new TreeSet<>());
        primaries.add(targetId);
        if (primaries.size() > 1) {
            world.violations.add("term " + newTerm + " had " + primaries.size() + " primaries: " + String.join(", ", primaries));
        }
        world.note("term " + newTerm + " committed: " + targetId + " is primary, " + oldPrimary + " follows it"
                + (lost > 0 ? "; " + lost + " acknowledged writes in LSN (" + reached + ", " + frontier + "] discarded" : ""));
    }

    private String lostFreeze(SimNode p, Object owner) {
        if (!p.frozen && p.freezeOwner == owner) {
            return "the freeze lease on " + p.id() + " lapsed (not renewed within " + Durations.format(world.freezeLease)
                    + ") and " + p.id() + " took writes again";
        }
        return "writes on " + p.id() + " are not frozen by this handover";
    }
}
