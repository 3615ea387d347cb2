package dev.handover.ui.training;

import javafx.fxml.FXML;
import javafx.scene.control.Label;

/** The trainee's briefing for the scenario the console is on. Binds only. */
public final class BriefingView {
    private final DrillViewModel viewModel;

    @FXML
    private Label title;
    @FXML
    private Label source;
    @FXML
    private Label now;
    @FXML
    private Label briefing;

    public BriefingView(DrillViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        title.textProperty().bind(viewModel.titleProperty());
        source.textProperty().bind(javafx.beans.binding.Bindings.concat("Scenario: ", viewModel.sourceProperty()));
        source.visibleProperty().bind(viewModel.sourceProperty().isNotEmpty());
        source.managedProperty().bind(source.visibleProperty());
        now.textProperty().bind(viewModel.nowProperty());
        now.visibleProperty().bind(viewModel.nowProperty().isNotEmpty());
        now.managedProperty().bind(now.visibleProperty());
        briefing.textProperty().bind(viewModel.briefingProperty());
    }
}
