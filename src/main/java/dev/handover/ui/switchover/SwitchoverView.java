package dev.handover.ui.switchover;

import dev.handover.cluster.Candidate;
import dev.handover.cluster.PreflightCheck;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The switchover form and preflight checklist: binds the controls, nothing else. */
public final class SwitchoverView {
    private final SwitchoverViewModel viewModel;
    private final Runnable onStart;
    private final ScheduleViewModel schedule;
    private final java.util.function.Consumer<java.time.Instant> onSchedule;
    private final Runnable onStartAnyway;
    private boolean syncing;

    @FXML
    private VBox inputs;
    @FXML
    private ListView<Candidate> targets;
    @FXML
    private Label targetReason;
    @FXML
    private Label targetError;
    @FXML
    private ToggleGroup modeGroup;
    @FXML
    private RadioButton coordinatedMode;
    @FXML
    private RadioButton forceMode;
    @FXML
    private Label deadlineLabel;
    @FXML
    private TextField deadline;
    @FXML
    private Label deadlineError;
    @FXML
    private TextField pollInterval;
    @FXML
    private Label pollError;
    @FXML
    private TextField freezeBudget;
    @FXML
    private Label freezeBudgetError;
    @FXML
    private TextField operator;
    @FXML
    private TextField reason;
    @FXML
    private TextField ticket;
    @FXML
    private Label whoError;
    @FXML
    private VBox checks;
    @FXML
    private VBox suggestions;
    @FXML
    private Label forceWarning;
    @FXML
    private Button start;
    @FXML
    private Button runAnyway;
    @FXML
    private Label blockedReason;
    @FXML
    private Button scheduleButton;
    @FXML
    private VBox scheduleBox;
    @FXML
    private Label scheduleCountdown;
    @FXML
    private Button scheduleCancel;
    @FXML
    private Label scheduleDetail;
    @FXML
    private Label scheduleResult;

    /** @param onStart what Start does: hand the plan to a run */
    public SwitchoverView(SwitchoverViewModel viewModel, Runnable onStart) {
        this(viewModel, onStart, null, at -> { });
    }

    /**
     * @param schedule   the console's Schedule… (null: no Schedule… button)
     * @param onSchedule what the dialog's Schedule does: hold the form's plan until that time
     */
    public SwitchoverView(SwitchoverViewModel viewModel, Runnable onStart, ScheduleViewModel schedule,
                          java.util.function.Consumer<java.time.Instant> onSchedule) {
        this(viewModel, onStart, schedule, onSchedule, () -> { });
    }

    /** @param onStartAnyway what "Run anyway…" does: ask the operator's reason, then run against the failing preflight */
    public SwitchoverView(SwitchoverViewModel viewModel, Runnable onStart, ScheduleViewModel schedule,
                          java.util.function.Consumer<java.time.Instant> onSchedule, Runnable onStartAnyway) {
        this.viewModel = viewModel;
        this.onStart = onStart;
        this.schedule = schedule;
        this.onSchedule = onSchedule;
        this.onStartAnyway = onStartAnyway;
    }

