package dev.handover.ui.training;

import dev.handover.core.Durations;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.time.Duration;

/** The fault panel's controls. Binds only. */
public final class FaultPanelView {
    private final FaultPanelViewModel viewModel;

    @FXML
    private Label unavailable;
    @FXML
    private VBox controls;
    @FXML
    private ComboBox<String> node;
    @FXML
    private Button stall;
    @FXML
    private Button unstall;
    @FXML
    private Button crash;
    @FXML
    private Button restart;
    @FXML
    private Button partition;
    @FXML
    private Button heal;
    @FXML
    private ComboBox<Double> spikeFactor;
    @FXML
    private ComboBox<Duration> spikeDuration;
    @FXML
    private Button spike;
    @FXML
    private Label last;

    public FaultPanelView(FaultPanelViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        unavailable.textProperty().bind(viewModel.unavailableReasonProperty());
        unavailable.visibleProperty().bind(viewModel.availableProperty().not());
        unavailable.managedProperty().bind(unavailable.visibleProperty());
        controls.disableProperty().bind(viewModel.availableProperty().not());
        node.setItems(viewModel.nodes());
        node.valueProperty().bindBidirectional(viewModel.nodeProperty());
        wire(stall, FaultAction.STALL, "The replica stops applying WAL: its lag grows");
        wire(unstall, FaultAction.UNSTALL, "The replica applies again");
        wire(crash, FaultAction.CRASH, "The node goes down: calls to it fail, it applies nothing");
        wire(restart, FaultAction.RESTART, "The node comes back");
        wire(partition, FaultAction.PARTITION, "Cut the node off: calls fail, replication to it stops");
        wire(heal, FaultAction.HEAL, "Reconnect the node");
        spikeFactor.getItems().setAll(FaultPanelViewModel.SPIKE_FACTORS);
        spikeFactor.valueProperty().bindBidirectional(viewModel.spikeFactorProperty());
        spikeFactor.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double x) {
                return x == null ? "" : "×" + DrillViewModel.trim(x);
            }

            @Override
            public Double fromString(String s) {
                return Double.valueOf(s.replace("×", ""));
            }
        });
        spikeDuration.getItems().setAll(FaultPanelViewModel.SPIKE_DURATIONS);
        spikeDuration.valueProperty().bindBidirectional(viewModel.spikeDurationProperty());
        spikeDuration.setConverter(new StringConverter<>() {
            @Override
            public String toString(Duration d) {
                return d == null ? "" : Durations.format(d);
            }

            @Override
            public Duration fromString(String s) {
                return FaultPanelViewModel.SPIKE_DURATIONS.stream().filter(d -> Durations.format(d).equals(s))
                        .findFirst().orElse(null);
            }
        });
        spike.setOnAction(e -> viewModel.spike());
        spike.setTooltip(new Tooltip("Multiply the write load on the primary for a while"));
        last.textProperty().bind(viewModel.lastInjectedProperty());
    }

    private void wire(Button button, FaultAction action, String tip) {
        button.setOnAction(e -> viewModel.inject(action));
        button.setTooltip(new Tooltip(tip));
    }
}
