package dev.handover.ui;

import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ExpectedPrimary;
import dev.handover.cluster.ClusterWorld;
import dev.handover.cluster.Health;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.Positions;
import dev.handover.cluster.StaleFreezeRelease;
import dev.handover.cluster.TopologyRepair;
import dev.handover.core.FailoverNode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.FailoverTransport;
import dev.handover.core.NodeRole;
import dev.handover.core.TransportException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tiny scripted cluster for view-model tests: a primary and replicas with fixed lags; each poll
 * advances the transport's clock by one interval and the target by {@code applyPerPoll} LSN.
 * Runs entirely on the caller's thread.
 */
public final class FakeCluster implements ClusterConnection {
    private final Map<String, FailoverNode> nodes = new LinkedHashMap<>();
    private final Map<String, Long> durable = new LinkedHashMap<>();
    private final Map<String, Long> applyPerPoll = new LinkedHashMap<>();
    private String primary;
    private long term = 1;
    private long primaryLsn;
    private boolean frozen;
    private boolean statusFails;
    private Positions positions = Positions.PLAIN;
    private List<dev.handover.cluster.ClientRouter> routers = List.of();
    private List<String> writable = List.of();
    private Optional<StaleFreezeRelease> staleFreezeRelease = Optional.empty();
    private Optional<TopologyRepair> topologyRepair = Optional.empty();
    private boolean closed;
    private ClusterWorld world = new ClusterWorld.Simulated("fake", "a scripted cluster for tests");

    public FakeCluster(long primaryLsn) {
        this.primaryLsn = primaryLsn;
    }

    /** A scripted cluster is a simulation unless a test says it stands for a real one. */
    public synchronized FakeCluster world(ClusterWorld w) {
        this.world = w;
        return this;
    }

    @Override
    public synchronized ClusterWorld world() {
        return world;
    }

    public synchronized FakeCluster primary(String id, String region) {
        nodes.put(id, new FailoverNode(id, id + ":5432", region));
        durable.put(id, primaryLsn);
        primary = id;
        return this;
    }

    /** A replica {@code lag} LSN behind that applies {@code perPoll} LSN each poll (0 = stalled). */
    public synchronized FakeCluster replica(String id, String region, long lag, long perPoll) {
        nodes.put(id, new FailoverNode(id, id + ":5432", region));
        durable.put(id, primaryLsn - lag);
        applyPerPoll.put(id, perPoll);
        return this;
    }

    /** Write positions as {@code p} does (e.g. PostgreSQL's), in snapshots and for runs. */
    /** What the next status reads shows in front of the nodes. */
    /** The nodes its status says take writes: two or more make a split brain. */
    public synchronized FakeCluster writable(String... ids) {
        writable = List.of(ids);
        return this;
    }

    public synchronized FakeCluster routedBy(List<dev.handover.cluster.ClientRouter> r) {
        routers = List.copyOf(r);
        return this;
    }

    public synchronized FakeCluster writingPositions(Positions p) {
        positions = p;
        return this;
    }

    /** Offers the capability to lift a dead run's freeze, answered by {@code release}. */
    public synchronized FakeCluster withStaleFreezeRelease(StaleFreezeRelease release) {
        staleFreezeRelease = Optional.of(release);
        return this;
    }

    /** Offers the capability to repair a half-way topology, answered by {@code repair}. */
    /** Offers a topology repair of the test's own making (its plan, its approval checks). */
    public synchronized FakeCluster withTopologyRepair(TopologyRepair repair) {
        topologyRepair = Optional.of(repair);
        return this;
    }

