package dev.handover.ui.fx;

import dev.handover.cluster.Positions;
import dev.handover.postgres.PgPositions;
import dev.handover.ui.chart.CatchUpChart;
import dev.handover.ui.chart.CatchUpSeries;
import dev.handover.ui.chart.MinMaxDecimator;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chart on a real stage: bounded points at 60,000 samples, updated in place, axes fixed. */
@ExtendWith(ApplicationExtension.class)
class CatchUpChartTest {
    private CatchUpChart chart;
    private final CatchUpSeries series = new CatchUpSeries();

    @Start
    void start(Stage stage) {
        chart = new CatchUpChart();
        chart.setModel(series);
        stage.setScene(new Scene(chart, 900, 420));
        stage.show();
    }

    @SuppressWarnings("unchecked")
    private XYChart.Series<Number, Number> targetLine(FxRobot robot) {
        LineChart<Number, Number> line = (LineChart<Number, Number>) robot.lookup(".chart").queryAs(LineChart.class);
        return line.getData().get(0);
    }

    @Test
    void tenMinutesAtAHundredSamplesASecondStayBoundedOnScreen(FxRobot robot) {
        robot.interact(() -> {
            series.setDeadline(Duration.ofMinutes(11));
            series.setFrontier(1_000_000 + 60_000 * 10L);
            for (int i = 0; i < 60_000; i++) {
                series.add(i / 100.0, 1_000_000 + i * 10L + (i % 7));
            }
            chart.redrawIfChanged();
        });
        WaitForAsyncUtils.waitForFxEvents();

        int width = (int) Math.round(robot.lookup(".chart").query().getLayoutBounds().getWidth());
        int onScreen = chart.pointsOnScreen();
        assertTrue(onScreen > 100, "the line is drawn: " + onScreen);
        assertTrue(onScreen <= MinMaxDecimator.capacity(width), onScreen + " points for a chart " + width + " px wide");
    }

    @Test
    void aNewSampleUpdatesTheSeriesInPlace(FxRobot robot) {
        robot.interact(() -> {
            series.setDeadline(Duration.ofSeconds(60));
            series.setFrontier(50_000);
            for (int i = 0; i < 20_000; i++) {
                series.add(i / 1000.0, 10_000 + i);
            }
            chart.redrawIfChanged();
        });
        List<XYChart.Data<Number, Number>> before = List.copyOf(targetLine(robot).getData());
        assertFalse(before.isEmpty());

        robot.interact(() -> {
            series.add(20.0, 30_001);
            chart.redrawIfChanged();
        });

        List<XYChart.Data<Number, Number>> after = targetLine(robot).getData();
        assertSame(before.get(0), after.get(0), "existing points are reused, not replaced");
        assertSame(before.get(before.size() / 2), after.get(before.size() / 2));
        assertEquals(30_001.0, after.get(after.size() - 1).getYValue().doubleValue());
    }

    @Test
    void onPostgresTheLsnAxisNamesTheFrontierAndCountsBytesBelowIt(FxRobot robot) {
        long frontier = 0x4009D88L;
        robot.interact(() -> {
            series.setPositions(PgPositions.INSTANCE);
            series.setDeadline(Duration.ofSeconds(30));
            series.setFrontier(frontier);
            series.add(0, frontier - 4_108_463);
            series.add(1, frontier - 2_000_000);
            chart.redrawIfChanged();
        });
        WaitForAsyncUtils.waitForFxEvents();
        NumberAxis y = lsnAxis(robot);
        List<String> labels = labels(y);
        assertTrue(labels.contains("0/4009D88"), "the frontier's tick reads as PostgreSQL writes it: " + labels);
        assertTrue(labels.containsAll(List.of("\u22121 MB", "\u22122 MB", "\u22123 MB", "\u22124 MB")), labels.toString());
        assertEquals("to go", y.getLabel());

        // Back on a simulator the ticks are grouped counters again.
        robot.interact(() -> {
            series.clear();
            series.setPositions(Positions.PLAIN);
            series.setDeadline(Duration.ofSeconds(30));
            series.setFrontier(2_000_000);
            series.add(0, 1_000_000);
            chart.redrawIfChanged();
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<String> plain = labels(lsnAxis(robot));
        assertTrue(plain.contains("2,000,000"), plain.toString());
        assertEquals("LSN", lsnAxis(robot).getLabel());
    }

    /** The tick labels as drawn: the axis's formatter on the ticks it placed. */
    private static List<String> labels(NumberAxis axis) {
        return axis.getTickMarks().stream().map(t -> axis.getTickLabelFormatter().toString(t.getValue())).toList();
    }

    private static NumberAxis lsnAxis(FxRobot robot) {
        return (NumberAxis) robot.lookup(".axis").queryAll().stream()
                .filter(n -> !((NumberAxis) n).getLabel().startsWith("elapsed")).findFirst().orElseThrow();
    }

    @Test
    void axesAreFixedRangesTheChartSets(FxRobot robot) {
        robot.interact(() -> {
            series.setDeadline(Duration.ofSeconds(30));
            series.setFrontier(2_000);
            series.add(0, 1_000);
            chart.redrawIfChanged();
        });
        for (Node axis : robot.lookup(".axis").queryAll()) {
            NumberAxis a = (NumberAxis) axis;
            assertFalse(a.isAutoRanging());
            assertFalse(a.getAnimated());
        }
        NumberAxis x = (NumberAxis) robot.lookup(".axis").queryAll().stream()
                .filter(n -> ((NumberAxis) n).getLabel().startsWith("elapsed")).findFirst().orElseThrow();
        assertTrue(x.getUpperBound() >= 30, "the deadline is in view: " + x.getUpperBound());
    }
}
