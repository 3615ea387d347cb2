package dev.handover.sim;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ClusterWorld;
import dev.handover.cluster.Simulation;
import dev.handover.cluster.ExpectedPrimary;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.PollRule;
import dev.handover.cluster.WriteRate;
import dev.handover.core.Durations;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.TransportException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A deterministic simulated cluster (given a seed) behind {@link ClusterConnection}.
 *
 * <p>State advances lazily: every call first plays the cluster forward to {@code clock.now()} in fixed
 * {@link #STEP} steps (writes, replication, scripted faults, freeze-lease expiry), so the same seed and
 * the same calls at the same virtual times give the same cluster, and a real-time clock works as well.
 * Between steps a replica keeps applying the WAL it has, continuously, so a catch-up ends when its
 * physics says and not at the next step.
 * Thread-safe: one lock guards the state, and nothing sleeps while holding it.
 *
 * <p>This class is the cluster's public face; the state and its physics live in {@link SimWorld}, what a
 * handover does to it in {@link SimHandoverActions}, a node's status line in {@link SimStatus}, injected
 * faults in {@link SimFaultControls} and the training view in {@link SimSimulation}.
 */
public final class SimCluster implements ClusterConnection {
    /** The simulation's time step: small against poll intervals and deadlines, coarse enough to be cheap. */
    public static final Duration STEP = Duration.ofMillis(10);
    public static final Duration DEFAULT_FREEZE_LEASE = Duration.ofSeconds(5);

    private final Scenario scenario;
    private final long seed;
    private final SimClock clock;
    /** The state and its physics; every touch of it holds this cluster's lock. */
    private final SimWorld world;
    private final SimHandoverActions handover;
    private final SimFaults faults;

    private boolean closed;

    private SimCluster(Scenario scenario, long seed, SimClock clock) {
        this.scenario = scenario;
        this.seed = seed;
        this.clock = clock;
        this.world = new SimWorld(scenario, seed, clock);
        this.handover = new SimHandoverActions(world);
        this.faults = new SimFaultControls(this, world);
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
        return world.name();
    }

    /** This cluster's seed, clock and accounting, for a run's record and the training controls. */
    @Override
    public Optional<Simulation> simulation() {
        return Optional.of(new SimSimulation(this));
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
        long now = world.sync();
        SimNode primary = world.nodes.get(world.primaryId);
        List<NodeStatus> out = new ArrayList<>();
        for (SimNode n : world.nodes.values()) {
            out.add(SimStatus.of(world, n, primary.received, now));
        }
        return new ClusterSnapshot(out);
    }

    /**
     * The simulator's accounting over the cluster's whole life, every run so far included. For one
     * run's record take it before the run and keep {@link InvariantReport#since} of it afterwards.
     */
    public synchronized InvariantReport invariants() {
        world.sync();
        Map<Long, Integer> perTerm = new TreeMap<>();
        world.primariesPerTerm.forEach((term, ids) -> perTerm.put(term, ids.size()));
        return new InvariantReport(world.lostWrites, perTerm, world.nodes.get(world.primaryId).frozen, world.violations);
    }

    /** Would a client write to this node be acknowledged now? */
    public synchronized boolean acceptsWrites(String nodeId) {
        world.sync();
        SimNode n = world.nodes.get(nodeId);
        return n != null && world.accepting(n);
    }

    /**
     * One client write of {@code bytes} sent to {@code nodeId} by a client that believes {@code term}
     * is current. Acknowledged only by the writable primary of exactly that term: term fencing.
     */
    public synchronized boolean clientWrite(String nodeId, long term, long bytes) {
        world.sync();
        SimNode n = world.nodes.get(nodeId);
        if (n == null || bytes <= 0 || !world.accepting(n) || n.role.term() != term) {
            world.rejected++;
            return false;
        }
        world.ledger.append(bytes);
        n.received = n.durable = world.ledger.lastLsn();
        world.acknowledged++;
        return true;
    }

    /** Writes the cluster acknowledged so far, including the pre-history behind the starting backlog. */
    public synchronized long acknowledgedWrites() {
        world.sync();
        return world.acknowledged;
    }

    /** Writes offered while no primary would take them (frozen, down, unreachable). */
    public synchronized long rejectedWrites() {
        world.sync();
        return world.rejected;
    }

    /**
     * Acknowledged writes whose end LSN lies in {@code (afterLsn, uptoLsn]}: exact for ranges above
     * every node's durable frontier (all a forced handover can lose); writes below it are pruned.
     */
    public synchronized long acknowledgedWritesBetween(long afterLsn, long uptoLsn) {
        world.sync();
        return world.ledger.countIn(afterLsn, uptoLsn);
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
        long now = world.sync();
        WriteLoad load = scenario.load();
        double factor = load.burst().map(b -> b.factorAt(Duration.ofNanos(now))).orElse(1.0);
        for (long[] s : world.spikes) {
            factor *= Double.longBitsToDouble(s[1]);
        }
        double writes = load.writesPerSecond() * factor;
        return Optional.of(new WriteRate(writes * load.writeSize(), java.util.OptionalDouble.of(writes), Duration.ZERO,
                "the scenario's write load"));
    }

    /** The id of the node serving writes now (or frozen, mid-handover). */
    public synchronized String primaryId() {
        world.sync();
        return world.primaryId;
    }

    /** What happened on the cluster's own account: scripted faults, lapsed leases, commits. */
    public synchronized List<SimNote> notes() {
        world.sync();
        return List.copyOf(world.notes);
    }

    /** The faults (injected or scripted) noted at or after {@code from}, in order. */
    public synchronized List<SimNote> faultsSince(Duration from) {
        world.sync();
        return world.notes.stream().filter(SimNote::fault).filter(n -> n.at().compareTo(from) >= 0).toList();
    }

    /** When the first transport was created: the zero of the scripted fault timeline. */
    public synchronized Optional<Duration> runStart() {
        return world.runStartNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(world.runStartNanos));
    }

    @Override
    public synchronized Optional<Duration> freezeLease() {
        return Optional.of(world.freezeLease);
    }

    /**
     * How long a freeze holds without renewal before the primary resumes writes on its own. Runs
     * started afterwards must poll at most half as often ({@link PollRule}).
     */
    public synchronized void setFreezeLease(Duration lease) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("freeze lease must be longer than 0, got " + Durations.format(lease));
        }
        world.freezeLease = lease;
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
        world.sync();
        SimNode target = world.nodes.get(targetId);
        if (target == null) {
            throw new ClusterException("unknown target \"" + targetId + "\"; nodes of " + name() + ": "
                    + String.join(", ", world.nodes.keySet()));
        }
        if (targetId.equals(world.primaryId)) {
            throw new ClusterException("target " + targetId + " is the current primary; pick a replica to promote");
        }
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new ClusterException("poll interval must be longer than 0");
        }
        Optional<String> tooLong = PollRule.problem("poll interval", pollInterval, Optional.of(world.freezeLease));
        if (tooLong.isPresent()) {
            throw new ClusterException(tooLong.get());
        }
        long now = world.sync();
        if (world.runStartNanos < 0) {
            world.runStartNanos = now;
            world.applyUpTo(now); // faults scripted at 0 may change an apply rate between two steps
            world.fireDueFaults(now);
        }
        return new SimTransport(this, world.primaryId, targetId, pollInterval, clock.now());
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    // ---------------------------------------------------------------- the transport's operations
    // Under this cluster's lock; what each one does is in SimHandoverActions.

    synchronized long freeze(Object owner, String primary) throws TransportException {
        return handover.freeze(owner, primary);
    }

    synchronized void renewLease(Object owner, String primary) throws TransportException {
        handover.renewLease(owner, primary);
    }

    synchronized void resume(Object owner, String primary) throws TransportException {
        handover.resume(owner, primary);
    }

    /** The target's durable frontier now; fails as a call to that node would. */
    synchronized long readDurable(String target, boolean consumePollFault) throws TransportException {
        return handover.readDurable(target, consumePollFault);
    }

    /** See {@link SimHandoverActions#untilWorthReading}. */
    synchronized Duration untilWorthReading(String target, long frontier) {
        return handover.untilWorthReading(target, frontier);
    }

    synchronized void commit(Object owner, String oldPrimary, String targetId, long newTerm) throws TransportException {
        handover.commit(owner, oldPrimary, targetId, newTerm);
    }

    private void requireOpen() throws ClusterException {
        if (closed) {
            throw new ClusterException(name() + " is closed");
        }
    }

    @Override
    public String toString() {
        return name() + " (seed " + seed + ", nodes " + String.join(", ", world.nodes.keySet()) + ")";
    }
}
