package dev.handover.ui.training;

import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.stage.FileChooser;
import org.controlsfx.control.SegmentedButton;

import java.io.File;
import java.util.Map;

/**
 * The tool bar's drill controls: scenario picker, Open scenario…, speed, pause, simulated clock (on a
 * simulation only), Back to simulation (on a real cluster only), Open cluster (one entry per installed
 * engine). Binds only; the files chosen are read by the view model off the FX thread.
 */
public final class DrillView {
    private final DrillViewModel viewModel;
    private boolean showing;

    @FXML
    private HBox simulationControls;
    @FXML
    private Button backToSimulation;
    @FXML
    private ComboBox<ScenarioChoice> scenario;
    @FXML
    private Button openFile;
    @FXML
    private MenuButton openCluster;
    @FXML
    private Button restart;
    @FXML
    private SegmentedButton timeControls;
    @FXML
    private ToggleButton speed1;
    @FXML
    private ToggleButton speed5;
    @FXML
    private ToggleButton speed20;
    @FXML
    private Button pause;
    @FXML
    private Label clock;

    public DrillView(DrillViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        scenario.setItems(viewModel.scenarios());
        scenario.setPromptText("Pick a scenario");
        // Closed, the picker shows the name only (the band beside it carries the title); open, name and title.
        scenario.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(ScenarioChoice c) {
                return c == null ? "" : c.name();
            }

            @Override
            public ScenarioChoice fromString(String text) {
                return null;
            }
        });
        scenario.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(ScenarioChoice c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : c.toString());
            }
        });
        scenario.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(ScenarioChoice c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? viewModel.currentProperty().get() == null ? "Pick a scenario"
                        : viewModel.currentProperty().get().name() : c.name());
            }
        });
        // Training controls exist only on a simulation; a real cluster offers one plain way back instead.
        simulationControls.visibleProperty().bind(viewModel.simulatedProperty());
        simulationControls.managedProperty().bind(simulationControls.visibleProperty());
        backToSimulation.visibleProperty().bind(viewModel.simulatedProperty().not());
        backToSimulation.managedProperty().bind(backToSimulation.visibleProperty());
        backToSimulation.disableProperty().bind(viewModel.switchingProperty());
        backToSimulation.setTooltip(new Tooltip("Leave this real cluster for the simulated cluster "
                + DrillViewModel.DEFAULT_SCENARIO + " (not during a run)"));
        backToSimulation.setOnAction(e -> viewModel.backToSimulation());
        scenario.disableProperty().bind(viewModel.switchingProperty());
        openFile.disableProperty().bind(viewModel.switchingProperty());
        restart.disableProperty().bind(viewModel.switchingProperty());
        restart.setTooltip(new Tooltip("Start this scenario again from its beginning: a fresh cluster, the last run's"
                + " chart, log and outcome cleared (not during a run)"));
        restart.setOnAction(e -> viewModel.restart());
        openCluster.disableProperty().bind(viewModel.switchingProperty());
        showCurrent();
        viewModel.currentProperty().addListener((obs, was, now) -> showCurrent());
        viewModel.scenarios().addListener((javafx.collections.ListChangeListener<ScenarioChoice>) c -> showCurrent());
        scenario.valueProperty().addListener((obs, was, picked) -> {
            if (!showing && picked != null) {
                viewModel.pick(picked.name());
                // Until the switch lands (or is refused), the picker shows what is really running.
                showCurrent();
            }
        });
        scenario.setTooltip(new Tooltip("Switch to a built-in simulated scenario (not during a run)"));
        openFile.setTooltip(new Tooltip("Load your own scenario file (JSON)"));
        openFile.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Open scenario");
            chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Scenario (*.json)", "*.json"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            File file = chooser.showOpenDialog(openFile.getScene().getWindow());
            if (file != null) {
                viewModel.open(file.toPath());
            }
        });

        openCluster.setTooltip(new Tooltip("Drive a real cluster from its definition file (JSON); passwords come"
                + " from the environment variable it names or the engine's own password file, never from the file"));
        for (ClusterKind kind : viewModel.realClusterKinds()) {
            MenuItem item = new MenuItem(kind.engine() + " cluster…");
            item.setId("open-" + kind.scheme());
            item.setOnAction(e -> {
                FileChooser chooser = new FileChooser();
                chooser.setTitle("Open " + kind.engine() + " cluster");
                chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Cluster definition (*.json)", "*.json"),
                        new FileChooser.ExtensionFilter("All files", "*"));
                File file = chooser.showOpenDialog(openCluster.getScene().getWindow());
                if (file != null) {
                    viewModel.connect(kind.scheme(), file.toPath());
                }
            });
            openCluster.getItems().add(item);
        }

        Map<ToggleButton, Double> speeds = Map.of(speed1, DrillViewModel.SPEEDS.get(0), speed5, DrillViewModel.SPEEDS.get(1),
                speed20, DrillViewModel.SPEEDS.get(2));
        speeds.forEach((button, x) -> button.setOnAction(e -> {
            viewModel.setSpeed(x);
            selectSpeed(speeds);
        }));
        viewModel.speedProperty().addListener((obs, was, now) -> selectSpeed(speeds));
        selectSpeed(speeds);
        timeControls.disableProperty().bind(viewModel.timeControllableProperty().not());
        pause.disableProperty().bind(viewModel.timeControllableProperty().not());
        pause.textProperty().bind(Bindings.when(viewModel.pausedProperty()).then("Resume").otherwise("Pause"));
        pause.setOnAction(e -> viewModel.togglePause());
        clock.textProperty().bind(viewModel.clockTextProperty());
        // No simulated time on a real cluster: the read-out gives its room back to the tool bar.
        clock.visibleProperty().bind(clock.textProperty().isNotEmpty());
        clock.managedProperty().bind(clock.visibleProperty());
        Tooltip timeTip = new Tooltip();
        timeTip.textProperty().bind(Bindings.when(viewModel.timeControllableProperty())
                .then("Simulated time since the scenario started, at the chosen speed").otherwise(viewModel.timeReasonProperty()));
        clock.setTooltip(timeTip);
        clock.getStyleClass().add("sim-clock");
        viewModel.pausedProperty().addListener((obs, was, p) -> clock.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("paused"), p));
    }

    private void showCurrent() {
        showing = true;
        try {
            scenario.setValue(viewModel.currentProperty().get());
        } finally {
            showing = false;
        }
    }

    private void selectSpeed(Map<ToggleButton, Double> speeds) {
        speeds.forEach((button, x) -> button.setSelected(x == viewModel.speedProperty().get()));
    }
}
