package dev.handover.ui.training;

import dev.handover.cluster.OpenOptions;
import dev.handover.cluster.Backends;
import dev.handover.app.Installed;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.NodeStatus;
import dev.handover.sim.NodeSpec;
import dev.handover.sim.RealTimeClock;
import dev.handover.sim.Scenario;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.ui.concurrent.BackgroundExecutor;
import dev.handover.ui.concurrent.FxRelay;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The drill: which scenario the console is on (a built-in one or the trainee's own file), its
 * briefing, and the simulation's speed and pause — or a real PostgreSQL cluster from a definition
 * file. Scenarios and clusters are read, started or connected on the background executor and
 * switched in on the FX thread; a bad file or a cluster that does not answer changes nothing, and no
 * switch happens while a run is in progress.
 */
public final class DrillViewModel {
    public static final List<Double> SPEEDS = List.of(1.0, 5.0, 20.0);
    /** Where "Back to simulation" leads: the scenario the console opens with no options. */
    public static final String DEFAULT_SCENARIO = "healthy";

    private final DrillCluster cluster;
    private final BackgroundExecutor executor;
    private final FxRelay relay;
    private final ObservableBooleanValue running;
    private final Consumer<String> notices;
    private final ObservableList<ScenarioChoice> scenarios = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ScenarioChoice> current = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper briefing = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper now = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper switching = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper simulated = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper timeControllable = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper timeReason = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper speed = new ReadOnlyDoubleWrapper(1);
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper clockText = new ReadOnlyStringWrapper("");
    private Runnable onSwitched = () -> { };

    /**
     * @param running  whether a run is in progress (switching is refused then)
     * @param notices  messages for the window: refusals and bad files
     */
    public DrillViewModel(DrillCluster cluster, BackgroundExecutor executor, FxRelay relay,
                          ObservableBooleanValue running, Consumer<String> notices) {
        this.cluster = cluster;
        this.executor = executor;
        this.relay = relay;
        this.running = running;
        this.notices = notices;
        showCurrent(Optional.empty());
    }

    /** Called on the FX thread after every switch, e.g. to clear the last run and refresh the table. */
    public void setOnSwitched(Runnable action) {
        this.onSwitched = action;
    }

    /** Read the built-in catalogue (names and titles) off the FX thread. */
    public void loadCatalogue() {
        executor.execute(() -> {
            List<ScenarioChoice> found = new ArrayList<>();
            for (String name : Scenarios.builtInNames()) {
                try {
                    Scenario s = Scenarios.builtIn(name);
                    found.add(new ScenarioChoice(s.name(), s.title()));
                } catch (ClusterException e) {
                    found.add(new ScenarioChoice(name, "(unreadable: " + e.getMessage() + ")"));
                }
            }
            relay.run(() -> {
                scenarios.setAll(found);
                showCurrent(Optional.empty());
            });
        });
    }

    /** Switch to the built-in scenario {@code name}. */
    public void pick(String name) {
        if (current.get() != null && current.get().name().equals(name) && "built in".equals(source.get())) {
            return;
        }
        switchTo("scenario " + name, simulation(() -> Scenarios.builtIn(name)), Optional.empty(), "Could not open ");
    }

    /** Leave a real cluster for the built-in simulation the console starts on. */
    public void backToSimulation() {
        pick(DEFAULT_SCENARIO);
    }

    /** Switch to the scenario in {@code file}. */
    public void open(Path file) {
        switchTo("scenario file " + file, simulation(() -> Scenarios.load(file)), Optional.of(file), "Could not open ");
    }

    /** Switch to the real PostgreSQL cluster described by {@code definition}, if at least one of its nodes answers. */
    public void connectPostgres(Path definition) {
        switchTo("PostgreSQL cluster " + definition, () -> Backends.connect(Installed.backends().parse("pg:" + definition), OpenOptions.real()), Optional.of(definition),
                "Could not connect to ");
    }

    /** What failed and why, naming the file once: loaders start their messages with the file already. */
    static String describe(String what, Optional<Path> file, String why) {
        if (why.startsWith(what)) {
            return why;
        }
        if (file.isPresent() && what.endsWith(file.get().toString()) && why.startsWith(file.get().toString())) {
            return what.substring(0, what.length() - file.get().toString().length()) + why;
        }
        return what + ": " + why;
    }

    private interface ScenarioSource {
        Scenario read() throws ClusterException;
    }

    private interface ClusterOpener {
        ClusterConnection open() throws ClusterException;
    }

    /** A scenario started on a real-time clock with the seed and the speed the console is on now. */
    private ClusterOpener simulation(ScenarioSource read) {
        long seed = cluster.simulated().map(SimCluster::seed).orElse(1L);
        double speedNow = speed.get();
        return () -> SimCluster.start(read.read(), seed, new RealTimeClock(speedNow));
    }

    private void switchTo(String what, ClusterOpener opener, Optional<Path> file, String failure) {
        if (running.get()) {
            notices.accept("A run is in progress: let it finish (or abort it) before switching to " + what + ".");
            return;
        }
        if (switching.get()) {
            return;
        }
        switching.set(true);
        executor.execute(() -> {
            ClusterConnection next;
            try {
                next = opener.open();
            } catch (ClusterException | RuntimeException e) {
                // The loader's message names the file and the field already; say the file only once.
                String why = String.valueOf(e.getMessage());
                String message = failure + describe(what, file, why) + ". Still on " + cluster.name()
                        + "; nothing changed.";
                relay.run(() -> {
                    switching.set(false);
                    notices.accept(message);
                });
                return;
            }
            relay.run(() -> {
                switching.set(false);
                if (running.get()) {
                    next.close();
                    notices.accept("A run started meanwhile: stayed on " + cluster.name() + ".");
                    return;
                }
                cluster.switchTo(next);
                showCurrent(file);
                onSwitched.run();
            });
        });
    }

    /**
     * The cluster as the last status call saw it, under the briefing: a scenario's briefing describes the
     * cluster as the scenario began, and after a handover that is no longer the cluster on screen.
     */
    public void update(ClusterSnapshot s) {
        now.set(nowText(s, cluster.simulated().map(SimCluster::scenario)));
    }

    static String nowText(ClusterSnapshot s, Optional<Scenario> scenario) {
        if (s.nodes().isEmpty()) {
            return "";
        }
        List<String> down = s.nodes().stream().filter(n -> !n.answered()).map(NodeStatus::id).toList();
        String unreachable = down.isEmpty() ? "" : "; unreachable: " + String.join(", ", down);
        Optional<NodeStatus> primary = s.primary().filter(NodeStatus::answered);
        if (primary.isEmpty()) {
            return "Now: no node answers as primary" + unreachable + ".";
        }
        NodeStatus p = primary.get();
        List<String> replicas = s.replicas().stream().filter(NodeStatus::answered).map(NodeStatus::id).toList();
        String text = "Now: " + p.id() + " is primary under term " + p.role().term()
                + (replicas.isEmpty() ? "" : ", replicas " + String.join(", ", replicas)) + unreachable + ".";
        Optional<NodeSpec> began = scenario.flatMap(sc -> sc.nodes().stream()
                .filter(n -> n.role() == NodeSpec.Role.PRIMARY).findFirst());
        if (began.isPresent() && (!began.get().id().equals(p.id()) || began.get().term() != p.role().term())) {
            text += " Since the scenario began (" + began.get().id() + " primary under term " + began.get().term()
                    + ") the primary role has moved: the briefing below describes the cluster as the scenario began.";
        }
        return text;
    }

    private void showCurrent(Optional<Path> file) {
        now.set(""); // until the new cluster's first status
        Optional<SimCluster> sim = cluster.simulated();
        // The backend says which world it is; scenario, clock and faults need the simulator itself.
        simulated.set(cluster.world().simulation() && sim.isPresent());
        if (sim.isEmpty()) {
            current.set(null);
            title.set(cluster.name());
            briefing.set("A real cluster: no scenario, no briefing.");
            source.set("");
            timeControllable.set(false);
            timeReason.set("Time is real on a real cluster.");
            clockText.set("");
            return;
        }
        Scenario s = sim.get().scenario();
        ScenarioChoice choice = scenarios.stream().filter(c -> c.name().equals(s.name()) && file.isEmpty()).findFirst()
                .orElse(new ScenarioChoice(s.name(), s.title()));
        current.set(choice);
        title.set(s.title());
        briefing.set(s.briefing());
        source.set(file.map(Path::toString).orElse(Scenarios.builtInNames().contains(s.name()) ? "built in" : ""));
        if (sim.get().clock() instanceof RealTimeClock clock) {
            timeControllable.set(true);
            timeReason.set("");
            speed.set(clock.speed());
            paused.set(clock.isPaused());
        } else {
            timeControllable.set(false);
            timeReason.set("Virtual clock: time moves only with the run.");
        }
        tick();
    }

    /** Set the simulation's speed (simulated seconds per wall-clock second). */
    public void setSpeed(double x) {
        realClock().ifPresent(c -> {
            c.setSpeed(x);
            speed.set(x);
            tick();
        });
    }

    public void pause() {
        realClock().ifPresent(c -> {
            c.pause();
            paused.set(true);
            tick();
        });
    }

    public void resume() {
        realClock().ifPresent(c -> {
            c.resume();
            paused.set(false);
            tick();
        });
    }

    public void togglePause() {
        if (paused.get()) {
            resume();
        } else {
            pause();
        }
    }

    /** Refresh the simulated-time read-out; called on every table refresh. */
    public void tick() {
        Optional<SimCluster> sim = cluster.simulated();
        if (sim.isEmpty()) {
            return;
        }
        Duration now = sim.get().clock().now();
        String state = !timeControllable.get() ? "virtual" : paused.get() ? "PAUSED" : trim(speed.get()) + "×";
        clockText.set(String.format("sim %02d:%02d · %s", now.toMinutes(), now.toSecondsPart(), state));
    }

    private Optional<RealTimeClock> realClock() {
        return cluster.simulated().map(SimCluster::clock)
                .filter(RealTimeClock.class::isInstance).map(RealTimeClock.class::cast);
    }

    static String trim(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
    }

    public ObservableList<ScenarioChoice> scenarios() {
        return scenarios;
    }

    /** The scenario the console is on; null on a real cluster. */
    public ReadOnlyObjectProperty<ScenarioChoice> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The cluster as it is now (primary, term, replicas), and whether that differs from the briefing's. */
    public ReadOnlyStringProperty nowProperty() {
        return now.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty briefingProperty() {
        return briefing.getReadOnlyProperty();
    }

    /** "built in", or the file the scenario came from. */
    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty switchingProperty() {
        return switching.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty simulatedProperty() {
        return simulated.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty timeControllableProperty() {
        return timeControllable.getReadOnlyProperty();
    }

    /** Why the time controls are disabled; empty when they are not. */
    public ReadOnlyStringProperty timeReasonProperty() {
        return timeReason.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty speedProperty() {
        return speed.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty pausedProperty() {
        return paused.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty clockTextProperty() {
        return clockText.getReadOnlyProperty();
    }
}
