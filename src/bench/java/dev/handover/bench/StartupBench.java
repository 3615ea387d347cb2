package dev.handover.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Start-up and footprint: launch the console ({@link StartupProbe} around the real launcher) as a new
 * process from the shaded jar, on the default simulated cluster, and time process spawn → first
 * rendered frame (also JVM start → first frame, as the JVM reports its own start, and JVM start →
 * window shown, i.e. before the first layout and paint), and spawn → the first frame of the whole console that
 * replaces the start screen. Runs one at a time. Then resident memory:
 * that many consoles launched together, left running a minute, RSS read from /proc.
 *
 * <p>{@code bench.startupVariants}: {@code name=JVM options;name=JVM options...} (default: the JVM's
 * defaults only), each measured the same way.
 *
 * <p>A variant named {@code packaged...} is instead the path of a jpackage launcher ({@code packaging/build.sh}'s
 * app image, its AppCDS archive and JVM options in its .cfg). The probe cannot be put on its class path, so
 * its first frame is timed as spawn → exit with {@code -Dhandover.exitAfterFirstFrame=0} (passed in
 * {@code JAVA_TOOL_OPTIONS}): the console exits from the first pulse's post-layout listener, i.e. just
 * before that frame's paint, plus the cost of exiting; loaded likewise with {@code -Dhandover.exitAfterLoaded=0}. Its RSS is read like the others', without that option.
 */
final class StartupBench {
    private static final int RUNS = Integer.getInteger("bench.startupRuns", 5);
    private static final Duration RSS_AFTER = Duration.ofSeconds(Long.getLong("bench.rssAfterSeconds", 60));

    private StartupBench() {
    }

    static void run(String childClassPath) throws Exception {
        Map<String, List<String>> variants = new LinkedHashMap<>();
        for (String v : System.getProperty("bench.startupVariants", "defaults=").split(";")) {
            int eq = v.indexOf('=');
            variants.put(v.substring(0, eq).trim(),
                    List.of(v.substring(eq + 1).trim().split(" +")).stream().filter(o -> !o.isBlank()).toList());
        }
        System.out.println("== Start-up and footprint: the console on the default simulated cluster (sim:healthy, real"
                + " time), class path " + childClassPath + ", DISPLAY=" + System.getenv("DISPLAY"));
        System.out.println("   first frame: " + RUNS + " launches one at a time; RSS: " + RUNS + " launched together, read "
                + RSS_AFTER.toSeconds() + " s after launch; medians");
        System.out.printf(Locale.ROOT, "%-22s %16s %14s %14s %17s %12s %12s%n", "variant", "spawn->frame ms", "jvm->frame ms",
                "jvm->shown ms", "spawn->loaded ms", "RSS MB", "pipeline");
        for (Map.Entry<String, List<String>> v : variants.entrySet()) {
            double[] spawn = new double[RUNS];
            double[] jvm = new double[RUNS];
            double[] shown = new double[RUNS];
            double[] loaded = new double[RUNS];
            String pipeline = "?";
            boolean packaged = v.getKey().startsWith("packaged");
            for (int r = 0; r < RUNS; r++) {
                if (packaged) {
                    spawn[r] = Launch.spawnToExitMs(v.getValue(), "-Dhandover.exitAfterFirstFrame=0");
                    loaded[r] = Launch.spawnToExitMs(v.getValue(), "-Dhandover.exitAfterLoaded=0");
                    jvm[r] = Double.NaN;
                    shown[r] = Double.NaN;
                    pipeline = "(launcher)";
                    continue;
                }
                Launch l = Launch.start(childClassPath, v.getValue());
                try {
                    Frame f = l.firstFrame();
                    spawn[r] = f.spawnToFrameMs;
                    jvm[r] = f.jvmToFrameMs;
                    shown[r] = f.jvmToShownMs;
                    loaded[r] = l.loadedMs();
                    pipeline = f.pipeline;
                } finally {
                    l.stop();
                }
            }
            double[] rss = rssAfter(childClassPath, v.getValue());
            System.out.printf(Locale.ROOT, "%-22s %16.0f %14.0f %14.0f %17.0f %12.1f %12s%n", v.getKey(),
                    Stats.of(spawn).median(), Stats.of(jvm).median(), Stats.of(shown).median(), Stats.of(loaded).median(),
                    Stats.of(rss).median(), pipeline);
            System.out.printf(Locale.ROOT, "%-22s spawn->frame %s; spawn->loaded %s; RSS %s%n", "  (each run)",
                    list(spawn, "%.0f"), list(loaded, "%.0f"), list(rss, "%.0f"));
            System.out.println((packaged ? "  launcher (spawn->frame/loaded = spawn->exit at the start screen's/the console's first pulse): "
                    : "  JVM options: ")
                    + (v.getValue().isEmpty() ? "(the JVM's defaults)" : String.join(" ", v.getValue())));
        }
        System.out.println("   targets: first frame <= 1000 ms, RSS <= 250 MB (load average now: "
                + Files.readString(Path.of("/proc/loadavg")).trim() + ")");
    }

