package dev.handover.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own checker, {@code promtool check metrics}: it parses the text exposition with Prometheus's
 * parser and lints it (names, units, counters' {@code _total}, histogram series). Found on the PATH or in
 * {@code /usr/bin}; where missing, the project's installer ({@code .ci/prometheus-deps}, OS packages,
 * idempotent) is run once (its output printed), so that {@code mvn verify} alone sets up a fresh machine. Never skipped: without
 * promtool the tests fail, saying why.
 */
public final class Promtool {
    private static final Path INSTALLER = Path.of(".ci", "prometheus-deps");
    private static Path found;

    /** What {@code promtool check metrics} said: its exit code and everything it printed. */
    public record Check(int code, String output) {
    }

    private Promtool() {
    }

    static synchronized Path path() {
        if (found == null) {
            found = locate().or(Promtool::install).orElseThrow(() -> new IllegalStateException(
                    "promtool not found, and " + INSTALLER + " could not install it (see its output above): install "
                            + "the prometheus package (Debian), which ships /usr/bin/promtool"));
        }
        return found;
    }

    /** Feeds {@code exposition} to {@code promtool check metrics} on its standard input, as a pipe would. */
    public static Check checkMetrics(String exposition) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(path().toString(), "check", "metrics").redirectErrorStream(true).start();
        CompletableFuture<byte[]> said = drain(p);
        try (OutputStream in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("promtool check metrics did not end within 60s");
        }
        return new Check(p.exitValue(), new String(said.join(), StandardCharsets.UTF_8));
    }

    /** Everything the process prints, read on another thread so that a full pipe never stalls it. */
    private static CompletableFuture<byte[]> drain(Process p) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static Optional<Path> locate() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : (path + ":/usr/bin:/usr/local/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "promtool"))) {
                return Optional.of(Path.of(dir, "promtool"));
            }
        }
        return Optional.empty();
    }

    /** Runs the project's installer, then looks again. */
    private static Optional<Path> install() {
        if (!Files.isRegularFile(INSTALLER)) {
            return Optional.empty();
        }
        try {
            // Its output is read and printed through System.err, not inherited: a forked test JVM's own stdout
            // is Surefire's channel, and bytes written to it directly corrupt it.
            Process p = new ProcessBuilder(List.of("bash", INSTALLER.toString())).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            CompletableFuture<byte[]> said = drain(p);
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            System.err.print(new String(said.join(), StandardCharsets.UTF_8));
            return p.exitValue() == 0 ? locate() : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
