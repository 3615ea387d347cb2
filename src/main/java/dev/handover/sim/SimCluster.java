package dev.handover.sim;

import dev.handover.cluster.ClockControls;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ClusterWorld;
import dev.handover.cluster.Simulation;
import dev.handover.cluster.Condition;
import dev.handover.cluster.ExpectedPrimary;
import dev.handover.cluster.InjectedFault;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.PollRule;
import dev.handover.cluster.WriteRate;
import dev.handover.core.Durations;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.NodeRole;
import dev.handover.core.TransportException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A deterministic simulated cluster (given a seed) behind {@link ClusterConnection}.
 *
 * <p>State advances lazily: every call first plays the cluster forward to {@code clock.now()} in fixed
 * {@link #STEP} steps (writes, replication, scripted faults, freeze-lease expiry), so the same seed and
 * the same calls at the same virtual times give the same cluster, and a real-time clock works as well.
 * Between steps a replica keeps applying the WAL it has, continuously, so a catch-up ends when its
 * physics says and not at the next step.
 * Thread-safe: one lock guards the state, and nothing sleeps while holding it.
 */
public final class SimCluster implements ClusterConnection {
    /** The simulation's time step: small against poll intervals and deadlines, coarse enough to be cheap. */
    public static final Duration STEP = Duration.ofMillis(10);
    public static final Duration DEFAULT_FREEZE_LEASE = Duration.ofSeconds(5);
    /** Where the WAL of every scenario begins; an arbitrary, realistic-looking position. */
    static final long BASE_LSN = 0x1_6000_0000L;

    private static final long STEP_NANOS = STEP.toNanos();
    private static final double STEP_SECONDS = STEP_NANOS / 1e9;
    private static final Duration DEGRADED_LAG = Duration.ofSeconds(2);

    private final Scenario scenario;
    private final long seed;
    private final SimClock clock;
    private final SplittableRandom random;
    private final Map<String, SimNode> nodes = new LinkedHashMap<>();
    private final WriteLedger ledger;
    private final ArrayDeque<long[]> primaryHistory = new ArrayDeque<>(); // {time nanos, primary LSN}
    private final long maxLinkDelayNanos;
    private final List<ScriptedFault> timeline;
    private final List<long[]> spikes = new ArrayList<>(); // {until nanos, factor bits}
    private final Map<Long, Set<String>> primariesPerTerm = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private final List<SimNote> notes = new ArrayList<>();
    private final SimFaults faults = new Faults();

    private String primaryId;
    private long stepNanos;
    private long runStartNanos = -1;
    private int nextScripted;
    private double writeCarry;
    private long acknowledged;
    private long rejected;
    private long lostWrites;
    private long highestTerm;
    private Duration freezeLease = DEFAULT_FREEZE_LEASE;
    private boolean failFreeze;
    private boolean failPoll;
    private boolean failCommit;
    private boolean failResume;
    private boolean closed;

    private SimCluster(Scenario scenario, long seed, SimClock clock) {
        this.scenario = scenario;
        this.seed = seed;
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

    /** Start {@code scenario} on {@code clock}; an inconsistent scenario is refused before anything runs. */
    public static SimCluster start(Scenario scenario, long seed, SimClock clock) {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(clock, "clock");
        Optional<String> problem = scenario.problem();
        if (problem.isPresent()) {
            throw new IllegalArgumentException("scenario " + scenario.name() + ": " + problem.get());
        }
        return new SimCluster(scenario, seed, clock);
    }

    public SimClock clock() {
        return clock;
    }

    public Scenario scenario() {
        return scenario;
    }

    public long seed() {
        return seed;
    }

    public SimFaults faults() {
        return faults;
    }

    @Override
    public String name() {
        return "sim:" + scenario.name();
    }

    /** This cluster's seed, clock and accounting, for a run's record and the training controls. */
    @Override
    public Optional<Simulation> simulation() {
        return Optional.of(new Simulation() {
            @Override
            public long seed() {
                return SimCluster.this.seed();
            }

            @Override
            public Duration now() {
                return clock().now();
            }

            @Override
            public Simulation.Invariants invariants() {
                return SimCluster.this.invariants().asInvariants();
            }

            @Override
            public List<Simulation.Fault> faultsSince(Duration from) {
                return SimCluster.this.faultsSince(from).stream().map(n -> new Simulation.Fault(n.at(), n.text())).toList();
            }

            @Override
            public Simulation.Briefing briefing() {
                NodeSpec began = scenario.primary();
                return new Simulation.Briefing(scenario.name(), scenario.title(), scenario.briefing(),
                        new Simulation.Primary(began.id(), began.term()));
            }

            @Override
            public void inject(InjectedFault fault) {
                // Java 17 has no pattern switch: the sealed interface's two records, one test each.
                if (fault instanceof InjectedFault.OnNode f) {
                    injectOn(f.fault(), f.node());
                } else if (fault instanceof InjectedFault.WriteSpike w) {
                    faults.writeSpike(w.factor(), w.duration());
                }
            }

            @Override
            public Optional<ClockControls> clockControls() {
                return clock.controls();
            }
        });
    }

    private void injectOn(InjectedFault.NodeFault fault, String node) {
        switch (fault) {
            case STALL -> faults.stall(node);
            case UNSTALL -> faults.unstall(node);
            case CRASH -> faults.crash(node);
            case RESTART -> faults.restart(node);
            case PARTITION -> faults.partition(node);
            case HEAL -> faults.heal(node);
        }
    }

    /** A simulation, running its scenario. */
    @Override
    public ClusterWorld world() {
        return new ClusterWorld.Simulated(scenario.name(), scenario.title());
    }

    // ---------------------------------------------------------------- reading the cluster

    @Override
    public synchronized ClusterSnapshot status() throws ClusterException {
        requireOpen();
        long now = sync();
        SimNode primary = nodes.get(primaryId);
        List<NodeStatus> out = new ArrayList<>();
        for (SimNode n : nodes.values()) {
            out.add(statusOf(n, primary.received, now));
        }
        return new ClusterSnapshot(out);
    }

    /**
     * The simulator's accounting over the cluster's whole life, every run so far included. For one
     * run's record take it before the run and keep {@link InvariantReport#since} of it afterwards.
     */
    public synchronized InvariantReport invariants() {
        sync();
        Map<Long, Integer> perTerm = new TreeMap<>();
        primariesPerTerm.forEach((term, ids) -> perTerm.put(term, ids.size()));
        return new InvariantReport(lostWrites, perTerm, nodes.get(primaryId).frozen, violations);
    }

    /** Would a client write to this node be acknowledged now? */
    public synchronized boolean acceptsWrites(String nodeId) {
        sync();
        SimNode n = nodes.get(nodeId);
        return n != null && accepting(n);
    }

    /**
     * One client write of {@code bytes} sent to {@code nodeId} by a client that believes {@code term}
     * is current. Acknowledged only by the writable primary of exactly that term: term fencing.
     */
    public synchronized boolean clientWrite(String nodeId, long term, long bytes) {
        sync();
        SimNode n = nodes.get(nodeId);
        if (n == null || bytes <= 0 || !accepting(n) || n.role.term() != term) {
            rejected++;
            return false;
        }
        ledger.append(bytes);
        n.received = n.durable = ledger.lastLsn();
        acknowledged++;
        return true;
    }

    /** Writes the cluster acknowledged so far, including the pre-history behind the starting backlog. */
    public synchronized long acknowledgedWrites() {
        sync();
        return acknowledged;
    }

    /** Writes offered while no primary would take them (frozen, down, unreachable). */
    public synchronized long rejectedWrites() {
        sync();
        return rejected;
    }

    /**
     * Acknowledged writes whose end LSN lies in {@code (afterLsn, uptoLsn]}: exact for ranges above
     * every node's durable frontier (all a forced handover can lose); writes below it are pruned.
     */
    public synchronized long acknowledgedWritesBetween(long afterLsn, long uptoLsn) {
        sync();
        return ledger.countIn(afterLsn, uptoLsn);
    }

    @Override
    public synchronized Optional<Long> acknowledgedWritesIn(long afterLsn, long uptoLsn) {
        return Optional.of(acknowledgedWritesBetween(afterLsn, uptoLsn));
    }

    /** The simulator's positions count bytes of log, as PostgreSQL's do. */
    @Override
    public boolean positionsCountBytes() {
        return true;
    }

    /** The load the scenario offers now (bursts and spikes included): exactly what the primary takes when it takes writes. */
    @Override
    public synchronized Optional<WriteRate> writeRate() {
        long now = sync();
        WriteLoad load = scenario.load();
        double factor = load.burst().map(b -> b.factorAt(Duration.ofNanos(now))).orElse(1.0);
        for (long[] s : spikes) {
            factor *= Double.longBitsToDouble(s[1]);
        }
        double writes = load.writesPerSecond() * factor;
        return Optional.of(new WriteRate(writes * load.writeSize(), java.util.OptionalDouble.of(writes), Duration.ZERO,
                "the scenario's write load"));
    }

    /** The id of the node serving writes now (or frozen, mid-handover). */
    public synchronized String primaryId() {
        sync();
        return primaryId;
    }

    /** What happened on the cluster's own account: scripted faults, lapsed leases, commits. */
    public synchronized List<SimNote> notes() {
        sync();
        return List.copyOf(notes);
    }

    /** The faults (injected or scripted) noted at or after {@code from}, in order. */
    public synchronized List<SimNote> faultsSince(Duration from) {
        sync();
        return notes.stream().filter(SimNote::fault).filter(n -> n.at().compareTo(from) >= 0).toList();
    }

    /** When the first transport was created: the zero of the scripted fault timeline. */
    public synchronized Optional<Duration> runStart() {
        return runStartNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(runStartNanos));
    }

    @Override
    public synchronized Optional<Duration> freezeLease() {
        return Optional.of(freezeLease);
    }

    /**
     * How long a freeze holds without renewal before the primary resumes writes on its own. Runs
     * started afterwards must poll at most half as often ({@link PollRule}).
     */
    public synchronized void setFreezeLease(Duration lease) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("freeze lease must be longer than 0, got " + Durations.format(lease));
        }
        this.freezeLease = lease;
    }

    /** A run's transport: refused, nothing frozen, unless the primary and term are still the request's. */
    @Override
    public synchronized FailoverTransport transportFor(FailoverRequest request, Duration pollInterval) throws ClusterException {
        ExpectedPrimary.of(request).require(status());
        return uncheckedTransport(request.target().id(), pollInterval);
    }

    /** A transport toward {@code targetId} with no expectation of the primary: tests and tools, never a run. */
    public synchronized FailoverTransport uncheckedTransport(String targetId, Duration pollInterval) throws ClusterException {
        requireOpen();
        sync();
        SimNode target = nodes.get(targetId);
        if (target == null) {
            throw new ClusterException("unknown target \"" + targetId + "\"; nodes of " + name() + ": "
                    + String.join(", ", nodes.keySet()));
        }
        if (targetId.equals(primaryId)) {
            throw new ClusterException("target " + targetId + " is the current primary; pick a replica to promote");
        }
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new ClusterException("poll interval must be longer than 0");
        }
        Optional<String> tooLong = PollRule.problem("poll interval", pollInterval, Optional.of(freezeLease));
        if (tooLong.isPresent()) {
            throw new ClusterException(tooLong.get());
        }
        long now = sync();
        if (runStartNanos < 0) {
            runStartNanos = now;
            applyUpTo(now); // faults scripted at 0 may change an apply rate between two steps
            fireDueFaults(now);
        }
        return new SimTransport(this, primaryId, targetId, pollInterval, clock.now());
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    // ---------------------------------------------------------------- the transport's operations

    synchronized long freeze(Object owner, String primary) throws TransportException {
        sync();
        if (failFreeze) {
            failFreeze = false;
            throw new TransportException("injected fault: freezing writes on " + primary + " failed");
        }
        SimNode p = nodes.get(primary);
        if (!primary.equals(primaryId)) {
            throw new TransportException(primary + " is no longer the primary (" + primaryId + " is)");
        }
        if (!p.reachable()) {
            throw new TransportException(p.unreachableReason());
        }
        if (p.frozen) {
            throw new TransportException("writes on " + primary + " are already frozen by another handover");
        }
        p.frozen = true;
        p.freezeOwner = owner;
        p.leaseExpiryNanos = clock.now().toNanos() + freezeLease.toNanos();
        note("writes frozen on " + primary + " at LSN " + p.received);
        return p.received;
    }

    synchronized void renewLease(Object owner, String primary) throws TransportException {
        sync();
        SimNode p = nodes.get(primary);
        if (p.frozen && p.freezeOwner == owner) {
            p.leaseExpiryNanos = clock.now().toNanos() + freezeLease.toNanos();
            return;
        }
        throw new TransportException(lostFreeze(p, owner));
    }

    synchronized void resume(Object owner, String primary) throws TransportException {
        sync();
        if (failResume) {
            failResume = false;
            throw new TransportException("injected fault: resuming writes on " + primary + " failed");
        }
        SimNode p = nodes.get(primary);
        if (!p.reachable()) {
            throw new TransportException(p.unreachableReason());
        }
        if (p.frozen && p.freezeOwner != owner) {
            throw new TransportException("writes on " + primary + " are frozen by another handover");
        }
        if (p.frozen) {
            p.frozen = false;
            note("writes resumed on " + primary);
        }
        // Not frozen by us any more (the lease lapsed): writes already flow again, nothing to do.
    }

    /** The target's durable frontier now; fails as a call to that node would. */
    synchronized long readDurable(String target, boolean consumePollFault) throws TransportException {
        long now = sync();
        if (consumePollFault && failPoll) {
            failPoll = false;
            throw new TransportException("injected fault: polling " + target + " failed");
        }
        SimNode t = nodes.get(target);
        if (!t.reachable()) {
            throw new TransportException(t.unreachableReason());
        }
        return durableAt(t, now);
    }

    /**
     * How long (simulated time) to wait before the target's durable frontier is worth reading again
     * for {@code frontier}: zero when it already covers it; the exact instant it will, when the WAL is
     * there and the target applies it at a steady rate; otherwise until the next step, when WAL
     * arrives and scripted faults fire. A fault injected meanwhile changes nothing before that step
     * but the apply rate, which a reader notices at its next look.
     */
    synchronized Duration untilWorthReading(String target, long frontier) {
        long now = sync();
        SimNode t = nodes.get(target);
        if (durableAt(t, now) >= frontier) {
            return Duration.ZERO;
        }
        long nextStep = stepNanos + STEP_NANOS - now;
        double rate = t.effectiveApplyRate();
        if (t.id().equals(primaryId) || !t.reachable() || rate <= 0 || t.received < frontier) {
            return Duration.ofNanos(nextStep);
        }
        double need = frontier - t.durable - t.applyCarry;
        long coveredAt = t.appliedNanos + (long) Math.ceil(need / rate * 1e9);
        return Duration.ofNanos(Math.max(1, coveredAt - now));
    }

    synchronized void commit(Object owner, String oldPrimary, String targetId, long newTerm) throws TransportException {
        long now = sync();
        if (failCommit) {
            failCommit = false;
            throw new TransportException("injected fault: committing term " + newTerm + " to " + targetId + " failed");
        }
        SimNode old = nodes.get(oldPrimary);
        SimNode target = nodes.get(targetId);
        if (!target.reachable()) {
            throw new TransportException(target.unreachableReason());
        }
        if (!oldPrimary.equals(primaryId)) {
            throw new TransportException(oldPrimary + " is no longer the primary (" + primaryId + " is)");
        }
        if (!old.reachable()) {
            throw new TransportException(old.unreachableReason());
        }
        if (!(old.frozen && old.freezeOwner == owner)) {
            throw new TransportException(lostFreeze(old, owner) + "; refusing to commit, which would lose those writes");
        }
        if (newTerm <= highestTerm) {
            throw new TransportException("term fencing: term " + newTerm + " is not above the current term " + highestTerm);
        }
        applyUpTo(now); // what the target made durable up to this instant is what it keeps
        long frontier = old.received;
        long reached = target.durable;
        // A forced handover: WAL the target never made durable is gone with the old timeline.
        long lost = ledger.truncateAbove(reached);
        lostWrites += lost;
        target.role = new NodeRole.Primary(newTerm);
        target.received = reached;
        target.applyCarry = 0;
        target.stalled = false;
        old.role = new NodeRole.Replica(target.node.addr(), newTerm);
        old.frozen = false;
        old.freezeOwner = null;
        old.received = Math.min(old.received, reached);
        old.durable = Math.min(old.durable, reached);
        for (SimNode n : nodes.values()) {
            if (n != target && n != old) {
                n.role = new NodeRole.Replica(target.node.addr(), newTerm);
                n.received = Math.min(n.received, reached);
                n.durable = Math.min(n.durable, reached);
            }
        }
        primaryId = targetId;
        highestTerm = newTerm;
        primaryHistory.clear();
        primaryHistory.addLast(new long[]{stepNanos, reached});
        Set<String> primaries = primariesPerTerm.computeIfAbsent(newTerm, t -> new TreeSet<>());
        primaries.add(targetId);
        if (primaries.size() > 1) {
            violations.add("term " + newTerm + " had " + primaries.size() + " primaries: " + String.join(", ", primaries));
        }
        note("term " + newTerm + " committed: " + targetId + " is primary, " + oldPrimary + " follows it"
                + (lost > 0 ? "; " + lost + " acknowledged writes in LSN (" + reached + ", " + frontier + "] discarded" : ""));
    }

    // ---------------------------------------------------------------- time advance

    /**
     * Play the cluster forward to the clock's now, one fixed step at a time, and return that now.
     * Between steps only the apply moves, continuously: see {@link #durableAt}.
     */
    private long sync() {
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
    private long durableAt(SimNode n, long t) {
        if (n.id().equals(primaryId) || n.crashed || n.stalled || n.durable >= n.received || t <= n.appliedNanos) {
            return n.durable;
        }
        double budget = n.effectiveApplyRate() * ((t - n.appliedNanos) / 1e9) + n.applyCarry;
        return Math.min(n.received, n.durable + (long) budget);
    }

    /** Settle every replica's apply up to {@code t}, before something between steps changes how it applies. */
    private void applyUpTo(long t) {
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

    private boolean accepting(SimNode n) {
        return n.isPrimary() && n.id().equals(primaryId) && !n.frozen && n.reachable()
                && n.role.term() == highestTerm;
    }

    private boolean scriptedFaultDue(long t) {
        return runStartNanos >= 0 && nextScripted < timeline.size()
                && runStartNanos + timeline.get(nextScripted).at().toNanos() <= t;
    }

    private void fireDueFaults(long t) {
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

    private SimNode node(String id) {
        SimNode n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("unknown node \"" + id + "\"; nodes of " + name() + ": "
                    + String.join(", ", nodes.keySet()));
        }
        return n;
    }

    private String lostFreeze(SimNode p, Object owner) {
        if (!p.frozen && p.freezeOwner == owner) {
            return "the freeze lease on " + p.id() + " lapsed (not renewed within " + Durations.format(freezeLease)
                    + ") and " + p.id() + " took writes again";
        }
        return "writes on " + p.id() + " are not frozen by this handover";
    }

    private void note(String text) {
        notes.add(new SimNote(Duration.ofNanos(stepNanos), text));
    }

    private void requireOpen() throws ClusterException {
        if (closed) {
            throw new ClusterException(name() + " is closed");
        }
    }

    // ---------------------------------------------------------------- status

    private NodeStatus statusOf(SimNode n, long primaryLsn, long now) {
        boolean primary = n.id().equals(primaryId);
        long durable = durableAt(n, now);
        long lagLsn = primary ? 0 : Math.max(0, primaryLsn - durable);
        double rate = primary ? 0 : n.effectiveApplyRate();
        Duration lag = lagTime(lagLsn, rate);
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
            long left = Math.max(0, n.leaseExpiryNanos - clock.now().toNanos());
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

    private Duration lagTime(long lagLsn, double applyRate) {
        if (lagLsn == 0) {
            return Duration.ZERO;
        }
        WriteLoad load = scenario.load();
        double rate = applyRate > 0 ? applyRate : load.writesPerSecond() * load.writeSize();
        long millis = (long) Math.min(rate > 0 ? lagLsn / rate * 1000 : 0, 100L * 24 * 3600 * 1000);
        // An estimate: whole tenths of a second are all the precision it has past one second.
        return Duration.ofMillis(millis < 1000 ? millis : millis / 100 * 100);
    }

    // ---------------------------------------------------------------- faults

    /** Faults applied under the cluster's lock, after playing it forward to now. */
    private final class Faults implements SimFaults {
        @Override
        public void stall(String nodeId) {
            act("stall " + nodeId, () -> node(nodeId).stalled = true);
        }

        @Override
        public void unstall(String nodeId) {
            act("unstall " + nodeId, () -> node(nodeId).stalled = false);
        }

        @Override
        public void slow(String nodeId, double factor) {
            if (!(factor >= 0) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("slow factor must be 0 or more, got " + factor);
            }
            act("slow " + nodeId + " ×" + factor, () -> node(nodeId).slowFactor = factor);
        }

        @Override
        public void crash(String nodeId) {
            act("crash " + nodeId, () -> node(nodeId).crashed = true);
        }

        @Override
        public void restart(String nodeId) {
            act("restart " + nodeId, () -> node(nodeId).crashed = false);
        }

        @Override
        public void partition(String nodeId) {
            act("partition " + nodeId, () -> node(nodeId).partitioned = true);
        }

        @Override
        public void heal(String nodeId) {
            act("heal " + nodeId, () -> node(nodeId).partitioned = false);
        }

        @Override
        public void failNextFreeze() {
            act("next freeze fails", () -> failFreeze = true);
        }

        @Override
        public void failNextPoll() {
            act("next poll fails", () -> failPoll = true);
        }

        @Override
        public void failNextCommit() {
            act("next commit fails", () -> failCommit = true);
        }

        @Override
        public void failNextResume() {
            act("next resume fails", () -> failResume = true);
        }

        @Override
        public void writeSpike(double factor, Duration duration) {
            if (!(factor >= 0) || Double.isInfinite(factor) || duration.isNegative()) {
                throw new IllegalArgumentException("a write spike needs a factor of 0 or more and a duration of 0 or more");
            }
            act("write load ×" + factor + " for " + Durations.format(duration),
                    () -> spikes.add(new long[]{stepNanos + duration.toNanos(), Double.doubleToLongBits(factor)}));
        }

        private void act(String what, Runnable change) {
            synchronized (SimCluster.this) {
                long now = sync();
                applyUpTo(now); // the change applies from now on, not from the last step
                change.run();
                // Noted at the moment it was injected (the last step may lie before the run that it hits).
                notes.add(new SimNote(Duration.ofNanos(now), "fault: " + what, true));
            }
        }
    }

    @Override
    public String toString() {
        return name() + " (seed " + seed + ", nodes " + String.join(", ", nodes.keySet()) + ")";
    }
}
