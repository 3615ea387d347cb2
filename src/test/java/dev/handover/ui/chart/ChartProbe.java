package dev.handover.ui.chart;

import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A rough smoothness probe for the catch-up chart (not a test): preloads N samples of a ten-minute
 * catch-up, keeps 100 live samples a second arriving, and prints FX pulse gaps and the FX-thread
 * time from the start of each pulse's animation phase to the end of its layout.
 * Run under a display, e.g. {@code xvfb-run java ... dev.handover.ui.chart.ChartProbe 60000}.
 */
public final class ChartProbe extends Application {
    private static final int MEASURE_PULSES = 300;

    @Override
    public void start(Stage stage) {
        int preload = Integer.parseInt(getParameters().getRaw().isEmpty() ? "60000" : getParameters().getRaw().get(0));
        CatchUpChart chart = new CatchUpChart();
        CatchUpSeries series = new CatchUpSeries();
        series.setDeadline(java.time.Duration.ofMinutes(11));
        series.setFrontier(10_000_000L + 100L * (preload + 10_000));
        for (int i = 0; i < preload; i++) {
            series.add(i / 100.0, 10_000_000L + 100L * i + (i % 13) * 40);
        }
        chart.setModel(series);
        Scene scene = new Scene(chart, 900, 420);
        stage.setScene(scene);
        stage.show();

        List<Long> gaps = new ArrayList<>();
        List<Long> work = new ArrayList<>();
        long[] pulseStart = {0, 0};
        int[] next = {preload};
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "probe-feeder");
            t.setDaemon(true);
            return t;
        });
        feeder.scheduleAtFixedRate(() -> Platform.runLater(() -> {
            int i = next[0]++;
            series.add(i / 100.0, 10_000_000L + 100L * i);
        }), 0, 10, TimeUnit.MILLISECONDS);
        scene.addPostLayoutPulseListener(() -> {
            if (pulseStart[0] != 0) {
                work.add(System.nanoTime() - pulseStart[0]);
            }
        });
        new AnimationTimer() {
            private int warmup = 60;

            @Override
            public void handle(long now) {
                if (warmup-- > 0) {
                    return;
                }
                long t = System.nanoTime();
                if (pulseStart[1] != 0) {
                    gaps.add(t - pulseStart[1]);
                }
                pulseStart[0] = t;
                pulseStart[1] = t;
                if (gaps.size() >= MEASURE_PULSES) {
                    stop();
                    feeder.shutdownNow();
                    System.out.printf("points=%d onScreen=%d gap p50=%.1fms p99=%.1fms max=%.1fms | fx work p50=%.2fms p99=%.2fms%n",
                            series.size(), chart.pointsOnScreen(), ms(gaps, 50), ms(gaps, 99), ms(gaps, 100),
                            ms(work, 50), ms(work, 99));
                    Platform.exit();
                }
            }
        }.start();
    }

    private static double ms(List<Long> values, int percentile) {
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int at = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, at)] / 1e6;
    }

    public static void main(String[] args) {
        launch(args);
    }
}
