package dev.handover.ui.outcome;

import javafx.fxml.FXML;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
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
    @FXML
    private Label check;
    @FXML
    private ListView<String> afterRun;

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
        check.textProperty().bind(viewModel.checkProperty());
        check.visibleProperty().bind(viewModel.checkProperty().isNotEmpty());
        check.managedProperty().bind(check.visibleProperty());
        viewModel.checkLoudProperty().addListener((obs, was, loud) -> loud(loud));
        loud(viewModel.checkLoudProperty().get());
        afterRun.setItems(viewModel.afterRun());
        afterRun.visibleProperty().bind(Bindings.isNotEmpty(viewModel.afterRun()));
        afterRun.managedProperty().bind(afterRun.visibleProperty());
        afterRun.setCellFactory(list -> new AfterRunCell());
        style(viewModel.kindProperty().get());
        viewModel.kindProperty().addListener((obs, was, kind) -> style(kind));
    }

    private static final PseudoClass LOUD = PseudoClass.getPseudoClass("loud");

    private void loud(boolean loud) {
        check.pseudoClassStateChanged(LOUD, loud);
        panel.pseudoClassStateChanged(LOUD, loud);
    }

    /** One line of the after-run text; the remaining steps are red, and the full line is in the tooltip. */
    private static final class AfterRunCell extends ListCell<String> {
        private final Tooltip tip = new Tooltip();

        AfterRunCell() {
            tip.setWrapText(true);
            tip.setMaxWidth(640);
        }

        @Override
        protected void updateItem(String line, boolean empty) {
            super.updateItem(line, empty);
            setText(empty || line == null ? null : line);
            tip.setText(line);
            setTooltip(empty || line == null ? null : tip);
            pseudoClassStateChanged(LOUD, !empty && line != null && (line.startsWith("REMAINING")
                    || line.matches("\\s+\\d+\\. .*") || line.contains("FAILED")));
        }
    }

    private void style(OutcomeKind kind) {
        for (OutcomeKind k : OutcomeKind.values()) {
            panel.getStyleClass().remove(k.styleClass());
        }
        panel.getStyleClass().add(kind.styleClass());
    }
}
