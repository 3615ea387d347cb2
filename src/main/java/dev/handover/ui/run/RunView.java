package dev.handover.ui.run;

import dev.handover.ui.chart.CatchUpChart;
import javafx.collections.ListChangeListener;
import javafx.geometry.Bounds;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import dev.handover.ui.copy.Copy;
import java.util.List;

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
    @FXML
    private javafx.scene.layout.HBox logTitle;
    /** Lines arrived since the last layout; whether the log was following its end when the first came. */
    private boolean scrollPending;
    private boolean follow = true;
    /** Layouts left in which to keep the last line in view while a wrapped line settles its height. */
    private int settling;
    /** How many lines the log showed at its last layout. */
    private int laidOut;
    private final Runnable afterLayout = this::afterLayout;

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
        abort.setTooltip(new Tooltip("Abort: writes resume on the old primary, nothing is committed (Esc or Ctrl+.)"));
        bindCopy();
        log.setItems(viewModel.log());
        log.setPlaceholder(new Label("Every step of a run is logged here with its time."));
        log.setCellFactory(list -> new LogCell());
        viewModel.log().addListener((ListChangeListener<LogLine>) c -> lineAdded());
        log.sceneProperty().addListener((obs, was, scene) -> {
            if (was != null) {
                was.removePostLayoutPulseListener(afterLayout);
            }
            if (scene != null) {
                scene.addPostLayoutPulseListener(afterLayout);
            }
        });
    }

    /**
     * The log follows its last line unless the operator scrolled up to read. Whether it follows is judged
     * from what was on screen before the first new line of a pulse (the last line then wholly in view); the
     * scroll itself waits for the layout, because scrolling while the list view still counts the old lines
     * stops short of the new last one, and a wrapped line's height is only known once it is laid out.
     */
    private void lineAdded() {
        if (!scrollPending) {
            follow = viewModel.log().size() <= 1 || lastLineInView(laidOut - 1);
            scrollPending = true;
        }
    }

    private void afterLayout() {
        VirtualFlow<?> flow = flow();
        int lines = viewModel.log().size();
        if (scrollPending && flow != null && flow.getCellCount() == lines) {
            scrollPending = false;
            if (follow && lines > 0) {
                flow.scrollTo(lines - 1); // the cell wholly in view, at the bottom
                settling = 2;             // and again after the next layouts, once its wrapped height is known
            }
        } else if (settling > 0 && follow && lines > 0 && flow != null && !lastLineInView(lines - 1)) {
            settling--;
            flow.scrollTo(lines - 1);
        } else {
            settling = 0;
        }
        laidOut = flow == null ? lines : flow.getCellCount();
    }

    /** Whether line {@code index} is wholly inside the log's viewport as last laid out (true when there is none). */
    private boolean lastLineInView(int index) {
        VirtualFlow<?> flow = flow();
        if (flow == null || index < 0) {
            return true;
        }
        IndexedCell<?> cell = flow.getLastVisibleCell();
        if (cell == null || cell.getIndex() < index) {
            return cell == null;
        }
        IndexedCell<?> target = flow.getVisibleCell(index);
        if (target == null) {
            return false;
        }
        Bounds view = flow.localToScene(flow.getLayoutBounds());
        Bounds line = target.localToScene(target.getLayoutBounds());
        return line.getMaxY() <= view.getMaxY() + 1;
    }

    private VirtualFlow<?> flow() {
        return log.lookup(".virtual-flow") instanceof VirtualFlow<?> f ? f : null;
    }

    /**
     * The log's lines are selectable (Shift/Ctrl+click for several) and copied with Ctrl+C or the right-click
     * menu, each with its wall time and time into the run; Copy log takes them all.
     */
    private void bindCopy() {
        log.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        Runnable copySelected = () -> {
            List<LogLine> picked = List.copyOf(log.getSelectionModel().getSelectedItems());
            if (!picked.isEmpty()) {
                Copy.toClipboard(RunViewModel.text(picked));
            }
        };
        MenuItem copy = new MenuItem("Copy");
        copy.setOnAction(e -> copySelected.run());
        MenuItem copyAll = new MenuItem("Copy all");
        copyAll.setOnAction(e -> Copy.toClipboard(RunViewModel.text(viewModel.log())));
        log.setContextMenu(new ContextMenu(copy, copyAll));
        log.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (COPY.match(e)) {
                copySelected.run();
                e.consume();
            }
        });
        logTitle.getChildren().add(Copy.button("Copy log", "copyLog", () -> RunViewModel.text(viewModel.log())));
    }

    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);

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
