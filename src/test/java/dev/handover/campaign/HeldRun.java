package dev.handover.campaign;

import dev.handover.cluster.FaultPoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code handover run} in a JVM of its own, as an operator starts it, either halted at a step as {@code kill -9}
 * would halt it ({@link FaultPoint#PROPERTY}) or held there ({@link FaultPoint#HOLD_PROPERTY}) until the campaign
 * has injected its fault and says go.
 */
final class HeldRun {
    static final int HALTED = 137;

    private final Process process;
    private final Path dir;
    private final Path output;

    private HeldRun(Process process, Path dir, Path output) {
        this.process = process;
        this.dir = dir;
        this.output = output;
    }

    /** Starts the run; {@code halt} true: it dies at {@code point}, else it waits there for {@link #go()}. */
    static HeldRun start(Path dir, String point, boolean halt, Map<String, String> env, List<String> args) throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("held"));
        Files.deleteIfExists(dir.resolve("go"));
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        if (halt) {
            argv.add("-D" + FaultPoint.PROPERTY + "=" + point);
        } else {
            argv.add("-D" + FaultPoint.HOLD_PROPERTY + "=" + point);
            argv.add("-D" + FaultPoint.HOLD_DIR_PROPERTY + "=" + dir);
        }
        argv.add("dev.handover.Main");
        argv.addAll(args);
        Path out = dir.resolve("run.out");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(env);
        return new HeldRun(pb.start(), dir, out);
    }

    /**
     * Waits until the run holds at its step; false when it ended first (it never reached the step: the
     * table says what it did instead). Fails after {@code timeout} with its output.
     */
    boolean awaitHeld(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(dir.resolve("held"))) {
            if (!process.isAlive()) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the run did not reach its step within " + timeout.toSeconds() + " s: " + output());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return true;
    }

    void go() throws IOException {
        Files.writeString(dir.resolve("go"), "go\n");
    }

    /** Waits for the run to end; its exit code. Fails with its output when it outlives {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("the run did not end within " + timeout.toSeconds() + " s: " + output());
        }
        return process.exitValue();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Nothing the run started outlives the cell (its freeze keeper ends itself once the run's pipe closes). */
    void killLeftovers() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
