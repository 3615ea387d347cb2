package dev.handover.ui.outcome;

import javafx.fxml.FXML;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import dev.handover.ui.copy.Copy;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
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
    private VBox afterRun;
    @FXML
    private VBox remaining;
    @FXML
    private HBox titleRow;
    @FXML
    private Label stale;
    @FXML
    private Label endedAt;

    public OutcomeView(OutcomeViewModel viewModel) {
        this.viewModel = viewModel;
    }

    private static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");

    @FXML
    private void initialize() {
        for (Label l : new Label[]{headline, detail, term, roles, frozen, check, stale, endedAt}) {
            Copy.copyable(l);
        }
        Button copySteps = Copy.button("Copy steps", "copySteps", viewModel::stepsText);
        copySteps.visibleProperty().bind(Bindings.isNotEmpty(viewModel.remaining()));
        copySteps.managedProperty().bind(copySteps.visibleProperty());
        titleRow.getChildren().addAll(copySteps, Copy.button("Copy outcome", "copyOutcome", viewModel::text));
        stale.textProperty().bind(viewModel.staleProperty());
        stale.visibleProperty().bind(viewModel.staleProperty().isNotEmpty());
        stale.managedProperty().bind(stale.visibleProperty());
        viewModel.staleProperty().addListener((obs, was, now) -> panel.pseudoClassStateChanged(STALE, !now.isEmpty()));
        endedAt.textProperty().bind(viewModel.endedAtProperty());
        endedAt.visibleProperty().bind(viewModel.endedAtProperty().isNotEmpty());
        endedAt.managedProperty().bind(endedAt.visibleProperty());
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
        afterRun.visibleProperty().bind(Bindings.isNotEmpty(viewModel.afterRun()));
        afterRun.managedProperty().bind(afterRun.visibleProperty());
        viewModel.afterRun().addListener((ListChangeListener<AfterRunLine>) c -> showAfterRun());
        showAfterRun();
        remaining.visibleProperty().bind(Bindings.isNotEmpty(viewModel.remaining()));
        remaining.managedProperty().bind(remaining.visibleProperty());
        viewModel.remaining().addListener((ListChangeListener<String>) c -> showRemaining());
        showRemaining();
        style(viewModel.kindProperty().get());
        viewModel.kindProperty().addListener((obs, was, kind) -> style(kind));
    }

    private static final PseudoClass LOUD = PseudoClass.getPseudoClass("loud");

    private void loud(boolean loud) {
        check.pseudoClassStateChanged(LOUD, loud);
        panel.pseudoClassStateChanged(LOUD, loud);
    }

    private static final PseudoClass HEADING = PseudoClass.getPseudoClass("heading");
    private static final PseudoClass NOTE = PseudoClass.getPseudoClass("note");

    /** One label a line, wrapped; the remaining steps and failed checks are red, by their tone. */
    private void showAfterRun() {
        afterRun.getChildren().setAll(viewModel.afterRun().stream().map(line -> {
            Label l = Copy.copyable(new Label(line.text()));
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
            l.pseudoClassStateChanged(LOUD, line.tone() == AfterRunLine.Tone.BAD);
            l.pseudoClassStateChanged(HEADING, line.tone() == AfterRunLine.Tone.HEADING);
            l.pseudoClassStateChanged(NOTE, line.tone() == AfterRunLine.Tone.NOTE);
            return l;
        }).toList());
    }

    /** One red label a step, wrapped. */
    private void showRemaining() {
        remaining.getChildren().setAll(viewModel.remaining().stream().map(step -> {
            Label l = Copy.copyable(new Label(step));
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
            return l;
        }).toList());
    }

    private void style(OutcomeKind kind) {
        for (OutcomeKind k : OutcomeKind.values()) {
            panel.getStyleClass().remove(k.styleClass());
        }
        panel.getStyleClass().add(kind.styleClass());
    }
}