    @FXML
    private void initialize() {
        bindTargets();
        coordinatedMode.setUserData(ModeKind.COORDINATED);
        forceMode.setUserData(ModeKind.FORCE);
        modeGroup.selectToggle(viewModel.modeProperty().get() == ModeKind.FORCE ? forceMode : coordinatedMode);
        modeGroup.selectedToggleProperty().addListener((obs, was, now) -> {
            if (now != null) {
                viewModel.modeProperty().set((ModeKind) now.getUserData());
            }
        });
        // And back: after a run the mode returns to Coordinated, and the radio buttons say so.
        viewModel.modeProperty().addListener((obs, was, m) ->
                modeGroup.selectToggle(m == ModeKind.FORCE ? forceMode : coordinatedMode));
        deadlineLabel.textProperty().bind(viewModel.deadlineLabelProperty());
        deadline.textProperty().bindBidirectional(viewModel.deadlineTextProperty());
        pollInterval.textProperty().bindBidirectional(viewModel.pollTextProperty());
        freezeBudget.textProperty().bindBidirectional(viewModel.freezeBudgetTextProperty());
        message(freezeBudgetError, viewModel.freezeBudgetErrorProperty());
        operator.textProperty().bindBidirectional(viewModel.who().operatorProperty());
        reason.textProperty().bindBidirectional(viewModel.who().reasonProperty());
        ticket.textProperty().bindBidirectional(viewModel.who().ticketProperty());
        message(whoError, viewModel.who().errorProperty());
        message(targetReason, viewModel.targetReasonProperty());
        message(targetError, viewModel.targetErrorProperty());
        message(deadlineError, viewModel.deadlineErrorProperty());
        message(pollError, viewModel.pollErrorProperty());
        message(forceWarning, viewModel.forceWarningProperty());
        message(blockedReason, viewModel.blockedReasonProperty());
        viewModel.checks().addListener((ListChangeListener<PreflightCheck>) c -> showChecks());
        showChecks();
        viewModel.suggestions().addListener((ListChangeListener<String>) c -> showSuggestions());
        showSuggestions();
        inputs.disableProperty().bind(viewModel.busyProperty().or(viewModel.scheduledProperty()));
        start.disableProperty().bind(viewModel.canStartProperty().not());
        start.setOnAction(e -> onStart.run());
        start.setTooltip(new javafx.scene.control.Tooltip("Start the switchover (Ctrl+Enter); on a real cluster you"
                + " confirm it first"));
        runAnyway.visibleProperty().bind(viewModel.overridableProperty());
        runAnyway.managedProperty().bind(runAnyway.visibleProperty());
        runAnyway.setOnAction(e -> onStartAnyway.run());
        runAnyway.setTooltip(new javafx.scene.control.Tooltip("Run although the preflight fails: you type the reason,"
                + " and the run's record keeps it"));
        bindSchedule();
    }

    /** Schedule… beside Start (enabled as Start is); while a schedule waits, its countdown and Cancel. */
    private void bindSchedule() {
        if (schedule == null) {
            for (javafx.scene.Node n : new javafx.scene.Node[]{scheduleButton, scheduleBox, scheduleResult}) {
                n.setVisible(false);
                n.setManaged(false);
            }
            return;
        }
        scheduleButton.disableProperty().bind(viewModel.canStartProperty().not());
        scheduleButton.visibleProperty().bind(schedule.waitingProperty().not());
        scheduleButton.managedProperty().bind(scheduleButton.visibleProperty());
        scheduleButton.setOnAction(e -> viewModel.plan().ifPresent(plan -> ScheduleDialog.open(
                start.getScene() == null ? null : start.getScene().getWindow(), schedule, plan, onSchedule)));
        scheduleBox.visibleProperty().bind(schedule.waitingProperty());
        scheduleBox.managedProperty().bind(scheduleBox.visibleProperty());
        scheduleCountdown.textProperty().bind(schedule.countdownProperty());
        scheduleDetail.textProperty().bind(schedule.detailProperty());
        scheduleCancel.disableProperty().bind(schedule.firingProperty());
        scheduleCancel.setOnAction(e -> schedule.cancel());
        message(scheduleResult, schedule.resultProperty());
        schedule.resultBadProperty().addListener((obs, was, bad) -> tone(bad));
        tone(schedule.resultBadProperty().get());
    }

    private void tone(boolean bad) {
        scheduleResult.getStyleClass().removeAll("schedule-bad", "hint");
        scheduleResult.getStyleClass().add(bad ? "schedule-bad" : "hint");
    }

    private void bindTargets() {
        targets.setItems(viewModel.candidates());
        targets.setPlaceholder(new Label("No replica to promote"));
        targets.setCellFactory(list -> new CandidateCell());
        // A refresh re-ranks several times a second; a target must not move away from under the pointer before the click.
        viewModel.holdOrderProperty().bind(targets.hoverProperty());
        // The view model holds the chosen id; the list follows it across re-ranking.
        targets.getSelectionModel().selectedItemProperty().addListener((obs, was, c) -> {
            if (!syncing && c != null) {
                viewModel.targetIdProperty().set(c.id());
            }
        });
        viewModel.targetIdProperty().addListener((obs, was, id) -> selectTarget());
        viewModel.candidates().addListener((ListChangeListener<Candidate>) c -> selectTarget());
    }

