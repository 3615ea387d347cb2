package dev.handover.ui.recovery;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The recovery prompt: one card a run, with what to do and Acknowledge. Shown only while there are some. */
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
        VBox card = new VBox(4, headline, advice, ack);
        card.getStyleClass().addAll("recovery-item", "recovery-" + item.action().name().toLowerCase().replace('_', '-'));
        return card;
    }
}
