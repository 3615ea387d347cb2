package dev.handover.sim;

import dev.handover.core.Durations;
import dev.handover.core.NodeRole;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link SimCluster}'s state and its physics: the nodes, the write ledger, the accounting, and how the
 * cluster plays forward in fixed {@link SimCluster#STEP} steps (writes, replication, scripted faults,
 * freeze-lease expiry). Kept apart from the cluster's public face so the physics reads in one place.
 * Not thread-safe on its own: every caller holds the owning {@link SimCluster}'s lock, so the fields are
 * package-private for its collaborators ({@link SimHandoverActions}, {@link SimStatus}, {@link SimFaultControls}).
 */
final class SimWorld {
    /** Where the WAL of every scenario begins; an arbitrary, realistic-looking position. */
    static final long BASE_LSN = 0x1_6000_0000L;

    static final long STEP_NANOS = SimCluster.STEP.toNanos();
    private static final double STEP_SECONDS = STEP_NANOS / 1e9;

    final Scenario scenario;
    final SimClock clock;
    private final SplittableRandom random;
    final Map<String, SimNode> nodes = new LinkedHashMap<>();
    final WriteLedger ledger;
    final ArrayDeque<long[]> primaryHistory = new ArrayDeque<>(); // {time nanos, primary LSN}
    private final long maxLinkDelayNanos;
    private final List<ScriptedFault> timeline;
    final List<long[]> spikes = new ArrayList<>(); // {until nanos, factor bits}
    final Map<Long, Set<String>> primariesPerTerm = new TreeMap<>();
    final List<String> violations = new ArrayList<>();
    final List<SimNote> notes = new ArrayList<>();

    String primaryId;
    long stepNanos;
    long runStartNanos = -1;
    private int nextScripted;
    private double writeCarry;
    long acknowledged;
    long rejected;
    long lostWrites;
    long highestTerm;
    Duration freezeLease = SimCluster.DEFAULT_FREEZE_LEASE;
    boolean failFreeze;
    boolean failPoll;
    boolean failCommit;
    boolean failResume;

    SimWorld(Scenario scenario, long seed, SimClock clock) {
        this.scenario = scenario;
        this.clock = clock;
        this.random = new SplittableRandom(seed);
        NodeSpec primarySpec = scenario.primary();
        this.primaryId = primarySpec.id();
        this.highestTerm = primarySpec.term();

        // Pre-history: enough acknowledged writes that every replica's backlog is made of real writes.
        long maxBehind = scenario.nodes().stream().mapToLong(NodeSpec::behind).max().orElse(0);
        this.ledger = new WriteLedger(BASE_LSN);
        while (ledger.lastLsn() < BASE_LSN + maxBehind + 64 * 1024) {
            ledger.append(nextWriteSize());
            acknowledged++;
        }
        long start = ledger.lastLsn();
        for (NodeSpec spec : scenario.nodes()) {
            NodeRole role = spec.isPrimary() ? new NodeRole.Primary(spec.term())
                    : new NodeRole.Replica(primarySpec.addr(), spec.term());
            SimNode n = new SimNode(spec, role);
            n.received = start;
            n.durable = start - spec.behind();
            nodes.put(spec.id(), n);
        }
        this.maxLinkDelayNanos = scenario.nodes().stream().mapToLong(n -> n.linkDelay().toNanos()).max().orElse(0);
        this.timeline = scenario.faults().stream().sorted(Comparator.comparing(ScriptedFault::at)).toList();
        this.stepNanos = clock.now().toNanos();
        for (SimNode n : nodes.values()) {
            n.appliedNanos = stepNanos;
        }
        primaryHistory.addLast(new long[]{stepNanos, start});
        primariesPerTerm.computeIfAbsent(primarySpec.term(), t -> new TreeSet<>()).add(primarySpec.id());
    }

    /** The cluster's name ({@link SimCluster#name()}), here because the physics' own messages carry it. */
    String name() {
        return "sim:" + scenario.name();
    }

    /**
     * Play the cluster forward to the clock's now, one fixed step at a time, and return that now.
     * Between steps only the apply moves, continuously: see {@link #durableAt}.
     */
    long sync() {
        long now = clock.now().toNanos();
        while (stepNanos + STEP_NANOS <= now) {
            stepNanos += STEP_NANOS;
            step(stepNanos);
        }
        return now;
    }

    /**
     * A replica's durable frontier at {@code t}, between its last apply and the next step: it applies
     * at its rate, continuously, the WAL it has received. A read does not change the state, so the
     * cluster plays the same whoever looks and how often; the next step lands on the same value.
     */
    long durableAt(SimNode n, long t) {
        if (n.id().equals(primaryId) || n.crashed || n.stalled || n.durable >= n.received || t <= n.appliedNanos) {
            return n.durable;
        }
        double budget = n.effectiveApplyRate() * ((t - n.appliedNanos) / 1e9) + n.applyCarry;
        return Math.min(n.received, n.durable + (long) budget);
    }

    /** Settle every replica's apply up to {@code t}, before something between steps changes how it applies. */
    void applyUpTo(long t) {
        for (SimNode n : nodes.values()) {
            if (t <= n.appliedNanos) {
                continue;
            }
            if (n.id().equals(primaryId) || n.crashed) {
                n.appliedNanos = t;
            } else {
                apply(n, t);
            }
        }
    }

