package dev.handover.ui.training;

import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.GridPane;

import java.util.List;

/** The debrief of the last drill. Binds only. */
public final class DebriefView {
    private static final List<String> GRADES = List.of("good", "warn", "bad");

    private final DebriefViewModel viewModel;

    @FXML
    private Label headline;
    @FXML
    private GridPane facts;
    @FXML
    private Label frozen;
    @FXML
    private Label lost;
    @FXML
    private Label target;
    @FXML
    private Label mode;
    @FXML
    private Label prompt;
    @FXML
    private ListView<String> reasons;
    @FXML
    private ListView<String> timeline;

    public DebriefView(DebriefViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        headline.textProperty().bind(viewModel.headlineProperty());
        showGrade(viewModel.gradeProperty().get());
        viewModel.gradeProperty().addListener((obs, was, g) -> showGrade(g));
        facts.visibleProperty().bind(viewModel.presentProperty());
        frozen.textProperty().bind(viewModel.frozenProperty());
        lost.textProperty().bind(viewModel.lostProperty());
        target.textProperty().bind(viewModel.targetProperty());
        mode.textProperty().bind(viewModel.modeProperty());
        prompt.textProperty().bind(viewModel.promptProperty());
        reasons.setItems(viewModel.reasons());
        reasons.setCellFactory(list -> wrapping());
        reasons.setPlaceholder(new Label("After a drill: what cost points, and why."));
        timeline.setItems(viewModel.timeline());
        timeline.setCellFactory(list -> wrapping());
        timeline.setPlaceholder(new Label("After a drill: its timeline."));
    }

    private void showGrade(String grade) {
        for (String g : GRADES) {
            headline.pseudoClassStateChanged(PseudoClass.getPseudoClass(g), g.equals(grade));
        }
    }

    /** A list cell that wraps long lines instead of scrolling sideways. */
    public static ListCell<String> wrapping() {
        ListCell<String> cell = new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
            }
        };
        cell.setPrefWidth(0); // wrap long lines instead of scrolling sideways
        cell.setWrapText(true);
        return cell;
    }
}
