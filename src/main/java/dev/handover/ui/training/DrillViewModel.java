package dev.handover.ui.training;

import dev.handover.ui.ClusterSwitcher;
import dev.handover.cluster.Backends;
import dev.handover.cluster.Environment;
import dev.handover.ui.password.PasswordPrompt;
import dev.handover.cluster.ClockControls;
import dev.handover.cluster.ClusterConnection;
import dev.handover.cluster.ClusterException;
import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.OpenOptions;
import dev.handover.cluster.Simulation;
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
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The drill: which scenario the console is on (a built-in one or the trainee's own file), its
 * briefing, and the simulation's speed and pause — or a real cluster (any registered engine) from a
 * definition file. Everything is opened through the backend registry and driven through the cluster's
 * {@link Simulation} capability, so no engine is named here. Scenarios and clusters are read, started or
 * connected on the background executor and switched in on the FX thread; a bad file or a cluster that
 * does not answer changes nothing, and no switch happens while a run is in progress.
 */
public final class DrillViewModel {
    public static final List<Double> SPEEDS = List.of(1.0, 5.0, 20.0);
    /** Where "Back to simulation" leads: the scenario the console opens with no options. */
    public static final String DEFAULT_SCENARIO = "healthy";

    private final ClusterSwitcher cluster;
    private final DrillBackends backends;
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
    private PasswordPrompt passwords = PasswordPrompt.NONE;
    private Environment environment = Environment.system();

    /**
     * @param running  whether a run is in progress (switching is refused then)
     * @param notices  messages for the window: refusals and bad files
     */
    /** @param backends where scenarios and real clusters are opened from: the registry the console was given */
    public DrillViewModel(ClusterSwitcher cluster, Backends backends, BackgroundExecutor executor, FxRelay relay,
                          ObservableBooleanValue running, Consumer<String> notices) {
        this.cluster = cluster;
        this.backends = new DrillBackends(backends);
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

    /** Read the simulator's built-in catalogue (names and titles) off the FX thread. */
    public void loadCatalogue() {
        executor.execute(() -> {
            List<ScenarioChoice> found = backends.catalogue();
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
        switchTo("scenario " + name, simulation(name), Optional.empty(), "Could not open ");
    }

    /**
     * Start the scenario on screen again from its beginning (a fresh cluster, same seed and speed): the last run's
     * chart, log and outcome are cleared as on any switch. Not during a run; only on a simulation.
     */
    public void restart() {
        if (!simulated.get()) {
            return;
        }
        String name = cluster.name();
        String location = name.substring(name.indexOf(':') + 1);
        Optional<Path> file = "built in".equals(source.get()) ? Optional.empty()
                : source.get().isEmpty() ? Optional.empty() : Optional.of(Path.of(source.get()));
        switchTo("scenario " + location + " (restarted)", simulation(file.map(Path::toString).orElse(location)), file,
                "Could not restart ");
    }

    /** Leave a real cluster for the built-in simulation the console starts on. */
    public void backToSimulation() {
        pick(DEFAULT_SCENARIO);
    }

    /** Switch to the scenario in {@code file}. */
    public void open(Path file) {
        switchTo("scenario file " + file, simulation(file.toString()), Optional.of(file), "Could not open ");
    }

    /** The kinds of real cluster "Open cluster" offers, one per registered engine. */
    public List<ClusterKind> realClusterKinds() {
        return backends.realKinds();
    }

    /**
     * Switch to the real cluster of kind {@code scheme} (e.g. {@code pg}, {@code mariadb}) that
     * {@code definition} describes, if at least one of its nodes answers.
     */
    public void connect(String scheme, Path definition) {
        String what = backends.engine(scheme) + " cluster " + definition;
        if (running.get()) {
            notices.accept("A run is in progress: let it finish (or abort it) before switching to " + what + ".");
            return;
        }
        if (switching.get()) {
            return;
        }
        // The definition is read off the FX thread; an unset password variable is asked for, then the cluster opens
        // with what was typed, held in memory by the cluster alone.
        switching.set(true);
        executor.execute(() -> {
            List<String> missing;
            try {
                missing = environment.missing(backends.definition(scheme, definition).secretVariables());
            } catch (ClusterException | RuntimeException e) {
                missing = List.of(); // the open below names what is wrong with the definition
            }
            List<String> unset = missing;
            relay.run(() -> {
                switching.set(false);
                if (unset.isEmpty()) {
                    connectWith(scheme, definition, what, environment);
                    return;
                }
                passwords.ask(what, unset, typed -> connectWith(scheme, definition, what,
                        typed.map(environment::with).orElse(environment)));
            });
        });
    }

    private void connectWith(String scheme, Path definition, String what, Environment env) {
        switchTo(what, () -> Backends.connect(backends.definition(scheme, definition), OpenOptions.real().withEnvironment(env)),
                Optional.of(definition), "Could not connect to ");
    }

    /** How "Open cluster" asks for a password whose variable is unset (the console's dialog). */
    public void setPasswordPrompt(PasswordPrompt prompt) {
        this.passwords = prompt;
    }

    /** Where password variables are read (tests: a lookup of their own instead of the process's). */
    public void setEnvironment(Environment env) {
        this.environment = env;
    }

    private interface ClusterOpener {
        ClusterConnection open() throws ClusterException;
    }

    /** A scenario started on a real-time clock with the seed and the speed the console is on now. */
    private ClusterOpener simulation(String nameOrFile) {
        long seed = cluster.simulation().map(Simulation::seed).orElse(1L);
        double speedNow = speed.get();
        return () -> backends.scenario(nameOrFile).open(OpenOptions.realTime(seed, speedNow));
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
                String message = failure + SwitchFailure.describe(what, file, e) + ". Still on " + cluster.name()
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
        now.set(BriefingNow.text(s, cluster.simulation().map(sim -> sim.briefing().began())));
    }

    private void showCurrent(Optional<Path> file) {
        now.set(""); // until the new cluster's first status
        Optional<Simulation> sim = cluster.simulation();
        // The backend says which world it is; scenario, clock and faults need its simulation capability.
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
        Simulation.Briefing b = sim.get().briefing();
        Optional<ScenarioChoice> builtIn = scenarios.stream().filter(c -> c.name().equals(b.scenario())).findFirst();
        current.set(builtIn.filter(c -> file.isEmpty()).orElse(new ScenarioChoice(b.scenario(), b.title())));
        title.set(b.title());
        briefing.set(b.text());
        source.set(file.map(Path::toString).orElse(builtIn.isPresent() ? "built in" : ""));
        Optional<ClockControls> clock = sim.get().clockControls();
        if (clock.isPresent()) {
            timeControllable.set(true);
            timeReason.set("");
            speed.set(clock.get().speed());
            paused.set(clock.get().isPaused());
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
        Optional<Simulation> sim = cluster.simulation();
        if (sim.isEmpty()) {
            return;
        }
        Duration now = sim.get().now();
        String state = !timeControllable.get() ? "virtual" : paused.get() ? "PAUSED" : trim(speed.get()) + "×";
        clockText.set(String.format("sim %02d:%02d · %s", now.toMinutes(), now.toSecondsPart(), state));
    }

    private Optional<ClockControls> realClock() {
        return cluster.simulation().flatMap(Simulation::clockControls);
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