    public synchronized FakeCluster withTopologyRepair(java.util.function.Supplier<dev.handover.cluster.AfterRun> repair) {
        // a plan that discards nothing and asks no typed confirmation: a click carries it out
        dev.handover.cluster.RepairPlan plan = new dev.handover.cluster.RepairPlan(Optional.of("pg2"), "the fake's primary",
                java.util.List.of(), java.util.List.of("repair as the fake says"), java.util.List.of(), java.util.List.of(),
                java.util.List.of(), java.util.List.of());
        topologyRepair = Optional.of(new TopologyRepair() {
            @Override
            public dev.handover.cluster.RepairPlan plan(Optional<String> primary) {
                return plan;
            }

            @Override
            public dev.handover.cluster.AfterRun repair(dev.handover.cluster.RepairApproval approval,
                                                        dev.handover.cluster.StepJournal journal) {
                return repair.get();
            }
        });
        return this;
    }

    @Override
    public synchronized Positions positions() {
        return positions;
    }

    @Override
    public synchronized Optional<StaleFreezeRelease> staleFreezeRelease() {
        return staleFreezeRelease;
    }

    @Override
    public synchronized Optional<TopologyRepair> topologyRepair() {
        return topologyRepair;
    }

    public synchronized boolean closed() {
        return closed;
    }

    public synchronized void failStatus(boolean fail) {
        statusFails = fail;
    }

    public synchronized boolean frozen() {
        return frozen;
    }

    public synchronized long term() {
        return term;
    }

    public synchronized String primaryId() {
        return primary;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public synchronized ClusterSnapshot status() throws ClusterException {
        if (statusFails) {
            throw new ClusterException("fake: status refused");
        }
        List<NodeStatus> out = new ArrayList<>();
        for (FailoverNode n : nodes.values()) {
            if (n.id().equals(primary)) {
                out.add(new NodeStatus(n, new NodeRole.Primary(term), primaryLsn, primaryLsn, 0, Duration.ZERO, 1000,
                        Health.HEALTHY, ""));
            } else {
                long d = durable.get(n.id());
                long perPoll = applyPerPoll.getOrDefault(n.id(), 0L);
                double rate = perPoll * 100.0;
                long lag = primaryLsn - d;
                Duration lagTime = rate > 0 ? Duration.ofMillis((long) (lag / rate * 1000)) : Duration.ofSeconds(lag > 0 ? 3600 : 0);
                Health h = perPoll == 0 && lag > 0 ? Health.DEGRADED : Health.HEALTHY;
                out.add(new NodeStatus(n, new NodeRole.Replica(nodes.get(primary).addr(), term), d, d, lag, lagTime, rate,
                        h, h == Health.DEGRADED ? "stalled" : ""));
            }
        }
        return new ClusterSnapshot(out, positions, routers, writable);
    }

    @Override
    public FailoverTransport transportFor(FailoverRequest request, Duration pollInterval) throws ClusterException {
        ExpectedPrimary.of(request).require(status()); // as every engine refuses a plan the cluster moved away from
        String targetId = request.target().id();
        return new FailoverTransport() {
            private Duration elapsed = Duration.ZERO;

            @Override
            public long freezePrimary() {
                synchronized (FakeCluster.this) {
                    frozen = true;
                    return primaryLsn;
                }
            }

            @Override
            public void resumePrimary() {
                synchronized (FakeCluster.this) {
                    frozen = false;
                }
            }

            @Override
            public Duration elapsed() {
                return elapsed;
            }

            @Override
            public long pollTargetFrontier() {
                elapsed = elapsed.plus(pollInterval);
                synchronized (FakeCluster.this) {
                    long next = Math.min(primaryLsn, durable.get(targetId) + applyPerPoll.getOrDefault(targetId, 0L));
                    durable.put(targetId, next);
                    return next;
                }
            }

            @Override
            public void commitHandover(long newTerm) throws TransportException {
                synchronized (FakeCluster.this) {
                    if (!nodes.containsKey(targetId)) {
                        throw new TransportException("no node " + targetId);
                    }
                    durable.put(primary, primaryLsn);
                    applyPerPoll.put(primary, 10L);
                    primaryLsn = Math.max(primaryLsn, durable.get(targetId));
                    primary = targetId;
                    term = newTerm;
                    frozen = false;
                }
            }
        };
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
