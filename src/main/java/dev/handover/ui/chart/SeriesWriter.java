package dev.handover.ui.chart;

import javafx.scene.chart.XYChart;
import javafx.scene.shape.Path;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes points into a chart series in place: existing data items get new values, only the
 * difference in count is added or removed. Replacing the whole list every pulse makes the chart
 * rebuild every node; this keeps a redraw proportional to what changed.
 */
final class SeriesWriter {
    private SeriesWriter() {
    }

    static void write(XYChart.Series<Number, Number> series, double[] xs, double[] ys, int n) {
        List<XYChart.Data<Number, Number>> data = series.getData();
        int keep = Math.min(n, data.size());
        for (int i = 0; i < keep; i++) {
            XYChart.Data<Number, Number> d = data.get(i);
            if (d.getXValue().doubleValue() != xs[i]) {
                d.setXValue(xs[i]);
            }
            if (d.getYValue().doubleValue() != ys[i]) {
                d.setYValue(ys[i]);
            }
        }
        if (n > data.size()) {
            List<XYChart.Data<Number, Number>> more = new ArrayList<>(n - keep);
            for (int i = keep; i < n; i++) {
                more.add(new XYChart.Data<>(xs[i], ys[i]));
            }
            series.getData().addAll(more);
        } else if (n < data.size()) {
            series.getData().remove(n, data.size());
        }
        // LineChart redraws a series' line from its points only when there is at least one: an emptied series
        // keeps its last line drawn (seen after a scenario switch), so the line is taken away here.
        if (n == 0 && series.getNode() instanceof Path line) {
            line.getElements().clear();
        }
    }
}
