package dev.handover.ui.history;

import dev.handover.ui.chart.CatchUpChart;
import dev.handover.ui.training.DebriefView;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.embed.swing.SwingFXUtils;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

/** Past runs, the replay of one, exports, and the journal setting. Binds only. */
public final class HistoryView {
    private final HistoryViewModel viewModel;
    private final JournalSetting journal;
    private final Consumer<Path> changeJournal;

    @FXML
    private Label summary;
    @FXML
    private Button journalButton;
    @FXML
    private Button refresh;
    @FXML
    private Label damaged;
    @FXML
    private TableView<HistoryRow> runs;
    @FXML
    private TableColumn<HistoryRow, String> timeColumn;
    @FXML
    private TableColumn<HistoryRow, String> clusterColumn;
    @FXML
    private TableColumn<HistoryRow, String> targetColumn;
    @FXML
    private TableColumn<HistoryRow, String> modeColumn;
    @FXML
    private TableColumn<HistoryRow, String> resultColumn;
    @FXML
    private TableColumn<HistoryRow, String> skippedColumn;
    @FXML
    private TableColumn<HistoryRow, String> lostColumn;
    @FXML
    private TableColumn<HistoryRow, String> idColumn;
    @FXML
    private TableColumn<HistoryRow, String> operatorColumn;
    @FXML
    private TableColumn<HistoryRow, String> whyColumn;
    @FXML
    private TableColumn<HistoryRow, String> frozenColumn;
    @FXML
    private Label openedTitle;
    @FXML
    private Button exportJson;
    @FXML
    private Button exportPng;
    @FXML
    private CatchUpChart chart;
    @FXML
    private Label debrief;
    @FXML
    private ListView<String> deductions;
    @FXML
    private ListView<String> timeline;
    @FXML
    private Label message;

    /** @param changeJournal records in the journal in the given directory from now on */
    public HistoryView(HistoryViewModel viewModel, JournalSetting journal, Consumer<Path> changeJournal) {
        this.viewModel = viewModel;
        this.journal = journal;
        this.changeJournal = changeJournal;
    }

    @FXML
    private void initialize() {
        summary.textProperty().bind(viewModel.summaryProperty());
        column(timeColumn, HistoryRow::time);
        timeColumn.setCellFactory(c -> new TimeCell());
        column(clusterColumn, HistoryRow::cluster);
        column(targetColumn, HistoryRow::target);
        column(modeColumn, HistoryRow::mode);
        column(resultColumn, HistoryRow::resultText);
        column(skippedColumn, viewModel::skippedText);
        column(lostColumn, HistoryRow::lost);
        column(idColumn, HistoryRow::id);
        column(operatorColumn, HistoryRow::operator);
        column(whyColumn, HistoryRow::why);
        column(frozenColumn, HistoryRow::frozen);
        runs.setItems(viewModel.runs());
        runs.setPlaceholder(new Label("No runs recorded yet."));
        runs.getSelectionModel().selectedItemProperty().addListener((obs, was, row) -> viewModel.open(row));
        runs.setRowFactory(table -> {
            TableRow<HistoryRow> row = new TableRow<>();
            row.itemProperty().addListener((obs, was, r) -> {
                row.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("troubled"), r != null && troubled(r));
                row.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("lost"), r != null && r.dataLoss());
            });
            return row;
        });
        damaged.textProperty().bind(Bindings.createStringBinding(() -> String.join("\n", viewModel.damaged()),
                viewModel.damaged()));
        damaged.visibleProperty().bind(Bindings.isNotEmpty(viewModel.damaged()));
        damaged.managedProperty().bind(damaged.visibleProperty());
        refresh.setOnAction(e -> viewModel.reload());
        Tooltip where = new Tooltip();
        where.textProperty().bind(Bindings.concat("Runs are recorded in ", journal.textProperty(),
                "\nClick to record in another directory from now on"));
        journalButton.setTooltip(where);
        journalButton.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Journal directory");
            journal.get().map(j -> j.directory().toFile()).filter(File::isDirectory).ifPresent(chooser::setInitialDirectory);
            File dir = chooser.showDialog(window());
            if (dir != null) {
                changeJournal.accept(dir.toPath());
            }
        });
        refresh.disableProperty().bind(viewModel.loadingProperty());

        chart.setModel(viewModel.replay());
        openedTitle.textProperty().bind(Bindings.createStringBinding(() -> viewModel.openedProperty().get() == null
                ? "Select a run to replay its chart and timeline"
                : opened(viewModel.openedProperty().get()), viewModel.openedProperty()));
        exportJson.disableProperty().bind(viewModel.openedProperty().isNull());
        exportPng.disableProperty().bind(viewModel.openedProperty().isNull());
        exportJson.setOnAction(e -> chooseFile("Export run as JSON", "json", "Run record (*.json)")
                .ifPresent(viewModel::exportJson));
        exportPng.setOnAction(e -> chooseFile("Export chart as PNG", "png", "PNG image (*.png)")
                .ifPresent(this::exportChartTo));
        debrief.textProperty().bind(viewModel.debrief().headlineProperty());
        // The score's reasons, each with its points, as the Debrief tab lists them: the score alone says little.
        deductions.setItems(viewModel.debrief().reasons());
        deductions.setPlaceholder(new Label("The opened run's deductions."));
        deductions.setCellFactory(list -> DebriefView.wrapping());
        timeline.setItems(viewModel.debrief().timeline());
        timeline.setPlaceholder(new Label("The opened run's timeline."));
        timeline.setCellFactory(list -> DebriefView.wrapping());
        message.textProperty().bind(viewModel.messageProperty());
    }

    private static boolean troubled(HistoryRow r) {
        return !r.acknowledged() && (r.result().inDoubt() || r.degraded());
    }

    /** {@code Run 2026… by alice@db1 (CHG-1234: kernel upgrade)}: which run, who asked and why. */
    static String opened(HistoryRow row) {
        return "Run " + row.id() + " by " + row.operator() + (row.why().isEmpty() ? "" : " (" + row.why() + ")");
    }

    private static <T> void column(TableColumn<HistoryRow, T> column, Function<HistoryRow, T> value) {
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
    }

    /** Save the replayed chart as PNG: the snapshot is taken here on the FX thread, the file written off it. */
    public void exportChartTo(Path file) {
        WritableImage image = chart.snapshot(null, null);
        viewModel.exportPng(SwingFXUtils.fromFXImage(image, null), file);
    }

    private java.util.Optional<Path> chooseFile(String title, String extension, String description) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(viewModel.suggestedName(extension));
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, "*." + extension));
        File file = chooser.showSaveDialog(window());
        return java.util.Optional.ofNullable(file).map(File::toPath);
    }

    private Window window() {
        return runs.getScene() == null ? null : runs.getScene().getWindow();
    }

    public CatchUpChart chart() {
        return chart;
    }
}
