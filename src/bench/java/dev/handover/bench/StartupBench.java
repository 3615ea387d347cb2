package dev.handover.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Start-up and footprint: launch the console ({@link StartupProbe} around the real launcher) as a new
 * process on the shaded jar, on the default simulated cluster; time process spawn → first rendered
 * frame (and JVM start → first frame, as the JVM reports its own start, and JVM start → the window
 * shown, i.e. before its first layout and paint); then let it run a minute and read its resident set
 * size from /proc. Args: the class path for the child.
 */
final class StartupBench {
    private static final int RUNS = Integer.getInteger("bench.startupRuns", 5);
    private static final Duration SETTLE = Duration.ofSeconds(Long.getLong("bench.rssAfterSeconds", 60));
    /** Extra JVM options for the child, space separated (none: the JVM's defaults). */
    private static final List<String> JVM_OPTIONS = List.of(System.getProperty("bench.startupJvmOptions", "").split(" ")).stream()
            .filter(o -> !o.isBlank()).toList();

    private StartupBench() {
    }

    static void run(String childClassPath) throws Exception {
        System.out.println("== Start-up and footprint: console on the default simulated cluster, class path "
                + childClassPath + ", DISPLAY=" + System.getenv("DISPLAY") + ", JVM options: "
                + (JVM_OPTIONS.isEmpty() ? "(defaults)" : String.join(" ", JVM_OPTIONS)));
        System.out.printf(Locale.ROOT, "%4s %16s %14s %14s %12s %12s%n", "run", "spawn->frame ms", "jvm->frame ms",
                "jvm->shown ms", SETTLE.isZero() ? "RSS" : "RSS@" + SETTLE.toSeconds() + "s MB", "pipeline");
        double[] spawn = new double[RUNS];
        double[] jvm = new double[RUNS];
        double[] shown = new double[RUNS];
        double[] rss = new double[RUNS];
        for (int r = 0; r < RUNS; r++) {
            String[] fig = once(childClassPath);
            spawn[r] = Double.parseDouble(fig[0]);
            jvm[r] = Double.parseDouble(fig[1]);
            shown[r] = Double.parseDouble(fig[4]);
            rss[r] = Double.parseDouble(fig[2]);
            System.out.printf(Locale.ROOT, "%4d %16.0f %14.0f %14.0f %12s %12s%n", r + 1, spawn[r], jvm[r], shown[r],
                    mb(rss[r]), fig[3]);
        }
        System.out.printf(Locale.ROOT, "median %14.0f %14.0f %14.0f %12s   (targets: first frame < 2000 ms, RSS < 300 MB)%n",
                Stats.of(spawn).median(), Stats.of(jvm).median(), Stats.of(shown).median(), mb(Stats.of(rss).median()));
    }

    private static String mb(double v) {
        return Double.isNaN(v) ? "not taken" : String.format(Locale.ROOT, "%.1f", v);
    }

    /** One launch: {spawn → frame ms, JVM start → frame ms, RSS MB, pipeline}. */
    private static String[] once(String cp) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", cp, StartupProbe.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        long spawnedAt = System.currentTimeMillis();
        Process p = pb.start();
        CompletableFuture<String> frame = new CompletableFuture<>();
        List<String> output = new ArrayList<>();
        Thread drain = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith(StartupProbe.FIRST_FRAME)) {
                        frame.complete(line);
                    } else if (output.size() < 50) {
                        output.add(line);
                    }
                }
            } catch (Exception ignored) {
                // the child was stopped
            }
            frame.completeExceptionally(new IllegalStateException("the console exited without a frame: " + output));
        }, "startup-probe-output");
        drain.setDaemon(true);
        drain.start();
        try {
            String line = frame.get(60, TimeUnit.SECONDS);
            long frameAt = Long.parseLong(field(line, "epoch-ms="));
            String sinceJvm = field(line, "since-jvm-start-ms=");
            String pipeline = field(line, "pipeline=");
            double rssMb = Double.NaN;
            if (!SETTLE.isZero()) {
                long wait = spawnedAt + SETTLE.toMillis() - System.currentTimeMillis();
                if (wait > 0 && p.waitFor(wait, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("the console exited early: " + output);
                }
                rssMb = rssKb(p.pid()) / 1024.0;
            }
            return new String[]{Long.toString(frameAt - spawnedAt), sinceJvm, Double.toString(rssMb), pipeline,
                    field(line, "shown-ms=")};
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static String field(String line, String key) {
        int at = line.indexOf(key) + key.length();
        int end = line.indexOf(' ', at);
        return end < 0 ? line.substring(at) : line.substring(at, end);
    }

    private static long rssKb(long pid) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }
}
