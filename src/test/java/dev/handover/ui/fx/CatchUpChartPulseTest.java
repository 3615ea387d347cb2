package dev.handover.ui.fx;

import dev.handover.testing.Await;
import dev.handover.ui.chart.CatchUpChart;
import dev.handover.ui.chart.CatchUpSeries;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The chart's own redraw, on the pulse: a sample that moves the line by less than half a pixel costs
 * no relayout (the series stay as they are), a visible one is drawn, and an explicit redraw is exact.
 */
@ExtendWith(ApplicationExtension.class)
class CatchUpChartPulseTest {
    private final CatchUpSeries series = new CatchUpSeries();
    private final AtomicInteger frames = new AtomicInteger();
    private final AnimationTimer counter = new AnimationTimer() {
        @Override
        public void handle(long now) {
            frames.incrementAndGet();
        }
    };
    private CatchUpChart chart;

    @Start
    void start(Stage stage) {
        chart = new CatchUpChart();
        chart.setModel(series);
        stage.setScene(new Scene(chart, 900, 420));
        stage.show();
        counter.start();
    }

    @AfterEach
    void stopCounting() {
        counter.stop();
    }

    @SuppressWarnings("unchecked")
    private List<XYChart.Data<Number, Number>> targetLine(FxRobot robot) {
        LineChart<Number, Number> line = (LineChart<Number, Number>) robot.lookup(".chart").queryAs(LineChart.class);
        return line.getData().get(0).getData();
    }

    private double lastY(FxRobot robot) {
        List<XYChart.Data<Number, Number>> data = targetLine(robot);
        return data.get(data.size() - 1).getYValue().doubleValue();
    }

    private void waitFrames(int n) throws Exception {
        int until = frames.get() + n;
        Await.until("frame " + until + " (frames drawn)", Duration.ofSeconds(5), frames::get, f -> f >= until);
    }

    @Test
    void pulsesDrawVisibleChangesOnlyAndAnExplicitRedrawIsExact(FxRobot robot) throws Exception {
        robot.interact(() -> {
            series.setDeadline(Duration.ofSeconds(60));
            series.setFrontier(50_000);
            for (int i = 0; i < 20_000; i++) {
                series.add(i / 1000.0, 10_000 + i);
            }
            chart.redrawIfChanged();
        });
        waitFrames(3);
        XYChart.Data<Number, Number> lastBefore = targetLine(robot).get(targetLine(robot).size() - 1);
        assertEquals(29_999.0, lastY(robot));

        // One LSN and one millisecond more: a hundredth of a pixel. The pulses leave the line alone.
        robot.interact(() -> series.add(20.0, 30_000));
        waitFrames(5);
        assertEquals(29_999.0, lastY(robot));
        assertSame(lastBefore, targetLine(robot).get(targetLine(robot).size() - 1));

        // Ten thousand LSN more is tens of pixels: the next pulse draws it.
        robot.interact(() -> series.add(20.5, 40_000));
        Await.until("the line's last point at 40,000 (its last y)", Duration.ofSeconds(5),
                () -> WaitForAsyncUtils.asyncFx(() -> lastY(robot)).get(), y -> y == 40_000.0);

        // A caller who redraws explicitly gets the exact values, sub-pixel or not.
        robot.interact(() -> {
            series.add(20.501, 40_001);
            chart.redrawIfChanged();
        });
        assertEquals(40_001.0, lastY(robot));
    }
}
