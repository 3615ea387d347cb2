package dev.handover.ui.cluster;

import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import org.controlsfx.control.MaskerPane;

import java.util.function.Function;

/** The cluster table: binds the rows, marks the primary's row. */
public final class ClusterView {
    private static final PseudoClass PRIMARY = PseudoClass.getPseudoClass("primary");
    private static final PseudoClass UNHEALTHY = PseudoClass.getPseudoClass("unhealthy");

    private final ClusterViewModel viewModel;

    @FXML
    private TableView<NodeRow> table;
    @FXML
    private TableColumn<NodeRow, String> idColumn;
    @FXML
    private TableColumn<NodeRow, String> addressColumn;
    @FXML
    private TableColumn<NodeRow, String> regionColumn;
    @FXML
    private TableColumn<NodeRow, String> roleColumn;
    @FXML
    private TableColumn<NodeRow, PositionText> termColumn;
    @FXML
    private TableColumn<NodeRow, PositionText> lsnColumn;
    @FXML
    private TableColumn<NodeRow, PositionText> durableColumn;
    @FXML
    private TableColumn<NodeRow, PositionText> lagLsnColumn;
    @FXML
    private TableColumn<NodeRow, String> lagColumn;
    @FXML
    private TableColumn<NodeRow, String> healthColumn;
    @FXML
    private MaskerPane masker;

    public ClusterView(ClusterViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        idColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().id()));
        show(addressColumn, NodeRow::addressProperty);
        show(regionColumn, NodeRow::regionProperty);
        show(roleColumn, NodeRow::roleProperty);
        show(termColumn, NodeRow::termProperty);
        show(lsnColumn, NodeRow::lsnProperty);
        show(durableColumn, NodeRow::durableLsnProperty);
        show(lagLsnColumn, NodeRow::behindProperty);
        show(lagColumn, NodeRow::lagProperty);
        show(healthColumn, NodeRow::healthProperty);
        table.setItems(viewModel.rows());
        // A node that joins is appended: put it where the user's sort says (rows never move otherwise).
        viewModel.rows().addListener((ListChangeListener<NodeRow>) c -> {
            boolean joined = false;
            while (c.next()) {
                joined |= c.wasAdded();
            }
            if (joined) {
                Platform.runLater(table::sort); // not inside this change: sorting changes the list again
            }
        });
        table.setRowFactory(t -> new NodeTableRow());
        masker.visibleProperty().bind(viewModel.loadedProperty().not());
    }

    private static <T> void show(TableColumn<NodeRow, T> column, Function<NodeRow, ObservableValue<T>> value) {
        column.setCellValueFactory(cell -> value.apply(cell.getValue()));
    }

    /** Marks the primary's and unhealthy nodes' rows, following the row's line as refreshes update it. */
    private static final class NodeTableRow extends TableRow<NodeRow> {
        private final InvalidationListener lineChanged = o -> mark();
        private NodeRow watched;

        @Override
        protected void updateItem(NodeRow row, boolean empty) {
            super.updateItem(row, empty);
            NodeRow next = empty ? null : row;
            if (next != watched) {
                if (watched != null) {
                    watched.lineProperty().removeListener(lineChanged);
                }
                watched = next;
                if (watched != null) {
                    watched.lineProperty().addListener(lineChanged);
                }
            }
            mark();
        }

        private void mark() {
            NodeLine line = watched == null ? null : watched.lineProperty().get();
            pseudoClassStateChanged(PRIMARY, line != null && line.primary());
            pseudoClassStateChanged(UNHEALTHY, line != null && !line.healthy());
            String tip = line == null ? null : line.id() + " (" + line.address() + "): " + line.health()
                    + (line.behindInFull().isEmpty() ? "" : "\n" + line.behindInFull() + " behind the primary");
            if (tip == null) {
                setTooltip(null);
            } else if (getTooltip() == null) {
                setTooltip(new Tooltip(tip));
            } else {
                getTooltip().setText(tip);
            }
        }
    }
}
