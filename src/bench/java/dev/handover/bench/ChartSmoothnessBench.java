package dev.handover.bench;

import dev.handover.sim.RealTimeClock;
import dev.handover.sim.Scenarios;
import dev.handover.sim.SimCluster;
import dev.handover.ui.ConsoleContext;
import dev.handover.ui.ConsoleWindow;
import dev.handover.ui.chart.CatchUpChart;
import dev.handover.ui.chart.CatchUpSeries;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Console smoothness: the whole console (default simulated cluster, refreshing) on screen, its live
 * catch-up chart preloaded with N samples of a ten-minute catch-up at 100 samples a second, and live
 * samples arriving at 100 a second on the FX thread the way the relay delivers them. Per run: 2 s to
 * settle, then 10 s of pulses recorded by JavaFX's own JFR pulse events.
 *
 * <p>Knobs (system properties): {@code bench.sizes} (1000,10000,60000), {@code bench.runs} (5),
 * {@code bench.chartOnly} (the chart alone in a 900×420 window instead of the console).
 */
final class ChartSmoothnessBench {
    private static final int[] SIZES = Arrays.stream(System.getProperty("bench.sizes", "1000,10000,60000").split(","))
            .mapToInt(Integer::parseInt).toArray();
    private static final int RUNS = Integer.getInteger("bench.runs", 5);
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration MEASURE = Duration.ofSeconds(10);
    private static final double SAMPLES_PER_SECOND = 100;
    private static final long START_LSN = 0x1_6000_0000L;
    private static final long LSN_PER_SAMPLE = 4_000; // a 10-minute catch-up of ~240 MB

    private ChartSmoothnessBench() {
    }

