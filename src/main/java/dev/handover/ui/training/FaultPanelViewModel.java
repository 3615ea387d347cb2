package dev.handover.ui.training;

import dev.handover.ui.ClusterSwitcher;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.InjectedFault;
import dev.handover.cluster.NodeStatus;
import dev.handover.cluster.Simulation;
import dev.handover.core.Durations;
import dev.handover.ui.concurrent.BackgroundExecutor;
import dev.handover.ui.concurrent.FxRelay;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The fault panel: pick a node of the simulated cluster and stall, crash or cut it off (and undo
 * it), or spike the write load — at any time, a run in progress included. Faults are injected on the
 * background executor (the simulator plays itself forward first); a real cluster disables the panel
 * and says why.
 */
public final class FaultPanelViewModel {
    public static final List<Double> SPIKE_FACTORS = List.of(2.0, 5.0, 10.0);
    public static final List<Duration> SPIKE_DURATIONS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30));

    private final ClusterSwitcher cluster;
    private final BackgroundExecutor executor;
    private final FxRelay relay;
    private final BiConsumer<String, Boolean> log;
    private final ObservableList<String> nodes = FXCollections.observableArrayList();
    private final ObjectProperty<String> node = new SimpleObjectProperty<>();
    private final ObjectProperty<Double> spikeFactor = new SimpleObjectProperty<>(5.0);
    private final ObjectProperty<Duration> spikeDuration = new SimpleObjectProperty<>(Duration.ofSeconds(10));
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper unavailableReason = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lastInjected = new ReadOnlyStringWrapper("No fault injected yet.");

    /**
     * @param log where an injected fault (or a failure to inject one) is written, with true for a failure;
     *            called on the FX thread
     */
    public FaultPanelViewModel(ClusterSwitcher cluster, BackgroundExecutor executor, FxRelay relay,
                               BiConsumer<String, Boolean> log) {
        this.cluster = cluster;
        this.executor = executor;
        this.relay = relay;
        this.log = log;
        update(new ClusterSnapshot(List.of()));
    }

    /** A fresh status: the node chooser lists its nodes (primary included: it can crash too). */
    public void update(ClusterSnapshot snapshot) {
        Optional<Simulation> sim = cluster.simulation();
        available.set(sim.isPresent());
        unavailableReason.set(sim.isPresent() ? ""
                : "Faults can only be injected into a simulated cluster; " + cluster.name() + " is real.");
        List<String> ids = snapshot.nodes().stream().map(NodeStatus::id).toList();
        if (!ids.equals(nodes)) {
            String was = node.get();
            nodes.setAll(ids);
            node.set(ids.contains(was) ? was : snapshot.replicas().stream().map(NodeStatus::id).findFirst()
                    .orElse(ids.isEmpty() ? null : ids.get(0)));
        }
    }

    /** Stall, crash, partition (or undo it) on the chosen node. */
    public void inject(FaultAction action) {
        String target = node.get();
        if (target == null) {
            log.accept("Pick a node before injecting a fault.", true);
            return;
        }
        inject(() -> action.on(target));
    }

    /** Multiply the write load by the chosen factor for the chosen time. */
    public void spike() {
        double factor = spikeFactor.get();
        Duration duration = spikeDuration.get();
        inject(() -> new InjectedFault.WriteSpike(factor, duration));
    }

    /** {@code fault} is built where its refusal (a bad factor) can be logged like a failed injection. */
    private void inject(Supplier<InjectedFault> fault) {
        Optional<Simulation> sim = cluster.simulation();
        if (sim.isEmpty()) {
            log.accept(unavailableReason.get(), true);
            return;
        }
        executor.execute(() -> {
            String line;
            boolean failed;
            String what = "fault";
            try {
                InjectedFault f = fault.get();
                what = f.describe();
                sim.get().inject(f);
                line = "Fault injected at sim " + Durations.format(sim.get().now()) + ": " + what;
                failed = false;
            } catch (RuntimeException e) {
                line = "Could not inject \"" + what + "\": " + e.getMessage();
                failed = true;
            }
            String text = line;
            boolean bad = failed;
            relay.run(() -> {
                lastInjected.set(text);
                log.accept(text, bad);
            });
        });
    }

    public ObservableList<String> nodes() {
        return nodes;
    }

    public ObjectProperty<String> nodeProperty() {
        return node;
    }

    public ObjectProperty<Double> spikeFactorProperty() {
        return spikeFactor;
    }

    public ObjectProperty<Duration> spikeDurationProperty() {
        return spikeDuration;
    }

    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty unavailableReasonProperty() {
        return unavailableReason.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastInjectedProperty() {
        return lastInjected.getReadOnlyProperty();
    }
}
