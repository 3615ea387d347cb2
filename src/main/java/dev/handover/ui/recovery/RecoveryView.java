package dev.handover.ui.recovery;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.scene.layout.HBox;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The recovery prompt: one card a run, with what to do and Acknowledge — and, for a run on PostgreSQL,
 * Release the stale freeze with its result. Shown only while there are some.
 */
public final class RecoveryView {
    private final RecoveryViewModel viewModel;

    @FXML
    private VBox panel;
    @FXML
    private VBox items;
    @FXML
    private Label message;

    public RecoveryView(RecoveryViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        panel.visibleProperty().bind(Bindings.isNotEmpty(viewModel.pending()));
        panel.managedProperty().bind(panel.visibleProperty());
        message.textProperty().bind(viewModel.messageProperty());
        viewModel.pending().addListener((ListChangeListener<RecoveryItem>) c -> showItems());
        viewModel.releases().addListener((MapChangeListener<String, RecoveryViewModel.Release>) c -> showItems());
        showItems();
    }

    private void showItems() {
        items.getChildren().setAll(viewModel.pending().stream().map(this::card).toList());
    }

    private VBox card(RecoveryItem item) {
        Label headline = new Label(item.headline());
        headline.getStyleClass().add("recovery-headline");
        headline.setWrapText(true);
        headline.setMinHeight(Region.USE_PREF_SIZE);
        Label advice = new Label(item.advice());
        advice.getStyleClass().add("recovery-advice");
        advice.setWrapText(true);
        advice.setMinHeight(Region.USE_PREF_SIZE);
        Button ack = new Button("Acknowledge: done");
        ack.getStyleClass().add("recovery-ack");
        ack.setId("acknowledge-" + item.runId());
        ack.setOnAction(e -> {
            ack.setDisable(true);
            viewModel.acknowledge(item);
        });
        HBox buttons = new HBox(6, ack);
        VBox card = new VBox(4, headline, advice, buttons);
        if (item.postgresDefinition().isPresent()) {
            RecoveryViewModel.Release release = viewModel.releases().get(item.runId());
            Button releaseButton = new Button("Release the stale freeze");
            releaseButton.getStyleClass().add("recovery-release");
            releaseButton.setId("release-" + item.runId());
            releaseButton.setDisable(release != null && release.state() == RecoveryViewModel.Release.State.RELEASING);
            releaseButton.setOnAction(e -> viewModel.releaseFreeze(item));
            buttons.getChildren().add(0, releaseButton);
            if (release != null) {
                Label result = new Label(release.text());
                result.setId("releaseResult-" + item.runId());
                result.getStyleClass().addAll("recovery-release-result",
                        "release-" + release.state().name().toLowerCase());
                result.setWrapText(true);
                result.setMinHeight(Region.USE_PREF_SIZE);
                card.getChildren().add(result);
            }
        }
        card.getStyleClass().addAll("recovery-item", "recovery-" + item.action().name().toLowerCase().replace('_', '-'));
        return card;
    }
}
