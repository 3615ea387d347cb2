package dev.handover.ui;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.ClusterWorld;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.Optional;

/**
 * Which world the console is in, said by the band, the window's title and the cluster's name: from what the backend
 * declares (never the name), a real cluster with its engine and the primary it reads now, a simulation with its
 * scenario. Changes when the console switches cluster. FX thread only.
 */
public final class WorldBand {
    private final ReadOnlyStringWrapper clusterName = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<ClusterWorld> world = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper simulation = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper worldKind = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper worldDetail = new ReadOnlyStringWrapper();
    private Optional<ClusterSnapshot> lastSnapshot = Optional.empty();

    /** The cluster now on screen; its primary is "reading status…" until the first snapshot. */
    void show(ClusterSwitcher switcher) {
        clusterName.set(switcher.name());
        world.set(switcher.world());
        simulation.set(world.get().simulation());
        lastSnapshot = Optional.empty();
        render();
    }

    /** A fresh status: the band names the primary it reads. */
    void observe(ClusterSnapshot s) {
        lastSnapshot = Optional.ofNullable(s);
        render();
    }

    private void render() {
        ClusterWorld w = world.get();
        if (w instanceof ClusterWorld.Real real) {
            worldKind.set("REAL CLUSTER");
            String primary = lastSnapshot.map(s -> s.primary().map(p -> "primary " + p.id() + " at " + p.node().addr())
                    .orElse("no primary seen")).orElse("reading status…");
            worldDetail.set(real.name() + " · " + real.engine() + " · " + primary);
            title.set("Handover — REAL CLUSTER · " + real.name() + " (" + real.engine() + ")");
        } else if (w instanceof ClusterWorld.Simulated sim) {
            worldKind.set("SIMULATION");
            worldDetail.set(sim.scenario() + " · " + sim.title() + " · no real database is touched");
            title.set("Handover — SIMULATION · " + sim.scenario());
        }
    }

    /** The short name a person types against: the real cluster's file name, the scenario, else the address. */
    String shortName() {
        return world.get() instanceof ClusterWorld.Real real ? real.name()
                : world.get() instanceof ClusterWorld.Simulated sim ? sim.scenario() : clusterName.get();
    }

    boolean simulated() {
        return simulation.get();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** Which world the console is in: a simulation or a real cluster (changes on a switch). */
    public ReadOnlyObjectProperty<ClusterWorld> worldProperty() {
        return world.getReadOnlyProperty();
    }

    /** True on a simulation: the training controls (scenario, clock, drill and faults, debrief) show only then. */
    public ReadOnlyBooleanProperty simulationProperty() {
        return simulation.getReadOnlyProperty();
    }

    /** The band's first word, unmissable: {@code REAL CLUSTER} or {@code SIMULATION}. */
    public ReadOnlyStringProperty worldKindProperty() {
        return worldKind.getReadOnlyProperty();
    }

    /** The band's rest: the cluster, its engine and primary, or the scenario. */
    public ReadOnlyStringProperty worldDetailProperty() {
        return worldDetail.getReadOnlyProperty();
    }

    /** The cluster's name; changes when the trainee switches scenario. */
    public ReadOnlyStringProperty clusterNameProperty() {
        return clusterName.getReadOnlyProperty();
    }
}
