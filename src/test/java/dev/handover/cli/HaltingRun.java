package dev.handover.cli;

import dev.handover.cluster.FaultPoint;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The headless command in a JVM of its own, halted at a named {@link FaultPoint} as {@code kill -9} would halt
 * it: what a run that dies mid-commit leaves behind, for recovery tests of any backend.
 */
public final class HaltingRun {
    /** The exit status of a JVM halted at a fault point. */
    public static final int HALTED = 137;

    private HaltingRun() {
    }

    /** Runs {@code handover <args>} until it halts at {@code faultPoint}; fails with its output if it ends any other way. */
    public static void until(String faultPoint, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-D" + FaultPoint.PROPERTY + "=" + faultPoint, "dev.handover.Main"));
        argv.addAll(List.of(args));
        File out = Files.createTempFile("halting-run", ".out").toFile();
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the run did not end: " + Files.readString(out.toPath()));
            }
            if (p.exitValue() != HALTED) {
                throw new AssertionError("exit " + p.exitValue() + " instead of halting at " + faultPoint + ": "
                        + Files.readString(out.toPath()));
            }
        } finally {
            Files.deleteIfExists(out.toPath());
        }
    }
}