    private static double[] rssAfter(String cp, List<String> options) throws Exception {
        List<Launch> all = new ArrayList<>();
        try {
            long startedAt = System.currentTimeMillis();
            for (int r = 0; r < RUNS; r++) {
                all.add(Launch.start(cp, options));
            }
            for (Launch l : all) {
                if (!l.packaged) {
                    l.firstFrame();
                }
            }
            long wait = startedAt + RSS_AFTER.toMillis() - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            double[] mb = new double[all.size()];
            for (int i = 0; i < all.size(); i++) {
                mb[i] = all.get(i).rssKb() / 1024.0;
            }
            return mb;
        } finally {
            for (Launch l : all) {
                l.stop();
            }
        }
    }

    private static String list(double[] v, String format) {
        List<String> out = new ArrayList<>();
        for (double d : v) {
            out.add(String.format(Locale.ROOT, format, d));
        }
        return String.join(" ", out);
    }

    private record Frame(double spawnToFrameMs, double jvmToFrameMs, double jvmToShownMs, String pipeline) {
    }

    /** One console process and what it printed. */
    private static final class Launch {
        private final Process process;
        private final long spawnedAt;
        private final CompletableFuture<String> frame = new CompletableFuture<>();
        private final CompletableFuture<String> loaded = new CompletableFuture<>();
        private final List<String> output = new ArrayList<>();
        private final boolean packaged;

        private Launch(Process process, long spawnedAt, boolean packaged) {
            this.process = process;
            this.spawnedAt = spawnedAt;
            this.packaged = packaged;
        }

        /** Options: JVM options for the probe on the shaded jar, or {@code [launcher path]} for a packaged app. */
        static Launch start(String cp, List<String> options) throws Exception {
            boolean packaged = options.size() == 1 && !options.get(0).startsWith("-");
            List<String> command = new ArrayList<>();
            if (packaged) {
                command.add(options.get(0));
            } else {
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(options);
                command.addAll(List.of("-cp", cp, StartupProbe.class.getName()));
            }
            long spawnedAt = System.currentTimeMillis();
            Launch l = new Launch(new ProcessBuilder(command).redirectErrorStream(true).start(), spawnedAt, packaged);
            Thread drain = new Thread(l::drain, "startup-probe-output");
            drain.setDaemon(true);
            drain.start();
            return l;
        }

        private void drain() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith(StartupProbe.FIRST_FRAME)) {
                        frame.complete(line);
                    } else if (line.startsWith(StartupProbe.LOADED)) {
                        loaded.complete(line);
                    } else if (output.size() < 50) {
                        output.add(line);
                    }
                }
            } catch (Exception ignored) {
                // the console was stopped
            }
            frame.completeExceptionally(new IllegalStateException("the console exited without a frame: " + output));
            loaded.completeExceptionally(new IllegalStateException("the console exited before it was loaded: " + output));
        }

        /** A packaged launcher told to exit at its first pulse: spawn → exit, in ms. */
        static double spawnToExitMs(List<String> launcher, String exitOption) throws Exception {
            ProcessBuilder pb = new ProcessBuilder(launcher.get(0)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("JAVA_TOOL_OPTIONS", exitOption);
            long spawnedAt = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(launcher.get(0) + " did not exit at its first frame within 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(launcher.get(0) + " exited with " + p.exitValue());
            }
            return (System.nanoTime() - spawnedAt) / 1e6;
        }

        Frame firstFrame() throws Exception {
            String line = frame.get(120, TimeUnit.SECONDS);
            return new Frame(Long.parseLong(field(line, "epoch-ms=")) - spawnedAt,
                    Double.parseDouble(field(line, "since-jvm-start-ms=")), Double.parseDouble(field(line, "shown-ms=")),
                    field(line, "pipeline="));
        }

        /** Spawn → the first frame of the whole console (after the start screen's), in ms. */
        double loadedMs() throws Exception {
            return Long.parseLong(field(loaded.get(120, TimeUnit.SECONDS), "epoch-ms=")) - spawnedAt;
        }

        long rssKb() throws Exception {
            if (!process.isAlive()) {
                throw new IllegalStateException("the console exited early: " + output);
            }
            for (String l : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException("no VmRSS for process " + process.pid());
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        private static String field(String line, String key) {
            int at = line.indexOf(key) + key.length();
            int end = line.indexOf(' ', at);
            return end < 0 ? line.substring(at) : line.substring(at, end);
        }
    }
}
