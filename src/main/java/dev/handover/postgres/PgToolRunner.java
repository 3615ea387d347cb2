package dev.handover.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of PostgreSQL's tools (or {@code kill}) for a node on this host, as the OS user that owns its data
 * directory when asked ({@code runuser} when Handover runs as root), bounded in time, its output kept to say
 * what went wrong. Apart from {@link PgCtl} because how a process is run is not what it is run for.
 */
final class PgToolRunner {
    private final String nodeId;
    private final LocalControl local;

    PgToolRunner(String nodeId, LocalControl local) {
        this.nodeId = nodeId;
        this.local = local;
    }

    String run(Duration timeout, Map<String, String> env, boolean asOwner, String... command) throws IOException {
        return run(timeout, env, asOwner, true, command);
    }

    String run(Duration timeout, Map<String, String> env, boolean asOwner, boolean failOnExit, String... command)
            throws IOException {
        List<String> argv = new ArrayList<>();
        String me = System.getProperty("user.name");
        Optional<String> as = local.osUser().filter(u -> asOwner && !u.equals(me));
        if (as.isPresent()) {
            if (!PgCtl.isRoot()) {
                throw new IOException("cannot run " + Path.of(command[0]).getFileName() + " for " + nodeId + " as OS user "
                        + as.get() + ": Handover runs as " + me + ", not root");
            }
            argv.addAll(List.of("runuser", "-u", as.get(), "--"));
        }
        argv.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("handover-pgctl", ".out");
        try {
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            boolean done;
            try {
                done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException("interrupted while running " + Path.of(command[0]).getFileName(), e);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (!done) {
                p.destroyForcibly();
                throw new IOException(Path.of(command[0]).getFileName() + " " + command[1] + " for " + nodeId
                        + " did not finish within " + timeout.toSeconds() + "s: " + tail(text));
            }
            if (failOnExit && p.exitValue() != 0) {
                throw new IOException(Path.of(command[0]).getFileName() + " for " + nodeId + " failed (exit "
                        + p.exitValue() + "): " + tail(text));
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() <= 600 ? t : "..." + t.substring(t.length() - 600);
    }
}
