package dev.handover.ui.outcome;

import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The outcome panel; its style class follows the outcome so the bad ones are loud. */
public final class OutcomeView {
    private final OutcomeViewModel viewModel;

    @FXML
    private VBox panel;
    @FXML
    private Label headline;
    @FXML
    private Label detail;
    @FXML
    private Label term;
    @FXML
    private Label roles;
    @FXML
    private Label frozen;

    public OutcomeView(OutcomeViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        headline.textProperty().bind(viewModel.headlineProperty());
        detail.textProperty().bind(viewModel.detailProperty());
        term.textProperty().bind(viewModel.termProperty());
        roles.textProperty().bind(viewModel.rolesProperty());
        frozen.textProperty().bind(viewModel.frozenProperty());
        style(viewModel.kindProperty().get());
        viewModel.kindProperty().addListener((obs, was, kind) -> style(kind));
    }

    private void style(OutcomeKind kind) {
        for (OutcomeKind k : OutcomeKind.values()) {
            panel.getStyleClass().remove(k.styleClass());
        }
        panel.getStyleClass().add(kind.styleClass());
    }
}
