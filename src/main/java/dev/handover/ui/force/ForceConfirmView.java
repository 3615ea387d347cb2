package dev.handover.ui.force;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.util.Duration;

import java.util.function.Supplier;

/** The force confirmation dialog's content: binds the view model and runs its countdown. */
public final class ForceConfirmView {
    private static final Duration TICK = Duration.millis(100);

    private final ForceConfirmViewModel viewModel;
    private final Timeline countdownTimer = new Timeline();

    @FXML
    private Label title;
    @FXML
    private Label lostWrites;
    @FXML
    private Label lostBasis;
    @FXML
    private Label lostSize;
    @FXML
    private Label lostTime;
    @FXML
    private Label alternative;
    @FXML
    private Label frontier;
    @FXML
    private Label reached;
    @FXML
    private Label skipped;
    @FXML
    private Label warning;
    @FXML
    private ProgressBar remaining;
    @FXML
    private Label countdown;
    @FXML
    private Label instruction;
    @FXML
    private TextField typedId;
    @FXML
    private Button decline;
    @FXML
    private Button commit;

    public ForceConfirmView(ForceConfirmViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        title.setText(viewModel.title());
        lostWrites.setText(viewModel.lostWritesText());
        lostBasis.setText(viewModel.lostWritesBasis());
        lostSize.setText(viewModel.lostSizeText());
        lostTime.setText(viewModel.lostTimeText());
        alternative.setText(viewModel.alternativeText());
        alternative.setVisible(!viewModel.alternativeText().isEmpty());
        alternative.setManaged(alternative.isVisible());
        frontier.setText(viewModel.frontierText());
        reached.setText(viewModel.reachedText());
        skipped.setText(viewModel.skippedText());
        warning.setText(viewModel.warning());
        instruction.setText(viewModel.instruction());
        typedId.textProperty().bindBidirectional(viewModel.typedIdProperty());
        countdown.textProperty().bind(viewModel.countdownProperty());
        remaining.progressProperty().bind(viewModel.remainingShareProperty());
        commit.disableProperty().bind(viewModel.commitAllowedProperty().not());
        commit.setOnAction(e -> viewModel.commit());
        decline.setOnAction(e -> viewModel.decline());
        countdownTimer.setCycleCount(Timeline.INDEFINITE);
    }

    /** Count down, reading what is left of the window ten times a second. */
    void startCountdown(Supplier<java.time.Duration> remaining) {
        countdownTimer.getKeyFrames().setAll(new KeyFrame(TICK, e -> viewModel.tick(remaining.get())));
        countdownTimer.play();
    }

    void stopCountdown() {
        countdownTimer.stop();
    }
}