    private void step(long t) {
        if (scriptedFaultDue(t)) {
            applyUpTo(t); // the step so far ran under the old rates; a stall now must not undo it
        }
        fireDueFaults(t);
        spikes.removeIf(s -> s[0] < t);
        SimNode primary = nodes.get(primaryId);
        if (primary.frozen && t >= primary.leaseExpiryNanos) {
            primary.frozen = false; // the owner stays recorded so its later commit can tell the lease lapsed
            note("freeze lease on " + primaryId + " lapsed; " + primaryId + " takes writes again");
        }
        offerWrites(t, primary);
        primaryHistory.addLast(new long[]{t, primary.received});
        while (primaryHistory.size() > 1 && secondOldest()[0] <= t - maxLinkDelayNanos) {
            primaryHistory.removeFirst();
        }
        for (SimNode n : nodes.values()) {
            if (n != primary) {
                replicate(t, n, primary);
            }
        }
        if ((t / STEP_NANOS) % 100 == 0) {
            long floor = nodes.values().stream().mapToLong(n -> n.durable).min().orElse(0);
            ledger.pruneUpTo(floor);
        }
    }

    private long[] secondOldest() {
        var it = primaryHistory.iterator();
        it.next();
        return it.next();
    }

    private void offerWrites(long t, SimNode primary) {
        WriteLoad load = scenario.load();
        double factor = load.burst().map(b -> b.factorAt(Duration.ofNanos(t))).orElse(1.0);
        for (long[] s : spikes) {
            factor *= Double.longBitsToDouble(s[1]);
        }
        writeCarry += load.writesPerSecond() * factor * STEP_SECONDS;
        long count = (long) writeCarry;
        writeCarry -= count;
        boolean accepting = accepting(primary);
        for (long i = 0; i < count; i++) {
            long size = nextWriteSize(); // drawn either way, so a freeze does not shift later writes
            if (accepting) {
                ledger.append(size);
                acknowledged++;
            } else {
                rejected++;
            }
        }
        primary.received = primary.durable = ledger.lastLsn();
    }

    private void replicate(long t, SimNode n, SimNode primary) {
        if (n.crashed) {
            n.appliedNanos = t;
            return;
        }
        if (!n.partitioned && primary.reachable()) {
            long arrived = Math.min(primaryLsnAt(t - n.spec.linkDelay().toNanos()), primary.received);
            n.received = Math.max(n.received, arrived);
        }
        apply(n, t);
    }

    /** Apply received WAL from the node's last applied instant up to {@code t}, carrying the fraction. */
    private void apply(SimNode n, long t) {
        long elapsed = t - n.appliedNanos;
        n.appliedNanos = t;
        if (n.stalled || n.durable >= n.received) {
            n.applyCarry = 0;
            return;
        }
        double budget = n.effectiveApplyRate() * (elapsed / 1e9) + n.applyCarry;
        long advance = (long) budget;
        if (advance >= n.received - n.durable) {
            n.durable = n.received;
            n.applyCarry = 0;
        } else {
            n.durable += advance;
            n.applyCarry = budget - advance;
        }
    }

    private long primaryLsnAt(long t) {
        long lsn = primaryHistory.peekFirst()[1];
        for (long[] e : primaryHistory) {
            if (e[0] > t) {
                break;
            }
            lsn = e[1];
        }
        return lsn;
    }

    private long nextWriteSize() {
        WriteLoad load = scenario.load();
        double wobble = load.jitter() == 0 ? 0 : load.jitter() * (2 * random.nextDouble() - 1);
        return Math.max(1, Math.round(load.writeSize() * (1 + wobble)));
    }

    boolean accepting(SimNode n) {
        return n.isPrimary() && n.id().equals(primaryId) && !n.frozen && n.reachable()
                && n.role.term() == highestTerm;
    }

    private boolean scriptedFaultDue(long t) {
        return runStartNanos >= 0 && nextScripted < timeline.size()
                && runStartNanos + timeline.get(nextScripted).at().toNanos() <= t;
    }

    void fireDueFaults(long t) {
        if (runStartNanos < 0) {
            return;
        }
        while (nextScripted < timeline.size() && runStartNanos + timeline.get(nextScripted).at().toNanos() <= t) {
            ScriptedFault f = timeline.get(nextScripted++);
            // At the time it was scripted for, not the step that fired it: the debrief places it there.
            notes.add(new SimNote(Duration.ofNanos(runStartNanos + f.at().toNanos()),
                    "scripted fault at +" + Durations.format(f.at()) + ": " + f.describe(), true));
            apply(f);
        }
    }

    private void apply(ScriptedFault f) {
        String node = f.node().orElse("");
        switch (f.kind()) {
            case STALL -> node(node).stalled = true;
            case UNSTALL -> node(node).stalled = false;
            case SLOW -> node(node).slowFactor = f.factor();
            case CRASH -> node(node).crashed = true;
            case RESTART -> node(node).crashed = false;
            case PARTITION -> node(node).partitioned = true;
            case HEAL -> node(node).partitioned = false;
            case SPIKE -> spikes.add(new long[]{stepNanos + f.duration().toNanos(), Double.doubleToLongBits(f.factor())});
            case FAIL_FREEZE -> failFreeze = true;
            case FAIL_POLL -> failPoll = true;
            case FAIL_COMMIT -> failCommit = true;
            case FAIL_RESUME -> failResume = true;
        }
    }

    SimNode node(String id) {
        SimNode n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("unknown node \"" + id + "\"; nodes of " + name() + ": "
                    + String.join(", ", nodes.keySet()));
        }
        return n;
    }

    void note(String text) {
        notes.add(new SimNote(Duration.ofNanos(stepNanos), text));
    }
}
