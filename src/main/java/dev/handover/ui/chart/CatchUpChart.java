package dev.handover.ui.chart;

import dev.handover.cluster.Positions;
import javafx.animation.AnimationTimer;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.util.StringConverter;

import java.time.Duration;

/**
 * The live catch-up chart: elapsed seconds against LSN, with the frozen frontier as a flat line,
 * the target's durable LSN rising to it, and the deadline as a vertical marker.
 *
 * <p>Built to stay smooth on a ten-minute catch-up: axes are fixed ranges this class sets (no
 * auto-ranging), no animation, no symbols, no sorting; the samples are min/max-decimated to about
 * two points per pixel column (kept up to date as samples arrive, not redone) and written into the
 * series in place; and the redraw happens at most
 * once per pulse, from an animation timer that checks whether the model moved — and, on that timer,
 * only when the move shows: at 100 samples a second most samples shift the line by a fraction of a
 * pixel, and a pulse that would only do that skips the layout, the render-graph copy and the repaint.
 *
 * <p>The LSN axis reads as the cluster writes positions ({@link CatchUpSeries#positions()}): plain
 * counters are labelled as they are; PostgreSQL's {@code X/Y} positions are not a scale a person reads
 * at a glance, so there the top tick is the frozen frontier, labelled with its position, and the ticks
 * below it count the bytes still to go in round steps of one unit ("−2 MB"), which is the gap the
 * target is closing. Labels are made only when the axis range or its anchor changes, never per frame.
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
            redrawIfVisible();
        }
    };

    private CatchUpSeries model = new CatchUpSeries();
    private long drawnVersion = -1;   // the model version the series hold exactly
    private long checkedVersion = -1; // the last version the pulse looked at (it may have left a sub-pixel change)
    private double drawnWidth = -1;
    private AxisRange xRange = AxisRange.covering(0, 10, X_TICKS);
    private AxisRange yRange = AxisRange.covering(0, 1000, Y_TICKS);
    private final ColumnDecimator decimator = new ColumnDecimator();
    private double[] outX = new double[0];
    private double[] outY = new double[0];
    // What the target line holds now (the last decimation written), to tell a visible change from a sub-pixel one.
    private double[] drawnX = new double[0];
    private double[] drawnY = new double[0];
    private int drawnPoints = -1;
    private AxisRange drawnXRange;
    private AxisRange drawnYRange;
    private long drawnFrontier = Long.MIN_VALUE;
    private Duration drawnDeadline;
    // How the LSN axis is labelled now: the positions it was set up for, and the tick the byte offsets count from.
    private Positions labelled = Positions.PLAIN;
    private double anchor = Double.NaN;

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
        checkedVersion = -1;
    }

    public CatchUpSeries model() {
        return model;
    }

    /** How many points the target line holds on screen now: bounded by the plot width, not the run length. */
    public int pointsOnScreen() {
        return reached.getData().size();
    }

    /** Redraw now, exactly, if the model changed since the last redraw. */
    public void redrawIfChanged() {
        redraw(false);
    }

    /** The animation timer's redraw, every frame: like {@link #redrawIfChanged()}, but not for a sub-pixel change. */
    private void redrawIfVisible() {
        redraw(true);
    }

    private void redraw(boolean onlyIfVisible) {
        double width = xAxis.getWidth();
        long version = model.version();
        boolean seen = version == drawnVersion || (onlyIfVisible && version == checkedVersion);
        if (seen && width == drawnWidth) {
            return;
        }
        checkedVersion = version;
        drawnWidth = width;
        redraw(width, onlyIfVisible);
    }

    /** The position noun the legend says now: LSN, or GTID on MariaDB (the axis is labelled with the ticks). */
    private String shownNoun = "LSN";

    private void redraw(double width, boolean onlyIfVisible) {
        String noun = model.positions().noun();
        if (!noun.equals(shownNoun)) {
            shownNoun = noun;
            reached.setName("target durable " + noun);
        }
        boolean empty = model.frontier().isEmpty() && model.size() == 0;
        placeholder.setVisible(empty);
        fitAxes();
        int columns = Math.max(50, (int) Math.round(width > 0 ? width : 600));
        int capacity = MinMaxDecimator.capacity(columns);
        if (outX.length < capacity) {
            outX = new double[capacity];
            outY = new double[capacity];
        }
        int n = decimator.decimate(model, model.generation(), model.seconds(), model.lsn(), model.size(),
                xRange.lower(), xRange.upper(), columns, outX, outY);
        if (onlyIfVisible && !movesOnScreen(n, width)) {
            return;
        }
        drawnVersion = model.version();
        remember(n);
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

    /** Would writing this decimation move anything on screen by half a pixel or more? */
    private boolean movesOnScreen(int n, double width) {
        if (n != drawnPoints || !xRange.equals(drawnXRange) || !yRange.equals(drawnYRange)
                || model.frontier().orElse(-1) != drawnFrontier || !model.deadline().equals(drawnDeadline)
                || width <= 0 || yAxis.getHeight() <= 0) {
            return true;
        }
        double xPx = width / (xRange.upper() - xRange.lower());
        double yPx = yAxis.getHeight() / (yRange.upper() - yRange.lower());
        for (int i = n - 1; i >= 0; i--) { // the newest points move first
            if (Math.abs(outX[i] - drawnX[i]) * xPx >= 0.5 || Math.abs(outY[i] - drawnY[i]) * yPx >= 0.5) {
                return true;
            }
        }
        return false;
    }

    private void remember(int n) {
        if (drawnX.length < outX.length) {
            drawnX = new double[outX.length];
            drawnY = new double[outY.length];
        }
        System.arraycopy(outX, 0, drawnX, 0, n);
        System.arraycopy(outY, 0, drawnY, 0, n);
        drawnPoints = n;
        drawnXRange = xRange;
        drawnYRange = yRange;
        drawnFrontier = model.frontier().orElse(-1);
        drawnDeadline = model.deadline();
    }

    /** Widen the fixed ranges only when the data leaves them, so axes do not jitter while samples arrive. */
    private void fitAxes() {
        double deadlineSeconds = model.deadline().toNanos() / 1e9;
        double xNeed = Math.max(deadlineSeconds * 1.05, model.lastSeconds());
        if (xNeed > xRange.upper() || xNeed < xRange.upper() / 4) {
            xRange = AxisRange.covering(0, Math.max(1, xNeed * (model.lastSeconds() > deadlineSeconds ? 1.5 : 1)), X_TICKS);
        }
        boolean empty = model.frontier().isEmpty() && model.size() == 0;
        // Cleared (another cluster, a new run): no LSN scale of the last run's cluster stays on the axis.
        yAxis.setTickLabelsVisible(!empty);
        if (empty) {
            // Back to the bounds of a chart that never drew: none of the last run's range stays either.
            yRange = AxisRange.covering(0, 1000, Y_TICKS);
            apply(xAxis, xRange);
            apply(yAxis, yRange);
            return;   // nothing to fit: the next reading sets the LSN range
        }
        double hi = model.frontier().isPresent() ? model.frontier().getAsLong() : model.lastLsn();
        double lo = model.size() > 0 ? Math.min(model.firstLsn(), hi) : hi;
        double pad = Math.max(1, (hi - lo) * 0.05);
        Positions positions = model.positions();
        boolean bytes = positions.chartAxis() == Positions.ChartAxis.BYTES_BELOW_FRONTIER;
        // Byte ticks count from the frontier once there is one (else from the first reading, which stays put).
        double from = bytes ? (model.frontier().isPresent() ? hi : lo) : Double.NaN;
        boolean relabel = positions != labelled || (bytes && from != anchor);
        if (relabel || !yRange.contains(lo - pad, hi + pad) || (yRange.upper() - yRange.lower()) > 4 * (hi - lo + 2 * pad)) {
            yRange = bytes ? AxisRange.below(from, lo - pad, hi + pad, Y_TICKS) : AxisRange.covering(lo - pad, hi + pad, Y_TICKS);
        }
        apply(xAxis, xRange);
        apply(yAxis, yRange);
        if (relabel) {
            labelled = positions;
            anchor = from;
            label(positions, bytes, from);
        }
    }

    /**
     * Labels for the LSN axis: positions as the cluster writes them, or (PostgreSQL) the anchor's
     * position on its own tick and whole units of bytes from it on the others. A new formatter makes
     * the axis lay its ticks out again, which happens here only when the labelling changes.
     */
    private void label(Positions positions, boolean bytes, double from) {
        if (!bytes) {
            yAxis.setLabel(positions.noun());
            yAxis.setTickLabelFormatter(new StringConverter<>() {
                @Override
                public String toString(Number n) {
                    return positions.position(n.longValue());
                }

                @Override
                public Number fromString(String s) {
                    throw new UnsupportedOperationException("tick labels are not read back");
                }
            });
            return;
        }
        boolean countsDown = model.frontier().isPresent();
        // Short enough to fit beside the shortest plot (1024×700 after a run, about 100 px): the ticks carry the
        // unit ("−50 bytes") and the frontier's own tick says which LSN the bytes count from.
        yAxis.setLabel(countsDown ? "to go" : "gained");
        yAxis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return byteTick(n.doubleValue(), from, yRange.tick(), positions, countsDown);
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException("tick labels are not read back");
            }
        });
    }

    private static final String[] BYTE_UNITS = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};

    /**
     * {@code 0/4009D88} on the anchor's tick; {@code −2 MB}, {@code +512 kB} on the others, in the step's
     * unit; nothing above a frontier ({@code countsDown}), where no acknowledged write lies.
     */
    static String byteTick(double value, double from, double step, Positions positions, boolean countsDown) {
        double offset = value - from;
        if (Math.abs(offset) < 0.5) {
            return positions.position(Math.round(from));
        }
        if (countsDown && offset > 0) {
            return "";
        }
        double unit = AxisRange.byteUnit(step);
        int power = (int) Math.round(Math.log(unit) / Math.log(1024));
        long units = Math.round(Math.abs(offset) / unit);
        return (offset < 0 ? "\u2212" : "+") + units + " " + BYTE_UNITS[Math.min(power, BYTE_UNITS.length - 1)];
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
        label(Positions.PLAIN, false, Double.NaN);
    }
}
