package dev.handover.postgres.harness;

import dev.handover.cluster.ClusterSnapshot;
import dev.handover.cluster.FaultPoint;
import dev.handover.cluster.NodeStatus;
import dev.handover.core.FailoverCoordinator;
import dev.handover.core.FailoverMode;
import dev.handover.core.FailoverRequest;
import dev.handover.core.ForwardingTransport;
import dev.handover.core.TransportException;
import dev.handover.postgres.PgCluster;
import dev.handover.postgres.PgClusterDefinition;
import dev.handover.postgres.PgConnector;
import dev.handover.core.FailoverTransport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.time.Duration;

/**
 * A coordinated switchover in a process of its own that dies part-way, as {@code kill -9} would:
 * right after the freeze (here), or at a commit fault point ({@code -Dhandover.faultPoint=after-old-primary-stopped}
 * or {@code after-promotion}). Args: definition file, target id, and {@code after-freeze} or nothing.
 * The password comes from the environment the definition names.
 */
public final class CrashingRun {
    private CrashingRun() {
    }

    public static void main(String[] args) throws Exception {
        PgClusterDefinition def = PgClusterDefinition.load(Path.of(args[0]));
        String targetId = args[1];
        boolean dieAfterFreeze = args.length > 2 && args[2].equals("after-freeze");
        try (PgCluster pg = new PgCluster(def, new PgConnector(Duration.ofSeconds(3)))) {
            ClusterSnapshot s = pg.status();
            NodeStatus primary = s.primary().orElseThrow();
            NodeStatus target = s.node(targetId).orElseThrow();
            FailoverRequest req = new FailoverRequest(primary.node(), target.node(), primary.role().term(), target.durableLsn(),
                    new FailoverMode.Coordinated(Duration.ofSeconds(10)));
            // With PgBouncers in the definition, the run's own transport, which pauses them around the freeze.
            FailoverTransport tx = def.bouncers().isEmpty() ? pg.uncheckedTransport(targetId, Duration.ofMillis(20))
                    : pg.transportFor(req, Duration.ofMillis(20));
            FailoverCoordinator.run(req, new ForwardingTransport(tx) {
                @Override
                public long freezePrimary() throws TransportException {
                    long frontier = super.freezePrimary();
                    if (dieAfterFreeze) {
                        Runtime.getRuntime().halt(137);
                    }
                    return frontier;
                }
            });
        }
        System.exit(0); // reached only when no fault point was hit
    }

    /**
     * Runs this class in a JVM of its own against {@code definitionFile} toward {@code target} and returns its
     * exit code, which must be 137 (it died where it was told to); {@code faultPoint} is the commit's fault
     * point ({@link FaultPoint#PROPERTY}), or null.
     */
    public static int runAndDie(LoopbackCluster cluster, Path definitionFile, String target, List<String> extraArgs,
                                String faultPoint) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        if (faultPoint != null) {
            argv.add("-D" + FaultPoint.PROPERTY + "=" + faultPoint);
        }
        argv.addAll(List.of(CrashingRun.class.getName(), definitionFile.toString(), target));
        argv.addAll(extraArgs);
        return untilHalted(cluster, argv, "the crashing run");
    }

    /**
     * The headless command, {@code handover <args>}, in a JVM of its own with the cluster's environment (its
     * password), halted at {@code faultPoint} as {@code kill -9} would halt it; fails with its output if it ends
     * any other way.
     */
    public static void handoverUntil(LoopbackCluster cluster, String faultPoint, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-D" + FaultPoint.PROPERTY + "=" + faultPoint, "dev.handover.Main"));
        argv.addAll(List.of(args));
        untilHalted(cluster, argv, "handover (to halt at " + faultPoint + ")");
    }

    /** Runs {@code argv} with the cluster's environment; returns 137, or fails with its output if it ends another way. */
    private static int untilHalted(LoopbackCluster cluster, List<String> argv, String what) throws Exception {
        File out = Files.createTempFile("crashing-run", ".out").toFile();
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out);
        pb.environment().putAll(cluster.environment());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(what + " did not end: " + Files.readString(out.toPath()));
        }
        int code = p.exitValue();
        if (code != 137) {
            throw new AssertionError(what + ": exit " + code + ": " + Files.readString(out.toPath()));
        }
        Files.delete(out.toPath());
        return code;
    }
}
