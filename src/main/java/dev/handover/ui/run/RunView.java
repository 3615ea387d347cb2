package dev.handover.ui.run;

import dev.handover.ui.chart.CatchUpChart;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;

/** The run panel: chart, progress, elapsed against the deadline, Abort, event log. Binds only. */
public final class RunView {
    private final RunViewModel viewModel;

    @FXML
    private Label phase;
    @FXML
    private CatchUpChart chart;
    @FXML
    private ProgressBar progress;
    @FXML
    private Label progressText;
    @FXML
    private Label elapsed;
    @FXML
    private Button abort;
    @FXML
    private ListView<LogLine> log;

    public RunView(RunViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        chart.setModel(viewModel.series());
        phase.textProperty().bind(viewModel.phaseProperty());
        progress.progressProperty().bind(viewModel.progressProperty());
        progressText.textProperty().bind(viewModel.progressTextProperty());
        elapsed.textProperty().bind(viewModel.elapsedTextProperty());
        abort.disableProperty().bind(viewModel.abortableProperty().not());
        abort.setOnAction(e -> viewModel.abort());
        log.setItems(viewModel.log());
        log.setPlaceholder(new Label("Every step of a run is logged here with its time."));
        log.setCellFactory(list -> new LogCell());
        viewModel.log().addListener((ListChangeListener<LogLine>) c -> {
            if (!viewModel.log().isEmpty()) {
                log.scrollTo(viewModel.log().size() - 1);
            }
        });
    }

    public CatchUpChart chart() {
        return chart;
    }

    /**
     * One log line: wall time to the second (the run's own "+1.250s" gives the precision; the tooltip
     * has the milliseconds), then the text, wrapped at word boundaries for the few long lines.
     */
    private static final class LogCell extends ListCell<LogLine> {
        private final Tooltip full = new Tooltip();

        LogCell() {
            setPrefWidth(0); // wrap long lines instead of scrolling sideways
            setWrapText(true);
            full.setWrapText(true);
            full.setMaxWidth(720);
        }

        @Override
        protected void updateItem(LogLine line, boolean empty) {
            super.updateItem(line, empty);
            for (LogLine.Level level : LogLine.Level.values()) {
                pseudoClassStateChanged(PseudoClass.getPseudoClass(level.name().toLowerCase()),
                        !empty && line != null && line.level() == level);
            }
            if (empty || line == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            String wall = line.wall().length() > 8 ? line.wall().substring(0, 8) : line.wall();
            setText(wall + " " + String.format("%-8s", line.at()) + " " + line.text());
            full.setText(line.wall() + "  " + line.at() + "  " + line.text());
            setTooltip(full);
        }
    }
}
