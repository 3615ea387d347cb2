package dev.handover.ui.chart;

import javafx.animation.AnimationTimer;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.util.StringConverter;

import java.text.NumberFormat;
import java.util.Locale;

/**
 * The live catch-up chart: elapsed seconds against LSN, with the frozen frontier as a flat line,
 * the target's durable LSN rising to it, and the deadline as a vertical marker.
 *
 * <p>Built to stay smooth on a ten-minute catch-up: axes are fixed ranges this class sets (no
 * auto-ranging), no animation, no symbols, no sorting; the samples are min/max-decimated to about
 * two points per pixel column and written into the series in place; and the redraw happens at most
 * once per pulse, from an animation timer that checks whether the model moved.
 */
public final class CatchUpChart extends StackPane {
    private static final int X_TICKS = 10;
    private static final int Y_TICKS = 6;

    private final NumberAxis xAxis = new NumberAxis();
    private final NumberAxis yAxis = new NumberAxis();
    private final LineChart<Number, Number> chart = new LineChart<>(xAxis, yAxis);
    private final XYChart.Series<Number, Number> reached = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> frontier = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> deadline = new XYChart.Series<>();
    private final Label placeholder = new Label("Start a switchover to watch the target catch up to the frozen frontier.");
    private final AnimationTimer pulse = new AnimationTimer() {
        @Override
        public void handle(long now) {
            redrawIfChanged();
        }
    };

    private CatchUpSeries model = new CatchUpSeries();
    private long drawnVersion = -1;
    private double drawnWidth = -1;
    private AxisRange xRange = AxisRange.covering(0, 10, X_TICKS);
    private AxisRange yRange = AxisRange.covering(0, 1000, Y_TICKS);
    private double[] outX = new double[0];
    private double[] outY = new double[0];

    public CatchUpChart() {
        getStyleClass().add("catch-up-chart");
        placeholder.getStyleClass().add("chart-placeholder");
        placeholder.setWrapText(true);
        configureAxes();
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setAxisSortingPolicy(LineChart.SortingPolicy.NONE);
        chart.setLegendVisible(true);
        reached.setName("target durable LSN");
        frontier.setName("frozen frontier");
        deadline.setName("deadline");
        chart.getData().add(reached);
        chart.getData().add(frontier);
        chart.getData().add(deadline);
        getChildren().addAll(chart, placeholder);
        // Run the pulse only while shown, so a closed console costs nothing.
        sceneProperty().addListener((obs, was, scene) -> {
            if (scene == null) {
                pulse.stop();
            } else {
                pulse.start();
            }
        });
    }

    /** Draw {@code series} from now on; it is read on the FX thread once per pulse. */
    public void setModel(CatchUpSeries series) {
        this.model = series;
        drawnVersion = -1;
    }

    public CatchUpSeries model() {
        return model;
    }

    /** How many points the target line holds on screen now: bounded by the plot width, not the run length. */
    public int pointsOnScreen() {
        return reached.getData().size();
    }

    /** Redraw now if the model changed since the last pulse; the animation timer calls this every frame. */
    public void redrawIfChanged() {
        double width = xAxis.getWidth();
        if (model.version() == drawnVersion && width == drawnWidth) {
            return;
        }
        drawnVersion = model.version();
        drawnWidth = width;
        redraw(width);
    }

    private void redraw(double width) {
        boolean empty = model.frontier().isEmpty() && model.size() == 0;
        placeholder.setVisible(empty);
        fitAxes();
        int columns = Math.max(50, (int) Math.round(width > 0 ? width : 600));
        int capacity = MinMaxDecimator.capacity(columns);
        if (outX.length < capacity) {
            outX = new double[capacity];
            outY = new double[capacity];
        }
        int n = MinMaxDecimator.decimate(model.seconds(), model.lsn(), model.size(),
                xRange.lower(), xRange.upper(), columns, outX, outY);
        SeriesWriter.write(reached, outX, outY, n);
        if (model.frontier().isPresent()) {
            double f = model.frontier().getAsLong();
            SeriesWriter.write(frontier, new double[] {xRange.lower(), xRange.upper()}, new double[] {f, f}, 2);
        } else {
            SeriesWriter.write(frontier, outX, outY, 0);
        }
        if (!empty) {
            double d = model.deadline().toNanos() / 1e9;
            SeriesWriter.write(deadline, new double[] {d, d}, new double[] {yRange.lower(), yRange.upper()}, 2);
        } else {
            SeriesWriter.write(deadline, outX, outY, 0);
        }
    }

    /** Widen the fixed ranges only when the data leaves them, so axes do not jitter while samples arrive. */
    private void fitAxes() {
        double deadlineSeconds = model.deadline().toNanos() / 1e9;
        double xNeed = Math.max(deadlineSeconds * 1.05, model.lastSeconds());
        if (xNeed > xRange.upper() || xNeed < xRange.upper() / 4) {
            xRange = AxisRange.covering(0, Math.max(1, xNeed * (model.lastSeconds() > deadlineSeconds ? 1.5 : 1)), X_TICKS);
        }
        if (model.frontier().isEmpty() && model.size() == 0) {
            return;   // nothing to fit: keep the ranges as they are
        }
        double hi = model.frontier().isPresent() ? model.frontier().getAsLong() : model.lastLsn();
        double lo = model.size() > 0 ? Math.min(model.firstLsn(), hi) : hi;
        double pad = Math.max(1, (hi - lo) * 0.05);
        if (!yRange.contains(lo - pad, hi + pad) || (yRange.upper() - yRange.lower()) > 4 * (hi - lo + 2 * pad)) {
            yRange = AxisRange.covering(lo - pad, hi + pad, Y_TICKS);
        }
        apply(xAxis, xRange);
        apply(yAxis, yRange);
    }

    private static void apply(NumberAxis axis, AxisRange range) {
        axis.setLowerBound(range.lower());
        axis.setUpperBound(range.upper());
        axis.setTickUnit(range.tick());
    }

    private void configureAxes() {
        xAxis.setLabel("elapsed (s)");
        yAxis.setLabel("LSN");
        for (NumberAxis axis : new NumberAxis[] {xAxis, yAxis}) {
            axis.setAutoRanging(false);
            axis.setAnimated(false);
            axis.setForceZeroInRange(false);
            axis.setMinorTickVisible(false);
        }
        apply(xAxis, xRange);
        apply(yAxis, yRange);
        NumberFormat grouped = NumberFormat.getIntegerInstance(Locale.ROOT);
        grouped.setGroupingUsed(true);
        yAxis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return grouped.format(n.longValue());
            }

            @Override
            public Number fromString(String s) {
                return Long.parseLong(s.replace(",", ""));
            }
        });
    }
}
