package dev.handover.run;

import dev.handover.cluster.Simulation;
import dev.handover.journal.RunReport;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A simulation's accounting over one run, taken at its start: the record holds this run's own figures and
 * the faults that hit it, not those of earlier runs on the same cluster. Empty on a real cluster.
 */
final class SimulationWindow {
    private final Optional<Simulation> simulation;
    private final Duration start;
    private final Optional<Simulation.Invariants> before;

    private SimulationWindow(Optional<Simulation> simulation) {
        this.simulation = simulation;
        this.start = simulation.map(Simulation::now).orElse(Duration.ZERO);
        this.before = simulation.map(Simulation::invariants);
    }

    static SimulationWindow open(Optional<Simulation> simulation) {
        return new SimulationWindow(simulation);
    }

    /** What the simulator counted and checked since the start. */
    Optional<RunReport.InvariantsInfo> invariants() {
        return simulation.map(s -> {
            Simulation.Invariants r = s.invariants().since(before.orElseThrow());
            return new RunReport.InvariantsInfo(r.lostWrites(), r.primariesPerTerm(), r.leftFrozen(), r.violations());
        });
    }

    /** Faults injected or scripted since the start, timed from it. */
    List<RunReport.FaultInfo> faults() {
        return simulation.map(s -> s.faultsSince(start).stream()
                .map(f -> new RunReport.FaultInfo(f.at().minus(start).toMillis(), f.text())).toList()).orElse(List.of());
    }
}
