package dev.handover.ui.cluster;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.util.Callback;
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
    private TableColumn<NodeRow, Object> idColumn;
    @FXML
    private TableColumn<NodeRow, Object> addressColumn;
    @FXML
    private TableColumn<NodeRow, Object> regionColumn;
    @FXML
    private TableColumn<NodeRow, Object> roleColumn;
    @FXML
    private TableColumn<NodeRow, Object> termColumn;
    @FXML
    private TableColumn<NodeRow, Object> lsnColumn;
    @FXML
    private TableColumn<NodeRow, Object> durableColumn;
    @FXML
    private TableColumn<NodeRow, Object> lagLsnColumn;
    @FXML
    private TableColumn<NodeRow, Object> lagColumn;
    @FXML
    private TableColumn<NodeRow, Object> healthColumn;
    @FXML
    private MaskerPane masker;

    public ClusterView(ClusterViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        show(idColumn, NodeRow::id);
        show(addressColumn, NodeRow::address);
        show(regionColumn, NodeRow::region);
        show(roleColumn, NodeRow::role);
        show(termColumn, NodeRow::term);
        show(lsnColumn, NodeRow::lsn);
        show(durableColumn, NodeRow::durableLsn);
        show(lagLsnColumn, NodeRow::lagLsn);
        show(lagColumn, NodeRow::lag);
        show(healthColumn, NodeRow::health);
        table.setItems(viewModel.rows());
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(NodeRow row, boolean empty) {
                super.updateItem(row, empty);
                pseudoClassStateChanged(PRIMARY, !empty && row != null && row.primary());
                pseudoClassStateChanged(UNHEALTHY, !empty && row != null && !row.healthy());
                setTooltip(empty || row == null ? null : new Tooltip(row.id() + " (" + row.address() + "): " + row.health()));
            }
        });
        masker.visibleProperty().bind(viewModel.loadedProperty().not());
    }

    private static void show(TableColumn<NodeRow, Object> column, Function<NodeRow, Object> value) {
        Callback<TableColumn.CellDataFeatures<NodeRow, Object>, ObservableValue<Object>> f =
                cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue()));
        column.setCellValueFactory(f);
    }
}
