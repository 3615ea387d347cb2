package dev.handover.cluster;

import java.util.Objects;

/**
 * Which world a cluster is in, as its backend declares it: a simulation (training, drills, tests) or a
 * real cluster, whose switchover touches production data. The console says it in a band no operator can
 * miss and offers training controls only on a simulation; a backend that does not declare itself is real.
 */
public sealed interface ClusterWorld {

    /** Whether this is a simulation, where drills, faults, a clock and a score make sense. */
    boolean simulation();

    /**
     * A simulated cluster running a scenario.
     *
     * @param scenario the scenario's name, e.g. {@code healthy}
     * @param title    its one-line title
     */
    record Simulated(String scenario, String title) implements ClusterWorld {
        public Simulated {
            Objects.requireNonNull(scenario, "scenario");
            Objects.requireNonNull(title, "title");
        }

        @Override
        public boolean simulation() {
            return true;
        }
    }

    /**
     * A real cluster.
     *
     * @param engine what runs it, e.g. {@code PostgreSQL}
     * @param name   the cluster's own name as the operator knows it, e.g. its definition file {@code prod-eu.json}
     */
    record Real(String engine, String name) implements ClusterWorld {
        public Real {
            Objects.requireNonNull(engine, "engine");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public boolean simulation() {
            return false;
        }
    }
}
