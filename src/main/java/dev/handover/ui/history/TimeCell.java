package dev.handover.ui.history;

import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

import java.time.LocalDate;

/**
 * History's Time cell: a compact local time a narrow column still shows whole — {@code 06:01:04} for a run of
 * today, {@code 12-05 23:40} for an older one — with the full timestamp as its tooltip. The cell's value stays
 * the full timestamp, so the column still sorts by time. Before: the full timestamp, cut to "2026-12-0…" at
 * 1024×700, the hour unreadable.
 */
final class TimeCell extends TableCell<HistoryRow, String> {
    /** A cell's padding, its grid line, and a pixel to spare. */
    private static final double CELL_ROOM = 8;

    private final Tooltip full = new Tooltip();

    TimeCell() {
        // The column follows the font the cells are drawn in (the text size is the DBA's choice).
        fontProperty().addListener((obs, was, font) -> fitColumn());
    }

    private void fitColumn() {
        if (getTableColumn() != null) {
            fit(getTableColumn(), getFont());
        }
    }

    @Override
    protected void updateItem(String time, boolean empty) {
        super.updateItem(time, empty);
        if (empty || time == null) {
            setText(null);
            setTooltip(null);
            return;
        }
        setText(CompactTime.of(time, LocalDate.now()));
        fitColumn();
        full.setText(time + " (local time)");
        setTooltip(full);
    }

    /** The column at least as wide as the widest compact time in {@code font}, so no hour is cut to "…". */
    static void fit(TableColumn<HistoryRow, String> column, Font font) {
        Text measure = new Text(CompactTime.WIDEST);
        measure.setFont(font);
        double needed = Math.ceil(measure.getLayoutBounds().getWidth() + CELL_ROOM);
        if (Math.abs(column.getMinWidth() - needed) >= 1) {
            column.setMinWidth(needed);
            column.setPrefWidth(Math.max(needed, column.getPrefWidth()));
        }
    }
}
