package dev.handover.ui.cluster;

import dev.handover.cluster.Condition;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import org.controlsfx.control.MaskerPane;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/** The cluster table: binds the rows, marks the primary's row. */
public final class ClusterView {
    private static final PseudoClass PRIMARY = PseudoClass.getPseudoClass("primary");
    private static final PseudoClass UNHEALTHY = PseudoClass.getPseudoClass("unhealthy");
    private static final PseudoClass HELD = PseudoClass.getPseudoClass("held");

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
    private TableColumn<NodeRow, Condition> healthColumn;
    @FXML
    private MaskerPane masker;
    @FXML
    private Label routers;
    @FXML
    private Label splitBrain;

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
        show(healthColumn, NodeRow::badgeProperty);
        healthColumn.setCellFactory(c -> new BadgeCell());
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
        // Every refresh may bring longer text (a position past a digit, another cluster's addresses).
        viewModel.snapshotProperty().addListener((obs, was, now) -> {
            nameTheColumns(now);
            fitColumns();
        });
        table.skinProperty().addListener((obs, was, now) -> fitColumns());
        table.widthProperty().addListener((obs, was, now) -> fitOrScroll());
        masker.visibleProperty().bind(viewModel.loadedProperty().not());
        routers.textProperty().bind(viewModel.routersProperty());
        routers.visibleProperty().bind(viewModel.routersProperty().isNotEmpty());
        routers.managedProperty().bind(routers.visibleProperty());
        splitBrain.textProperty().bind(viewModel.splitBrainProperty());
        splitBrain.visibleProperty().bind(viewModel.splitBrainProperty().isNotEmpty());
        splitBrain.managedProperty().bind(splitBrain.visibleProperty());
        viewModel.clientsHeldProperty().addListener((obs, was, held) -> routers.pseudoClassStateChanged(HELD, held));
        routers.pseudoClassStateChanged(HELD, viewModel.clientsHeldProperty().get());
    }

    /** The position columns say what the cluster counts in: LSN, or GTID on MariaDB ({@code positions().noun()}). */
    private void nameTheColumns(dev.handover.cluster.ClusterSnapshot s) {
        String noun = s == null ? "LSN" : s.positions().noun();
        if (!lsnColumn.getText().equals(noun)) {
            lsnColumn.setText(noun);
            durableColumn.setText("Durable " + noun);
        }
    }

    /**
     * Each column at least as wide as its header and every value it shows now, measured in the fonts the
     * table draws them in, so nothing is cut to "…"; the constrained resize policy shares out what is left.
     */
    private void fitColumns() {
        Map<TableColumn<NodeRow, ?>, Font> fonts = new java.util.HashMap<>();
        for (Node n : table.lookupAll(".table-cell")) {
            if (n instanceof TableCell<?, ?> cell && cell.getTableColumn() != null) {
                @SuppressWarnings("unchecked")
                TableColumn<NodeRow, ?> column = (TableColumn<NodeRow, ?>) cell.getTableColumn();
                fonts.putIfAbsent(column, cell.getFont());
            }
        }
        Font headerFont = table.lookupAll(".column-header .label").stream().filter(Labeled.class::isInstance)
                .map(l -> ((Labeled) l).getFont()).findFirst().orElse(Font.getDefault());
        for (TableColumn<NodeRow, ?> column : table.getColumns()) {
            Font font = fonts.getOrDefault(column, headerFont);
            double needed = textWidth(column.getText(), headerFont) + HEADER_ROOM;
            for (NodeRow row : viewModel.rows()) {
                Object value = column.getCellObservableValue(row) == null ? null : column.getCellObservableValue(row).getValue();
                String shown = value instanceof Condition c ? c.label() : value == null ? "" : value.toString();
                needed = Math.max(needed, textWidth(shown, font) + CELL_ROOM);
            }
            needed = Math.ceil(needed);
            if (Math.abs(column.getMinWidth() - needed) >= 1) {
                column.setMinWidth(needed);
                column.setPrefWidth(Math.max(needed, column.getPrefWidth()));
            }
        }
        fitOrScroll();
    }

    /**
     * When the columns' minimum widths add up to more than the table has (a narrow window after a run, when roles
     * and positions read longer), the table scrolls sideways instead of clipping its last column ("Heal").
     */
    private void fitOrScroll() {
        double needed = table.getColumns().stream().mapToDouble(TableColumn::getMinWidth).sum();
        double room = table.getWidth() - table.snappedLeftInset() - table.snappedRightInset() - SCROLLBAR_ROOM;
        boolean scroll = table.getWidth() > 0 && needed > room;
        var policy = scroll ? TableView.UNCONSTRAINED_RESIZE_POLICY : TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS;
        if (table.getColumnResizePolicy() != policy) {
            table.setColumnResizePolicy(policy);
        }
        if (!scroll && table.getWidth() > 0) {
            // The constrained policy shares the width out again only when the table is resized: after the text
            // got smaller (Ctrl+0 after Ctrl+=) the columns kept their larger widths, past the table's edge with
            // no scroll bar ("Healt"). Ask it to share out the width for the new minimums now.
            table.getColumnResizePolicy().call(new TableView.ResizeFeatures<>(table, null, 0.0));
        }
    }

    /** A vertical scroll bar may take this much of the table's width. */
    private static final double SCROLLBAR_ROOM = 16;

    /** A cell's padding (2 px a side), its grid line, and a pixel to spare. */
    private static final double CELL_ROOM = 6;
    /** A header's padding and its grid line; a sort arrow, when shown, takes from the spare room. */
    private static final double HEADER_ROOM = 8;

    private final Text measure = new Text();

    private double textWidth(String text, Font font) {
        measure.setText(text);
        measure.setFont(font);
        return measure.getLayoutBounds().getWidth();
    }

    private static <T> void show(TableColumn<NodeRow, T> column, Function<NodeRow, ObservableValue<T>> value) {
        column.setCellValueFactory(cell -> value.apply(cell.getValue()));
    }

    /** The health as a one-word badge, coloured by its condition; the full text is the cell's tooltip. */
    private static final class BadgeCell extends TableCell<NodeRow, Condition> {
        private final Tooltip full = new Tooltip();
        private final InvalidationListener healthChanged = o -> full.setText(watchedHealth());
        private NodeRow watched;

        BadgeCell() {
            getStyleClass().add("badge-cell");
        }

        @Override
        protected void updateItem(Condition condition, boolean empty) {
            super.updateItem(condition, empty);
            NodeRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
            if (row != watched) {
                if (watched != null) {
                    watched.healthProperty().removeListener(healthChanged);
                }
                watched = row;
                if (watched != null) {
                    watched.healthProperty().addListener(healthChanged);
                }
            }
            for (Condition c : Condition.values()) {
                pseudoClassStateChanged(BADGES.get(c), !empty && c == condition);
            }
            if (empty || condition == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            setText(condition.label());
            full.setText(watchedHealth());
            setTooltip(full);
        }

        private String watchedHealth() {
            return watched == null ? "" : watched.health();
        }
    }

    private static final Map<Condition, PseudoClass> BADGES = badges();

    private static Map<Condition, PseudoClass> badges() {
        Map<Condition, PseudoClass> m = new EnumMap<>(Condition.class);
        for (Condition c : Condition.values()) {
            m.put(c, PseudoClass.getPseudoClass(c.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
        }
        return m;
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
                    + (line.behindInFull().isEmpty() ? "" : "\n" + line.behindInFull()
                       + (line.behind().value() < 0 ? " of the primary (diverged)" : " behind the primary"));
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
