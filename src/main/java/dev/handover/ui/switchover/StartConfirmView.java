package dev.handover.ui.switchover;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The start confirmation's controls: binds to {@link StartConfirmViewModel}, nothing else. */
public final class StartConfirmView {
    private final StartConfirmViewModel viewModel;

    @FXML
    private Label title;
    @FXML
    private Label cluster;
    @FXML
    private Label handover;
    @FXML
    private Label mode;
    @FXML
    private Label deadline;
    @FXML
    private Label freeze;
    @FXML
    private Label verdict;
    @FXML
    private VBox failing;
    @FXML
    private Label instruction;
    @FXML
    private TextField typedId;
    @FXML
    private TextArea reason;
    @FXML
    private Button cancel;
    @FXML
    private Button proceed;

    public StartConfirmView(StartConfirmViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        StartConfirmation c = viewModel.confirmation();
        title.setText(c.title());
        title.getStyleClass().add(c.realCluster() ? "confirm-real" : "confirm-sim");
        cluster.setText(c.cluster() + (c.realCluster() ? " (REAL CLUSTER)" : " (simulation)") + " · " + c.address());
        handover.setText(c.primary() + " → " + c.target());
        mode.setText(c.mode());
        deadline.setText(c.deadline());
        freeze.setText(c.freeze());
        verdict.setText(c.verdict());
        verdict.getStyleClass().add(c.needsReason() ? "confirm-verdict-fail" : "confirm-verdict-pass");
        for (String line : c.failing()) {
            Label l = new Label("FAIL  " + line);
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
            l.getStyleClass().add("confirm-fail-line");
            failing.getChildren().add(l);
        }
        failing.setVisible(c.needsReason());
        failing.setManaged(c.needsReason());
        instruction.setText(viewModel.instruction());
        typedId.textProperty().bindBidirectional(viewModel.typedIdProperty());
        typedId.setVisible(c.realCluster());
        typedId.setManaged(c.realCluster());
        typedId.setPromptText("type " + c.target() + " to enable Proceed");
        reason.textProperty().bindBidirectional(viewModel.reasonProperty());
        reason.setVisible(c.needsReason());
        reason.setManaged(c.needsReason());
        proceed.setText(c.needsReason() ? "Run anyway" : "Proceed: hand " + c.primary() + " → " + c.target());
        proceed.disableProperty().bind(viewModel.proceedAllowedProperty().not());
        proceed.setOnAction(e -> viewModel.proceed());
        cancel.setOnAction(e -> viewModel.cancel());
    }

    /** The first field to type in: the target id on a real cluster, else the reason. */
    public void focusFirst() {
        (typedId.isVisible() ? typedId : reason).requestFocus();
    }
}
