package dev.handover.postgres.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the PostgreSQL server binaries: {@code HANDOVER_PG_BIN} if set, else the newest
 * {@code /usr/lib/postgresql/<version>/bin} (Debian/Ubuntu), else {@code initdb} on the PATH, else
 * installs them with {@code .ci/postgres-deps} once, so that {@code mvn verify} alone sets up a fresh
 * machine as the README promises.
 */
public final class PgBinaries {
    private PgBinaries() {
    }

    private static final Path INSTALLER = Path.of(".ci", "postgres-deps");

    public static synchronized Path bin() {
        String env = System.getenv("HANDOVER_PG_BIN");
        if (env != null && !env.isBlank()) {
            Path dir = Path.of(env);
            if (Files.isExecutable(dir.resolve("initdb"))) {
                return dir;
            }
            throw new IllegalStateException("HANDOVER_PG_BIN=" + env + " has no executable initdb");
        }
        return found().or(PgBinaries::install).orElseThrow(() -> new IllegalStateException(
                "PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup, pg_rewind) not found, and "
                        + INSTALLER + " could not install them (see its output above): install PostgreSQL 15+ "
                        + "server packages or set HANDOVER_PG_BIN to their directory"));
    }

    private static Optional<Path> found() {
        return debian().or(PgBinaries::onPath);
    }

    /** Runs the project's installer (OS packages; idempotent), then looks again. */
    private static Optional<Path> install() {
        if (!Files.isRegularFile(INSTALLER)) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder("bash", INSTALLER.toString()).inheritIO().start();
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? found() : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<Path> debian() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_rewind")))
                    .max(Comparator.comparingDouble(PgBinaries::version));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static double version(Path bin) {
        try {
            return Double.parseDouble(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<Path> onPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : List.of(path.split(":"))) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb"))) {
                return Optional.of(Path.of(dir));
            }
        }
        return Optional.empty();
    }
}