    /** Ctrl+L: the target list takes the keyboard (arrows pick a target). */
    public void focusTargets() {
        targets.requestFocus();
        if (targets.getSelectionModel().isEmpty() && !targets.getItems().isEmpty()) {
            targets.getFocusModel().focus(0);
        }
    }

    private void selectTarget() {
        syncing = true;
        try {
            String id = viewModel.targetIdProperty().get();
            int index = -1;
            for (int i = 0; id != null && i < targets.getItems().size(); i++) {
                if (targets.getItems().get(i).id().equals(id)) {
                    index = i;
                }
            }
            if (index < 0) {
                targets.getSelectionModel().clearSelection();
            } else if (targets.getSelectionModel().getSelectedIndex() != index) {
                targets.getSelectionModel().select(index);
            }
        } finally {
            syncing = false;
        }
    }

    private void showChecks() {
        checks.getChildren().clear();
        if (viewModel.checks().isEmpty()) {
            Label none = new Label("Pick a target to run the preflight checks.");
            none.getStyleClass().add("hint");
            checks.getChildren().add(none);
            return;
        }
        for (PreflightCheck check : viewModel.checks()) {
            Label badge = new Label(check.verdict().name());
            badge.getStyleClass().addAll("verdict", "verdict-" + check.verdict().name().toLowerCase());
            badge.setMinWidth(44);
            Label title = new Label(check.title());
            title.getStyleClass().add("check-title");
            Label why = new Label(check.why());
            why.getStyleClass().add("check-why");
            why.setWrapText(true);
            VBox text = new VBox(title, why);
            HBox.setHgrow(text, Priority.ALWAYS);
            HBox line = new HBox(8, badge, text);
            line.getStyleClass().add("check");
            line.setId("check-" + check.title().toLowerCase().replace(' ', '-'));
            checks.getChildren().add(line);
        }
    }

    /** Under a failing checklist, what would pass: a longer deadline, another target, and only then Force. */
    private void showSuggestions() {
        suggestions.getChildren().clear();
        if (viewModel.suggestions().isEmpty()) {
            suggestions.setVisible(false);
            suggestions.setManaged(false);
            return;
        }
        Label head = new Label("What would pass");
        head.getStyleClass().add("check-title");
        suggestions.getChildren().add(head);
        for (String text : viewModel.suggestions()) {
            Label line = new Label("→ " + text);
            line.getStyleClass().add("suggestion");
            line.setWrapText(true);
            suggestions.getChildren().add(line);
        }
        suggestions.setVisible(true);
        suggestions.setManaged(true);
    }

    /** One ranked target: id and region, then the reason; labels kept across refreshes so clicks land. */
    private static final class CandidateCell extends ListCell<Candidate> {
        private final Label head = new Label();
        private final Label why = new Label();
        private final VBox box = new VBox(head, why);

        CandidateCell() {
            setPrefWidth(0); // fit the list's width and wrap, never scroll sideways
            head.getStyleClass().add("candidate-id");
            why.getStyleClass().add("candidate-reason");
            why.setWrapText(true);
        }

        @Override
        protected void updateItem(Candidate c, boolean empty) {
            super.updateItem(c, empty);
            setText(null);
            if (empty || c == null) {
                setGraphic(null);
                return;
            }
            head.setText("#" + c.rank() + "  " + c.id() + "  ·  " + c.status().node().region());
            why.setText(c.reason());
            setGraphic(box);
        }
    }

    /** A message label shows only while it has something to say. */
    private static void message(Label label, ObservableStringValue text) {
        label.textProperty().bind(text);
        label.visibleProperty().bind(Bindings.isNotEmpty(text));
        label.managedProperty().bind(label.visibleProperty());
    }
}
