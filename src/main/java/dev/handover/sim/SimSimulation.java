package dev.handover.sim;

import dev.handover.cluster.ClockControls;
import dev.handover.cluster.InjectedFault;
import dev.handover.cluster.Simulation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A {@link SimCluster}'s seed, clock and accounting, for a run's record and the training controls: what
 * the rooms above see of a simulation without naming the engine. Every call goes through the cluster's
 * own (locked) methods.
 */
final class SimSimulation implements Simulation {
    private final SimCluster cluster;

    SimSimulation(SimCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public long seed() {
        return cluster.seed();
    }

    @Override
    public Duration now() {
        return cluster.clock().now();
    }

    @Override
    public Simulation.Invariants invariants() {
        return cluster.invariants().asInvariants();
    }

    @Override
    public List<Simulation.Fault> faultsSince(Duration from) {
        return cluster.faultsSince(from).stream().map(n -> new Simulation.Fault(n.at(), n.text())).toList();
    }

    @Override
    public Simulation.Briefing briefing() {
        Scenario scenario = cluster.scenario();
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
            cluster.faults().writeSpike(w.factor(), w.duration());
        }
    }

    @Override
    public Optional<ClockControls> clockControls() {
        return cluster.clock().controls();
    }

    private void injectOn(InjectedFault.NodeFault fault, String node) {
        SimFaults faults = cluster.faults();
        switch (fault) {
            case STALL -> faults.stall(node);
            case UNSTALL -> faults.unstall(node);
            case CRASH -> faults.crash(node);
            case RESTART -> faults.restart(node);
            case PARTITION -> faults.partition(node);
            case HEAL -> faults.heal(node);
        }
    }
}