    static void run() throws Exception {
        PulseRecorder pulses = new PulseRecorder(); // before the toolkit starts
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get();
        Platform.setImplicitExit(false);
        SimCluster sim = SimCluster.start(Scenarios.builtIn("healthy"), 1, new RealTimeClock(1.0));
        boolean chartOnly = Boolean.getBoolean("bench.chartOnly");
        ConsoleWindow window = chartOnly ? null : onFx(() -> {
            ConsoleWindow w = new ConsoleWindow(ConsoleContext.of(sim, dev.handover.app.Installed.backends()));
            w.showOn(new Stage());
            return w;
        });
        CatchUpChart chart = onFx(() -> {
            if (window != null) {
                return window.runView().chart();
            }
            CatchUpChart c = new CatchUpChart();
            Stage s = new Stage();
            s.setScene(new Scene(c, 900, 420));
            s.show();
            return c;
        });
        System.out.println("== Console smoothness: " + (chartOnly ? "the catch-up chart alone (900x420)"
                : "the console (1280x800) on the default simulated cluster") + ", its live chart preloaded with N points,"
                + " 100 live samples/s");
        System.out.println("   glass " + System.getProperty("glass.platform", "default") + ", prism "
                + System.getProperty("prism.order", "default") + "; per run " + SETTLE.toSeconds() + " s settle + "
                + MEASURE.toSeconds() + " s measured, after one unreported warm-up run; each figure is the median over "
                + RUNS + " runs");
        System.out.printf(Locale.ROOT, "%7s %5s %6s | %8s %8s %8s | %8s %8s %8s | %8s %8s %8s | %6s %6s %7s%n",
                "points", "load", "pulses", "gap p50", "gap p99", "gap max", "fx p50", "fx p99", "fx max",
                "cpu p50", "cpu p99", "cpu max", "on scr", "cols", "pts/col");
        once(chart, pulses, 60_000, -1); // warm-up, not reported: the first run of a JVM pays for JIT and class loading
        for (int size : SIZES) {
            double load = loadAverage();
            double[][] figures = new double[RUNS][];
            for (int r = 0; r < RUNS; r++) {
                figures[r] = once(chart, pulses, size, r);
            }
            double[] m = new double[figures[0].length];
            for (int k = 0; k < m.length; k++) {
                double[] column = new double[RUNS];
                for (int r = 0; r < RUNS; r++) {
                    column[r] = figures[r][k];
                }
                m[k] = Stats.of(column).median();
            }
            System.out.printf(Locale.ROOT,
                    "%7d %5.1f %6.0f | %8.2f %8.2f %8.2f | %8.2f %8.2f %8.2f | %8.2f %8.2f %8.2f | %6.0f %6.0f %7.2f%n",
                    size, load, m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11], m[10] / m[11]);
        }
        System.out.println("   (ms; gap = between pulse starts; fx = FX-thread wall time in the pulse, from JavaFX's JFR"
                + " pulse phases; cpu = FX-thread CPU per frame; load = 1-min load average before the runs;"
                + " on scr = points in the chart's series, cols = plot width in pixels)");
        if (window != null) {
            onFx(() -> {
                window.close();
                return null;
            });
        }
        sim.close();
        Platform.exit();
    }

    /** One run: pulses, gap p50/p99/max, fx p50/p99/max, cpu p50/p99/max (ms), points on screen, plot columns. */
    private static double[] once(CatchUpChart chart, PulseRecorder pulses, int size, int seed) throws Exception {
        CatchUpSeries series = new CatchUpSeries();
        SplittableRandom random = new SplittableRandom(seed);
        AtomicInteger next = new AtomicInteger();
        long[] lsn = {START_LSN}; // FX thread only
        onFx(() -> {
            series.setDeadline(Duration.ofMinutes(11));
            series.setFrontier(START_LSN + LSN_PER_SAMPLE * 60_000);
            for (int i = 0; i < size; i++) {
                series.add(i / SAMPLES_PER_SECOND, lsn[0] += step(random));
            }
            next.set(size);
            chart.setModel(series);
            return null;
        });
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-live-samples");
            t.setDaemon(true);
            return t;
        });
        if (!Boolean.getBoolean("bench.noLiveSamples")) { // the knob shows what the pulses cost without any redraw
            feeder.scheduleAtFixedRate(() -> Platform.runLater(() -> {
                int i = next.getAndIncrement();
                series.add(i / SAMPLES_PER_SECOND, lsn[0] += step(random));
            }), 0, (long) (1000 / SAMPLES_PER_SECOND), TimeUnit.MILLISECONDS);
        }
        FxCpuPerFrame cpu = new FxCpuPerFrame();
        try {
            Thread.sleep(SETTLE.toMillis());
            onFx(() -> {
                cpu.start();
                return null;
            });
            pulses.start();
            Thread.sleep(MEASURE.toMillis());
            List<PulseRecorder.Pulse> seen = pulses.stop();
            long[] cpuPerFrame = onFx(cpu::finish);
            double[] screen = onFx(() -> {
                Node plot = chart.lookup(".chart-plot-background");
                return new double[]{chart.pointsOnScreen(), plot == null ? Double.NaN : Math.round(plot.getLayoutBounds().getWidth())};
            });
            long[] gaps = new long[Math.max(0, seen.size() - 1)];
            long[] fx = new long[seen.size()];
            for (int i = 0; i < seen.size(); i++) {
                fx[i] = seen.get(i).fxNanos();
                if (i > 0) {
                    gaps[i - 1] = Duration.between(seen.get(i - 1).start(), seen.get(i).start()).toNanos();
                }
            }
            Stats g = Stats.of(gaps);
            Stats f = Stats.of(fx);
            Stats c = Stats.of(cpuPerFrame);
            return new double[]{seen.size(),
                    g.median() / 1e6, g.percentile(99) / 1e6, g.max() / 1e6,
                    f.median() / 1e6, f.percentile(99) / 1e6, f.max() / 1e6,
                    c.median() / 1e6, c.percentile(99) / 1e6, c.max() / 1e6,
                    screen[0], screen[1]};
        } finally {
            feeder.shutdownNow();
        }
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** A durable frontier never goes back; it gains an uneven amount per sample, sometimes nothing. */
    private static long step(SplittableRandom random) {
        return random.nextInt(0, (int) (2 * LSN_PER_SAMPLE));
    }

    private interface FxCall<T> {
        T call() throws Exception;
    }

    private static <T> T onFx(FxCall<T> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }
}
