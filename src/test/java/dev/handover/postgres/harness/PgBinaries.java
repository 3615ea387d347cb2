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
 * {@code /usr/lib/postgresql/<version>/bin} (Debian/Ubuntu), else {@code initdb} on the PATH.
 */
public final class PgBinaries {
    private PgBinaries() {
    }

    public static Path bin() {
        String env = System.getenv("HANDOVER_PG_BIN");
        if (env != null && !env.isBlank()) {
            Path dir = Path.of(env);
            if (Files.isExecutable(dir.resolve("initdb"))) {
                return dir;
            }
            throw new IllegalStateException("HANDOVER_PG_BIN=" + env + " has no executable initdb");
        }
        return debian().or(PgBinaries::onPath).orElseThrow(() -> new IllegalStateException(
                "PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup, pg_rewind) not found: run .ci/postgres-deps "
                        + "or set HANDOVER_PG_BIN to their directory"));
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
