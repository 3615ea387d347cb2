package dev.handover.postgres.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs PostgreSQL tools for the harness as a non-root OS user: initdb and postgres refuse to run as
 * root, and CI runs as root. As root it creates the user ({@value #DEFAULT_USER}) when missing and
 * uses {@code runuser}; as anyone else it runs the tools directly.
 */
public final class Shell {
    public static final String DEFAULT_USER = "handover-pg";

    private final String osUser;

    private Shell(String osUser) {
        this.osUser = osUser;
    }

    public static Shell forThisHost() throws IOException {
        if (!isRoot()) {
            return new Shell(System.getProperty("user.name"));
        }
        String user = System.getenv().getOrDefault("HANDOVER_PG_OS_USER", DEFAULT_USER);
        if (!userExists(user)) {
            exec(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user), true);
        }
        return new Shell(user);
    }

    public String osUser() {
        return osUser;
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs {@code command} as the OS user; returns its output; throws with the output on a non-zero exit. */
    public String run(String... command) throws IOException {
        List<String> argv = new ArrayList<>();
        if (isRoot()) {
            argv.addAll(List.of("runuser", "-u", osUser, "--"));
        }
        argv.addAll(List.of(command));
        return exec(argv, true);
    }

    /** The same, ignoring failure (teardown). */
    public void runQuietly(String... command) {
        try {
            run(command);
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Makes a directory the OS user owns. */
    public void own(Path dir) throws IOException {
        if (isRoot()) {
            exec(List.of("chown", "-R", osUser, dir.toString()), true);
        }
    }

    private static boolean userExists(String user) throws IOException {
        try {
            exec(List.of("id", "-u", user), true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String exec(List<String> argv, boolean check) throws IOException {
        Path out = Files.createTempFile("handover-harness", ".out");
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv) + " did not finish in 300s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (check && p.exitValue() != 0) {
                throw new IOException(String.join(" ", argv) + " failed (exit " + p.exitValue() + "): " + text.strip());
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", argv), e);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
